"""The Django admin's view of two-factor devices, without django-otp's pages that show a secret.

django-otp's own admin lets an operator open any person's set-up QR code, which would let them copy
that person's second factor. Here operators see who has a device and may delete one (the person
then sets up again); nobody sees a key. Registered from PartnershipConfig.ready(), after the admin
has loaded django-otp's registrations.
"""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register() -> None:
    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, DeviceAdmin)
