from django.contrib import admin

from .models import CapacityReport, ReportFile


@admin.register(CapacityReport)
class CapacityReportAdmin(admin.ModelAdmin):
    list_display = ("forum", "period_key", "status", "number", "issued_at")
    list_filter = ("status", "forum")
    readonly_fields = ("number", "issued_by", "issued_at", "document")


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ("kind", "key", "requested_by", "status", "progress", "requested_at", "finished_at")
    list_filter = ("kind", "status")
    readonly_fields = ("requested_by", "forum", "scope", "file", "sha256", "requested_at", "finished_at")
