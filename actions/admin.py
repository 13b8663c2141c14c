from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "due_on", "done_at", "source_label", "forum"]
    list_filter = ["forum"]
    list_select_related = ["owner", "forum"]
