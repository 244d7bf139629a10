from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccessLogEntry,
    LocalAuthority,
    OutboundEmail,
    Partnership,
    RoleAssignment,
    SecurityEvent,
    User,
)
from .outbox import outbound_send_again


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


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox. An email in doubt (its worker stopped while sending) or refused by the mail server
    is sent again only when a person has checked it did not arrive, with the action below."""

    list_display = ["created_at", "subject", "status", "attempts", "sent_at", "request_id"]
    list_filter = ["status"]
    search_fields = ["subject", "request_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["send_again"]

    @admin.action(description="Send again: I have checked these did not arrive")
    def send_again(self, request, queryset):
        count = outbound_send_again(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} email{'' if count == 1 else 's'} queued to be sent again.")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
