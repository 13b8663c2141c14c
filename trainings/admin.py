from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Attendance,
    Certificate,
    CertificateRun,
    Event,
    Feedback,
    FollowUp,
    IssuedDocument,
    Material,
    Minutes,
    Registration,
    Speaker,
)


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    raw_id_fields = ["user"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "forum", "starts_at", "status"]
    list_filter = ["kind", "status", "forum"]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["competencies", "audience_villages"]
    inlines = [SpeakerInline, MaterialInline]
    raw_id_fields = ["created_by"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "name", "institution", "topic"]
    raw_id_fields = ["event", "user"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "content_type", "uploaded_at"]
    raw_id_fields = ["event", "uploaded_by"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["event", "person", "response", "responded_at", "waitlisted_at"]
    list_filter = ["response"]
    search_fields = ["person__full_name", "event__title"]
    raw_id_fields = ["event", "person"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["event", "person", "village", "status", "arrived_at", "method"]
    list_filter = ["status", "method"]
    search_fields = ["person__full_name", "event__title"]
    raw_id_fields = ["event", "person", "village", "recorded_by"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["event", "revision", "status", "number", "finalised_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "chair", "notulis", "supersedes", "finalised_by"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "minutes", "position"]
    raw_id_fields = ["minutes"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["what", "owner", "due_on", "action_item"]
    raw_id_fields = ["item", "owner", "action_item"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "number", "issued_on", "event", "code"]
    list_filter = ["kind"]
    search_fields = ["number", "code"]
    raw_id_fields = ["event", "minutes", "forum"]
    readonly_fields = ["sha256"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "person", "event", "issued_at"]
    search_fields = ["number", "person__full_name"]
    raw_id_fields = ["event", "person", "village", "document"]


@admin.register(CertificateRun)
class CertificateRunAdmin(admin.ModelAdmin):
    list_display = ["event", "status", "done", "total", "created_at", "finished_at"]
    raw_id_fields = ["event", "requested_by"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["event", "person", "rating", "created_at"]
    raw_id_fields = ["event", "person"]
