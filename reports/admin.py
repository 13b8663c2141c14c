from django.contrib import admin

from .models import CapacityReport, KabupatenReport


@admin.register(CapacityReport)
class CapacityReportAdmin(admin.ModelAdmin):
    list_display = ("forum", "period_key", "status", "number", "issued_at")
    list_filter = ("status", "forum")
    readonly_fields = ("number", "issued_by", "issued_at", "document")


@admin.register(KabupatenReport)
class KabupatenReportAdmin(admin.ModelAdmin):
    list_display = ("year", "requested_by", "status", "progress", "requested_at", "finished_at")
    list_filter = ("status", "year")
    readonly_fields = ("requested_by", "forum", "scope", "file", "sha256", "requested_at", "finished_at")
