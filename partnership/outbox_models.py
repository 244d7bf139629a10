"""The email outbox's one model (decision 0019), kept apart from partnership.models only for size."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """One email to send, written in the same transaction as whatever it tells of (decision 0019).

    The worker claims it under a lock and records that sending started before it hands the email to
    the mail server, and that it was sent after. An email whose sending started and was never
    recorded as done (its worker died in between) is "in doubt": it is never sent again by itself,
    because it may already have arrived; a person decides in the admin. So no email goes twice, and
    an email whose task message was lost (a Redis restart) is queued again by the beat.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        IN_DOUBT = "in_doubt", "In doubt: the worker stopped while sending"
        FAILED = "failed", "Failed: the mail server refused it"

    subject = models.CharField(max_length=300)
    body = models.TextField()
    to = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Each time a worker started to hand it to the mail server, and when it was recorded as sent.
    attempts = models.PositiveSmallIntegerField(default=0)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # Carried from the request that queued it, so its log lines can be found with the request's.
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"
