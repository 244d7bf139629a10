"""Hooks into django-axes (lockouts), Django's sign-in signal and saves of a person's account."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import SecurityEvent, SignInSession, User
from .services.security import security_event_record, sessions_end


@receiver(user_locked_out, dispatch_uid="partnership-record-lockout")
def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.LOCKED_OUT,
        request=request,
        email=username or "",
        detail=f"locked out after repeated failures from {ip_address or 'unknown address'}",
    )


@receiver(user_logged_in, dispatch_uid="partnership-two-factor-pending")
def ask_for_a_code(sender, request=None, user=None, **kwargs):
    """Whoever has set up two-factor sign-in is asked for a code next, however they signed in (the
    sign-in page or the Django admin's) and whether or not their role requires it."""
    from .two_factor import PENDING_KEY, has_two_factor

    if request is not None and hasattr(request, "session") and has_two_factor(user):
        request.session[PENDING_KEY] = True


@receiver(post_save, sender=User, dispatch_uid="partnership-disabled-account-signed-out")
def end_sessions_of_a_disabled_account(sender, instance: User, **kwargs):
    """However an account is disabled (the people pages, the Django admin, a script), its sessions
    end at once. Django already refuses an inactive account's session; this removes the sessions."""
    if not instance.is_active and SignInSession.objects.filter(user=instance).exists():
        sessions_end(instance)
