"""Background work of the partnership app. Tasks take plain values and call one function."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_outbound_email(self, *, email_id: int) -> str:
    """Send one email from the outbox, at most once (partnership.outbox). Retried on connection
    errors, which leave it queued; a second delivery of this task finds it no longer queued."""
    from .outbox import send_outbound

    return send_outbound(email_id)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(self, *, subject: str, body: str, to: list[str]) -> str:
    """An email queued by a release before the outbox: it goes through the outbox too."""
    from .models import OutboundEmail
    from .outbox import send_outbound

    return send_outbound(OutboundEmail.objects.create(subject=subject[:300], body=body, to=list(to)).pk)


@shared_task
def requeue_emails() -> dict:
    """Every few minutes, from Celery beat: queue again emails whose task message was lost, and mark
    in doubt those whose worker stopped while sending (never resent by themselves)."""
    from .outbox import requeue_outbound

    return requeue_outbound()


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
