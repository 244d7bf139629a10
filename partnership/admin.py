from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLogEntry, LocalAuthority, Partnership, RoleAssignment, SecurityEvent, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ()
    inlines = [RoleInline]


class LocalAuthorityInline(admin.TabularInline):
    model = LocalAuthority
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [LocalAuthorityInline]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "kind", "email", "ip_address", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["email", "path", "detail"]
    date_hierarchy = "occurred_at"

    # The log is append-only: nobody edits or deletes it, in the admin or anywhere else.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "action", "record_type", "record_id", "user_email", "school", "ip_address"]
    list_filter = ["action", "record_type"]
    search_fields = ["user_email", "user_name", "record_id", "description", "reason"]
    date_hierarchy = "occurred_at"
    list_select_related = ["school"]

    # Append-only (ASVS 16.4.2): the admin may read the log, never add to it, change it or delete it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
