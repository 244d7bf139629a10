"""Background work of the partnership app. Tasks take plain values and call one function."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(self, *, subject: str, body: str, to: list[str], html_body: str | None = None):
    """Send one email. Retried on connection errors; sending the same email twice is harmless."""
    send_mail(subject, body, None, to, html_message=html_body, fail_silently=False)


@shared_task
def apply_retention() -> int:
    """Run the retention rules (daily, from Celery beat). Running twice in a day does no harm: each
    rule acts only on what is still past its period."""
    from .retention import apply_retention as run_rules

    return run_rules().pk


@shared_task
def send_digests() -> int:
    """Each person's daily email of their messages (daily, from Celery beat); nothing to anyone with
    nothing new, and nothing twice."""
    from .services.notifications import digests_send

    return digests_send()
