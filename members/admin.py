from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccessLog,
    BoardPosition,
    District,
    FacilitatorAssignment,
    Forum,
    Invitation,
    KabupatenStaff,
    KecamatanStaff,
    Province,
    Regency,
    SecretaryTenure,
    User,
    Village,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    search_fields = ["code", "name"]
    list_select_related = ["regency"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district"]
    search_fields = ["code", "name"]
    list_filter = ["district"]
    list_select_related = ["district"]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "district", "founded_on"]
    list_select_related = ["district"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "whatsapp", "language", "is_active", "is_staff"]
    search_fields = ["email", "full_name", "whatsapp"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Data diri"), {"fields": ("full_name", "whatsapp", "language", "nip")}),
        (_("Hak akses"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(SecretaryTenure)
class SecretaryTenureAdmin(SimpleHistoryAdmin):
    list_display = ["village", "user", "status", "started_on", "ended_on", "end_reason"]
    list_filter = ["status", "village__district"]
    search_fields = ["user__full_name", "village__name", "decree_number"]
    list_select_related = ["village", "user"]
    autocomplete_fields = ["user", "village"]


@admin.register(BoardPosition)
class BoardPositionAdmin(SimpleHistoryAdmin):
    list_display = ["forum", "position", "field", "user", "period_start", "period_end"]
    list_filter = ["forum", "position"]
    list_select_related = ["forum", "user"]
    autocomplete_fields = ["user"]


@admin.register(KecamatanStaff)
class KecamatanStaffAdmin(SimpleHistoryAdmin):
    list_display = ["district", "position", "user", "started_on", "ended_on"]
    list_select_related = ["district", "user"]
    autocomplete_fields = ["user"]


@admin.register(KabupatenStaff)
class KabupatenStaffAdmin(SimpleHistoryAdmin):
    list_display = ["regency", "position", "user", "started_on", "ended_on"]
    list_select_related = ["regency", "user"]
    autocomplete_fields = ["user"]
    list_filter = ["regency"]


@admin.register(FacilitatorAssignment)
class FacilitatorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "village", "role", "started_on", "ended_on"]
    list_select_related = ["village", "user"]
    autocomplete_fields = ["user", "village"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "forum", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "forum", "invited_by"]
    readonly_fields = ["token"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "user", "path", "ip", "detail"]
    list_filter = ["action"]
    search_fields = ["user__email", "path", "detail"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
