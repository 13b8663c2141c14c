from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ErasureRequest
from .services import erasure_request_fulfil


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "requested_at", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["person__full_name", "person__email"]
    raw_id_fields = ["person", "decided_by"]
    readonly_fields = ["person", "reason", "requested_at", "status", "decided_by", "decided_at"]
    actions = ["anonymise"]

    @admin.action(description=_("Anonimkan orang yang dipilih (tidak dapat dibatalkan)"))
    def anonymise(self, request, queryset):
        done = 0
        for erasure_request in queryset.select_related("person"):
            try:
                erasure_request_fulfil(erasure_request=erasure_request, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{erasure_request}: {'; '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, ngettext("%(n)d orang dianonimkan.", "%(n)d orang dianonimkan.", done)
                              % {"n": done}, messages.SUCCESS)
