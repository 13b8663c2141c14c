from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from fokuss import exports, policy
from fokuss.decorators import forum_required
from fokuss.forms import service_message
from members.selectors import active_user, whatsapp_consented_ids

from . import selectors, services
from .forms import PreferenceForm
from .mail import unsubscribe_user_id

DELIVERIES_PER_PAGE = 50


@login_required
def inbox(request):
    return render(request, "notifications/inbox.html", {"items": selectors.notifications_for(user=request.user)})


@require_POST
@login_required
def mark_read(request):
    raw = request.POST.get("id", "")
    notification = selectors.notification_for(request.actor, raw) if raw else None
    services.notification_mark_read(user=request.user, notification_id=notification.pk if notification else None)
    if request.htmx:
        return render(request, "notifications/_bell.html", {"unread_notifications": selectors.unread_count(user=request.user)})
    return redirect("notifications:inbox")


@login_required
def bell(request):
    """The bell's unread count, refreshed by htmx every minute."""
    return render(request, "notifications/_bell.html", {"unread_notifications": selectors.unread_count(user=request.user)})


@login_required
def preferences(request):
    form = PreferenceForm(request.POST or None, instance=selectors.preference_of(user=request.user),
                          initial={"whatsapp_consent": request.user.pk in whatsapp_consented_ids([request.user.pk])})
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Preferensi notifikasi disimpan."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "has_whatsapp": bool(request.user.whatsapp)})


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a session; the token is the credential
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The List-Unsubscribe address of every e-mail: the signed token names the person. GET asks
    (and leads to the preferences page); POST stops e-mail, from the button or from a mail program's
    one-click unsubscribe."""
    user = active_user(pk=unsubscribe_user_id(token))
    if user is None:
        raise Http404
    done = request.method == "POST"
    if done:
        services.email_unsubscribe(user=user)
    return render(request, "notifications/unsubscribe.html", {"person": user, "done": done})


@forum_required
def deliveries(request):
    forum = request.forum
    policy.require(request.actor, "delivery.view_all", forum)
    status = request.GET.get("status", "")
    export = exports.export_if_asked(
        request, table=lambda: selectors.deliveries_table(selectors.forum_deliveries(forum=forum, status=status)),
        filename="pengiriman-pengingat", forum=forum,
        filter_label=_("Status: %(status)s") % {"status": status or _("Semua")})
    if export:
        return export
    context = {
        "page": Paginator(selectors.forum_deliveries(forum=forum, status=status), DELIVERIES_PER_PAGE).get_page(
            request.GET.get("halaman")),
        "counts": selectors.delivery_counts(forum=forum),
        "status": status,
        "filters": [("", _("Semua")), ("gagal", _("Gagal")), ("dicoba-ulang", _("Dicoba ulang")),
                    ("menunggu", _("Menunggu")), ("terkirim", _("Terkirim"))],
    }
    return render(request, "notifications/deliveries.html", context)


@require_POST
@forum_required
def delivery_resend(request, pk: int):
    delivery = selectors.delivery_for(request.actor, pk)
    service_message(request, lambda: services.delivery_resend(delivery=delivery),
                    success=_("Pengiriman dimasukkan lagi ke antrean."))
    return redirect("notifications:deliveries")
