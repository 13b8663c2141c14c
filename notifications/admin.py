from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Delivery, Notification, Preference, SweepDay
from .services import delivery_resend


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "channel", "slot", "status", "attempts", "digest", "created_at", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["key", "recipient__full_name", "recipient__email"]
    list_select_related = ["recipient"]
    readonly_fields = ["created_at", "sent_at", "enqueued_at"]
    actions = ["resend_failed"]

    @admin.action(description=_("Kirim ulang pengiriman yang gagal"))
    def resend_failed(self, request, queryset):
        count = 0
        for delivery in queryset.filter(status=Delivery.Status.FAILED):
            try:
                delivery_resend(delivery=delivery)
                count += 1
            except ValidationError:
                pass
        self.message_user(request, _("%(n)d pengiriman dimasukkan lagi ke antrean.") % {"n": count})


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    list_select_related = ["recipient"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "whatsapp", "digest"]
    list_select_related = ["user"]


@admin.register(SweepDay)
class SweepDayAdmin(admin.ModelAdmin):
    list_display = ["day", "finished_at"]
    readonly_fields = ["day", "finished_at"]
