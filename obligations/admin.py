from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Deadline, Obligation, Submission, TermEvent


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "forum", "recurrence", "approximate", "active"]
    list_filter = ["forum", "recurrence", "approximate", "active"]
    search_fields = ["code", "name", "legal_basis"]
    list_select_related = ["forum"]


class SubmissionInline(admin.TabularInline):
    model = Submission
    extra = 0
    fields = ["submitted_at", "submitted_by", "reference_number", "file", "status", "verified_by", "reason"]
    raw_id_fields = ["submitted_by", "verified_by"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["obligation", "village", "period", "due_on", "state", "completed_on"]
    list_filter = ["state", "year", "obligation__code", "forum"]
    search_fields = ["village__name", "obligation__name", "period"]
    list_select_related = ["obligation", "village"]
    raw_id_fields = ["village", "obligation", "term_event"]
    readonly_fields = ["state", "completed_on"]  # moved only by the services (derived status)
    date_hierarchy = "due_on"
    inlines = [SubmissionInline]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["deadline", "submitted_by", "submitted_at", "status", "verified_by"]
    list_filter = ["status"]
    list_select_related = ["deadline__obligation", "deadline__village", "submitted_by", "verified_by"]
    raw_id_fields = ["deadline", "submitted_by", "verified_by"]


@admin.register(TermEvent)
class TermEventAdmin(SimpleHistoryAdmin):
    list_display = ["village", "kind", "occurred_on", "recorded_by"]
    list_select_related = ["village", "recorded_by"]
    raw_id_fields = ["village", "recorded_by"]
