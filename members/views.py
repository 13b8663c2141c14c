from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.utils import is_mfa_enabled as has_mfa
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import exports, ical, policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors
from fokuss.page_cache import page_cached
from fokuss.panels import rendered_panels

from . import selectors, services
from .forms import InviteForm, ProfileForm, ReplaceSecretaryForm, SetPasswordForm
from .models import Invitation


@forum_required
@page_cached(per="minute")
def dashboard(request):
    forum = request.forum
    actor = request.actor
    context = {
        "forum": forum,
        "my_tenure": selectors.tenure_of_user(user=request.user, forum=forum)
        if policy.can(actor, "forum.serve", forum) else None,
        "summary": selectors.forum_summary_cached(forum=forum) if policy.can(actor, "forum.oversee", forum) else None,
        "panels": rendered_panels(request=request),
    }
    return render(request, "members/dashboard.html", context)


def _facilitated_filter(request, forum) -> set[int] | None:
    """``?dampingan=1``: only the villages assigned to the pendamping today (from the actor: no
    query). Anything else, or the filter asked for by someone with no village assigned here, shows
    every village with a message."""
    raw = request.GET.get("dampingan", "")
    if raw in ("", "0"):
        return None
    if raw == "1" and policy.can(request.actor, "village.facilitated", forum):
        return {v for v, f in request.actor.facilitated_villages.items() if f == forum.pk}
    messages.warning(request, _("Filter \"Desa dampingan saya\" hanya untuk pendamping desa yang bertugas di forum "
                                "ini: ditampilkan semua desa."))
    return None


@forum_required
@page_cached()
def directory(request):
    forum = request.forum
    search = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL in text
    mine = _facilitated_filter(request, forum)
    rows = selectors.directory_rows(forum=forum, search=search, village_ids=mine)
    labels = [_("Desa dampingan saya")] if mine is not None else []
    labels += [_("Pencarian: %(q)s") % {"q": search}] if search else []
    export = exports.export_if_asked(
        request, table=lambda: selectors.directory_table(rows, actor=request.actor, forum_id=forum.pk), filename="direktori-anggota", forum=forum,
        filter_label=" · ".join(str(label) for label in labels) or _("Semua desa"))
    if export:
        return export
    context = {
        "forum": forum,
        "rows": rows,
        "board": selectors.board_current(forum=forum),
        "search": search,
        "mine": mine is not None,
    }
    return render(request, "members/directory.html", context)


@forum_required
def village_replace_secretary(request, code: str):
    village = selectors.village_for(request.actor, code, "village.manage")
    form = ReplaceSecretaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.secretary_replace(
                village=village, forum=village.district.forum, replaced_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if isinstance(result, Invitation):
                # The same answer for a new email and for an account of another forum.
                messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": result.invited_email})
            else:
                messages.success(
                    request, _("%(name)s sekarang tercatat sebagai sekretaris %(village)s.")
                    % {"name": result.user, "village": village}
                )
            # back to the village page one level up (/desa/<code>/), which the reports layer serves
            return redirect("../")
    current = selectors.village_tenures(village=village)
    return render(request, "members/replace_secretary.html", {"village": village, "form": form,
                                                               "current": next((t for t in current if t.is_open), None)})


@forum_required
def invite(request):
    forum = request.forum
    policy.require(request.actor, "member.invite", forum)
    form = InviteForm(request.POST or None, villages=selectors.vacant_villages(forum=forum))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        village, status, started_on = data.pop("village"), data.pop("status"), data.pop("started_on")
        try:
            if village:
                invitation = services.secretary_invite(forum=forum, invited_by=request.user, village=village,
                                                       status=status or "definitif", started_on=started_on, **data)
            else:
                invitation = services.user_invite(forum=forum, invited_by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The same answer whether or not the email has an account (in another forum).
            messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": invitation.invited_email})
            return redirect("members:invite")
    return render(request, "members/invite.html",
                  {"form": form, "invitations": selectors.forum_invitations(forum=forum)})


def invitation_accept(request, token: str):
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "members/invitation_invalid.html", status=404)
    if invitation.kind == Invitation.Kind.TRANSFER:
        return _transfer_accept(request, invitation)
    form = SetPasswordForm(request.POST or None)
    problem = None
    if invitation.accepted_at:
        problem = _("Undangan ini sudah dipakai. Silakan masuk dengan email dan kata sandi Anda.")
    elif not invitation.is_usable:
        problem = _("Undangan ini sudah kedaluwarsa. Mintalah undangan baru kepada pengurus forum.")
    elif not invitation.user.is_active:
        problem = services.INACTIVE_ACCOUNT_MESSAGE
    if problem:
        return render(request, "members/invitation_invalid.html", {"problem": problem}, status=410)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if has_mfa(user):
                # A second factor already set up (e.g. by an admin): sign in through the one door.
                messages.success(request, _("Kata sandi disimpan. Silakan masuk dengan email, kata sandi dan kode "
                                            "aplikasi autentikator Anda."))
                return redirect("account_login")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # The password was just entered: setting up the second factor need not ask it again.
            record_authentication(request, user, method="password", reauthenticated=True)
            messages.success(request, _("Selamat datang, %(name)s.") % {"name": user.full_name})
            return redirect("members:dashboard")
    return render(request, "members/invitation_accept.html", {"invitation": invitation, "form": form})


def _transfer_accept(request, invitation):
    """"Terima undangan pindah forum": the person, signed in to their own account, accepts."""
    if not request.user.is_authenticated:
        messages.info(request, _("Masuk dengan akun Anda untuk menerima undangan ini."))
        return redirect_to_login(request.get_full_path())
    problem = None
    if request.user.pk != invitation.user_id:
        problem = _("Undangan ini untuk akun lain. Keluar, lalu masuk dengan akun yang menerima email undangan.")
    elif invitation.accepted_at:
        problem = _("Undangan ini sudah diterima.")
    elif not invitation.is_usable:
        problem = _("Undangan ini sudah kedaluwarsa. Mintalah undangan baru kepada pengurus forum.")
    if problem:
        return render(request, "members/invitation_invalid.html", {"problem": problem}, status=410)
    error = None
    if request.method == "POST":
        try:
            services.invitation_transfer_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            request.session["forum_id"] = invitation.forum_id
            messages.success(request, _("Anda sekarang bergabung di %(forum)s.") % {"forum": invitation.forum.short_name})
            return redirect("members:dashboard")
    return render(request, "members/transfer_accept.html", {"invitation": invitation, "error": error},
                  status=400 if error else 200)


@login_required
def profile(request):
    user = request.user
    initial = {f: getattr(user, f) for f in ("full_name", "whatsapp", "language", "nip")}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Profil disimpan."))
            return redirect("members:profile")
    return render(request, "members/profile.html", {"form": form, "tenure": selectors.tenure_of_user(user=user)})


@require_POST
@login_required
def switch_forum(request):
    allowed = policy.forum_ids(request.actor)
    forum_id = request.POST.get("forum")
    if forum_id and forum_id.isdigit() and (allowed is None or int(forum_id) in allowed):
        request.session["forum_id"] = int(forum_id)
    return redirect("members:dashboard")


def calendar_response(*, token: str, salt: str = ical.SALT, sources: tuple[str, ...] | None = None,
                      name: str = "Kalender FOKUSS", filename: str = "kalender-fokuss.ics") -> HttpResponse:
    """The one iCalendar feed (fokuss.ical): every app's entries for the token's owner, or only
    those of ``sources`` for the older per-app feed addresses, whose tokens used their own salt."""
    user = selectors.active_user(pk=ical.user_id_for(token, salt=salt))
    if user is None:
        raise Http404
    now = timezone.now()
    today = timezone.localdate()
    actor = selectors.actor_for(user, today=today)
    body = ical.feed(name=name, entries=ical.collect(actor=actor, today=today, now=now, sources=sources),
                         now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request, token: str):
    """Deadlines and events in one subscription; the signed token stands in for a login because
    calendar apps cannot sign in."""
    return calendar_response(token=token)

