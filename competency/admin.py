from django.contrib import admin

from .models import Competency, Framework, LevelDescriptor


class LevelDescriptorInline(admin.TabularInline):
    model = LevelDescriptor
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "framework"]
    list_filter = ["framework", "group"]
    inlines = [LevelDescriptorInline]
