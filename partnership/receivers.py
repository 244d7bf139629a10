"""Hooks into django-axes, which tells us of lockouts through its signal."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from .models import SecurityEvent
from .services import security_event_record


@receiver(user_locked_out, dispatch_uid="partnership-record-lockout")
def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.LOCKED_OUT,
        request=request,
        email=username or "",
        detail=f"locked out after repeated failures from {ip_address or 'unknown address'}",
    )
