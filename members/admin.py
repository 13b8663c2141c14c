from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccessLog,
    AuditAction,
    AuditEntry,
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
from .services import log_action


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows are evidence: nobody adds, edits or deletes them here, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedPostAdmin(SimpleHistoryAdmin):
    """Posts (roles) are changed only here: every save and delete writes an audit entry in the
    admin's transaction. ``audit_actions`` = (added, changed, removed)."""

    audit_actions: tuple[AuditAction, AuditAction, AuditAction]

    def audit_target(self, obj):
        """(the record the entry is about, its forum id)."""
        return obj, obj.forum_id

    def audit_data(self, obj) -> dict:
        return {"post": obj.pk, "person": str(obj.user), "label": str(obj)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        target, forum_id = self.audit_target(obj)
        data = self.audit_data(obj)
        if change:
            data["fields"] = sorted(form.changed_data)
        log_action(actor=request.user, action=self.audit_actions[1 if change else 0], obj=target,
                   forum_id=forum_id, data=data)

    def delete_model(self, request, obj):
        target, forum_id = self.audit_target(obj)
        log_action(actor=request.user, action=self.audit_actions[2], obj=target, forum_id=forum_id,
                   data=self.audit_data(obj))  # before the delete: the row still has its id
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)



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
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
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
class SecretaryTenureAdmin(AuditedPostAdmin):
    audit_actions = (AuditAction.TENURE_OPENED, AuditAction.TENURE_CHANGED, AuditAction.TENURE_DELETED)

    def audit_target(self, obj):
        return obj.village, obj.village.forum_id  # as members.services records tenures

    list_display = ["village", "user", "status", "started_on", "ended_on", "end_reason"]
    list_filter = ["status", "village__district"]
    search_fields = ["user__full_name", "village__name", "decree_number"]
    list_select_related = ["village", "user"]
    autocomplete_fields = ["user", "village"]


@admin.register(BoardPosition)
class BoardPositionAdmin(AuditedPostAdmin):
    audit_actions = (AuditAction.BOARD_POSITION_ADDED, AuditAction.BOARD_POSITION_CHANGED,
                     AuditAction.BOARD_POSITION_REMOVED)

    list_display = ["forum", "position", "field", "user", "period_start", "period_end"]
    list_filter = ["forum", "position"]
    list_select_related = ["forum", "user"]
    autocomplete_fields = ["user"]


@admin.register(KecamatanStaff)
class KecamatanStaffAdmin(AuditedPostAdmin):
    audit_actions = (AuditAction.KECAMATAN_STAFF_ADDED, AuditAction.KECAMATAN_STAFF_CHANGED,
                     AuditAction.KECAMATAN_STAFF_REMOVED)

    def audit_target(self, obj):
        forum = Forum.objects.filter(district_id=obj.district_id).first()
        return obj, forum.pk if forum else None

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
class FacilitatorAssignmentAdmin(AuditedPostAdmin):
    audit_actions = (AuditAction.FACILITATOR_ASSIGNED, AuditAction.FACILITATOR_CHANGED,
                     AuditAction.FACILITATOR_REMOVED)

    def audit_target(self, obj):
        return obj.village, obj.village.forum_id  # shown on the village page

    list_display = ["user", "village", "role", "started_on", "ended_on"]
    list_select_related = ["village", "user"]
    autocomplete_fields = ["user", "village"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "forum", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "forum", "invited_by"]
    readonly_fields = ["token"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "user", "path", "ip", "detail"]
    list_filter = ["action"]
    search_fields = ["user__email", "path", "detail"]
    list_select_related = ["user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor_label", "object_repr", "forum"]
    list_filter = ["action", "forum"]
    search_fields = ["object_repr", "actor_name", "actor__email", "forum__short_name"]
    list_select_related = ["actor", "forum__district"]
    date_hierarchy = "created_at"
