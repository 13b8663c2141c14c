from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, AssessmentRound, Competency, Framework, LevelDescriptor, SelfAssessmentDraft


class LevelDescriptorInline(admin.TabularInline):
    model = LevelDescriptor
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "forum", "published_at"]
    list_filter = [("forum", admin.EmptyFieldListFilter), "forum"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "framework"]
    list_filter = ["framework", "group"]
    inlines = [LevelDescriptorInline]


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(admin.ModelAdmin):
    list_display = ["competency", "level"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "forum", "starts_on", "ends_on", "framework"]
    list_filter = ["forum"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "competency", "level", "method", "status", "assessed_on", "round"]
    list_filter = ["forum", "round", "method", "status"]
    raw_id_fields = ["person", "assessor", "validated_by", "village", "competency"]


@admin.register(SelfAssessmentDraft)
class SelfAssessmentDraftAdmin(admin.ModelAdmin):
    list_display = ["person", "round", "updated_at"]
    list_filter = ["forum", "round"]
    raw_id_fields = ["person"]
