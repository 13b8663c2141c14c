from django.contrib import admin

from .models import CapacityReport


@admin.register(CapacityReport)
class CapacityReportAdmin(admin.ModelAdmin):
    list_display = ("forum", "period_key", "status", "number", "issued_at")
    list_filter = ("status", "forum")
    readonly_fields = ("number", "issued_by", "issued_at", "document")
