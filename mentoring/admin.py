from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MentoringPlan, MentoringSession, StageChange, SuggestionDecision


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0


@admin.register(MentoringPlan)
class MentoringPlanAdmin(SimpleHistoryAdmin):
    list_display = ["mentee", "mentor", "competency", "stage", "status", "started_on", "closed_on"]
    list_filter = ["forum", "status", "stage"]
    raw_id_fields = ["mentee", "mentor", "competency", "village", "final_assessment"]
    inlines = [StageChangeInline]


@admin.register(MentoringSession)
class MentoringSessionAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "topic", "mode", "duration_minutes"]
    list_filter = ["forum", "mode"]
    filter_horizontal = ["plans"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["plan", "from_stage", "to_stage", "changed_by", "changed_at"]


@admin.register(SuggestionDecision)
class SuggestionDecisionAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "competency_code", "decided_at"]
