"""Emails sent exactly once, through an outbox in the database (decision 0019).

`email_queue` writes an `OutboundEmail` row in the caller's transaction and asks a worker to send it
once that transaction commits. `send_outbound` is what the worker runs: it claims the row, records
that sending started, hands the email to the mail server, and records that it was sent. Whatever
happens between those steps, no email is sent twice:

- a second delivery of the same task (late acknowledgement, a second beat) finds the row no longer
  queued and does nothing;
- a worker killed after the mail server took the email but before the row says so leaves the row
  "sending"; after EMAIL_IN_DOUBT_AFTER_SECONDS the beat marks it in doubt, and nobody resends it
  unless a person chooses to in the admin;
- a connection error before the mail server took anything puts the row back in the queue, and the
  task is retried;
- a task message lost with Redis is found by the beat (`requeue_outbound`), which queues the row
  again.
"""

from __future__ import annotations

import datetime as dt
import os
import signal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone


def email_later(*, subject: str, body: str, to: list[str]):
    """Write the row in the caller's transaction, and ask a worker to send it once that commits: an
    email that tells of a rolled-back change is never written, let alone sent."""
    from leep.request_id import current_request_id
    from partnership.models import OutboundEmail
    from partnership.tasks import send_outbound_email

    email = OutboundEmail.objects.create(
        subject=subject[:300], body=body, to=list(to), request_id=current_request_id()
    )
    transaction.on_commit(lambda: send_outbound_email.delay(email_id=email.pk))
    return email


def _fault_after_handing_over() -> None:
    """A test's fault hook: die as a crash would, after the mail server took the email and before
    the row says so. Refused outside tests (leep.settings)."""
    if getattr(settings, "EMAIL_TEST_KILL_AFTER_SEND", False):
        os.kill(os.getpid(), signal.SIGKILL)


def send_outbound(email_id: int) -> str:
    """Send one queued email at most once. Returns the row's status afterwards."""
    from partnership.models import OutboundEmail

    Status = OutboundEmail.Status
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != Status.QUEUED:
            return email.status if email else "missing"
        email.status = Status.SENDING
        email.sending_since = timezone.now()
        email.attempts += 1
        email.save(update_fields=["status", "sending_since", "attempts"])
    # Committed: from here on, a death leaves the row "sending", which is never resent by itself.
    try:
        send_mail(email.subject, email.body, None, email.to, fail_silently=False)
    except OSError as error:
        # Nothing reached the mail server: queue it again, and let the task retry.
        OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
            status=Status.QUEUED, error=str(error)[:500]
        )
        raise
    except Exception as error:  # noqa: BLE001  (the mail server refused it: recorded, never resent)
        OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED, error=str(error)[:500])
        return Status.FAILED
    _fault_after_handing_over()
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.SENT, sent_at=timezone.now(), error="")
    return Status.SENT


def requeue_outbound(now=None) -> dict[str, int]:
    """For the beat: queue again the emails whose task message was lost, and mark in doubt those whose
    worker stopped while sending. Returns how many of each."""
    from partnership.models import OutboundEmail
    from partnership.tasks import send_outbound_email

    Status = OutboundEmail.Status
    now = now or timezone.now()
    lost_after = dt.timedelta(seconds=settings.EMAIL_REQUEUE_AFTER_SECONDS)
    doubt_after = dt.timedelta(seconds=settings.EMAIL_IN_DOUBT_AFTER_SECONDS)
    in_doubt = OutboundEmail.objects.filter(
        status=Status.SENDING, sending_since__lt=now - doubt_after
    ).update(status=Status.IN_DOUBT)
    waiting = list(
        OutboundEmail.objects.filter(status=Status.QUEUED, created_at__lt=now - lost_after).values_list(
            "pk", flat=True
        )[:1000]
    )
    for pk in waiting:
        send_outbound_email.delay(email_id=pk)
    return {"requeued": len(waiting), "in_doubt": in_doubt}


def outbound_send_again(*, email_ids: list[int]) -> int:
    """A person has checked that in-doubt or failed emails did not arrive: queue them once more."""
    from partnership.models import OutboundEmail
    from partnership.tasks import send_outbound_email

    Status = OutboundEmail.Status
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=email_ids, status__in=[Status.IN_DOUBT, Status.FAILED])
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(status=Status.QUEUED, sending_since=None)
        for pk in ids:
            transaction.on_commit(lambda pk=pk: send_outbound_email.delay(email_id=pk))
    return len(ids)
