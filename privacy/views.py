from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss.forms import add_service_errors
from members.services import user_set_whatsapp_visibility

from . import selectors, services
from .forms import ErasureRequestForm, WhatsappVisibilityForm

CONTENT_TYPES = {"json": "application/json", "zip": "application/zip"}


def _page(request, *, visibility_form=None, erasure_form=None, status=200):
    context = {
        "page": selectors.my_data_page(person=request.user),
        "visibility_form": visibility_form or WhatsappVisibilityForm(
            initial={"whatsapp_visibility": request.user.whatsapp_visibility}),
        "erasure_form": erasure_form or ErasureRequestForm(),
    }
    return render(request, "privacy/my_data.html", context, status=status)


@login_required
def my_data(request):
    return _page(request)


@login_required
def export(request, fmt: str):
    data = services.personal_data_export(person=request.user, fmt=fmt, request=request)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = selectors.export_filename(person=request.user, ext=fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def whatsapp_visibility(request):
    form = WhatsappVisibilityForm(request.POST)
    if form.is_valid():
        user_set_whatsapp_visibility(user=request.user, visibility=form.cleaned_data["whatsapp_visibility"])
        messages.success(request, _("Pilihan tampilan nomor WhatsApp disimpan."))
        return redirect("privacy:my_data")
    return _page(request, visibility_form=form, status=400)


@require_POST
@login_required
def erasure_request(request):
    form = ErasureRequestForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_request_create(person=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Permintaan penghapusan data dikirim ke admin situs."))
            return redirect("privacy:my_data")
    return _page(request, erasure_form=form, status=400)


def notice(request):
    return render(request, "privacy/notice.html")
