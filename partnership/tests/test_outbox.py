"""Emails go through an outbox in the database, so each is sent once (partnership.outbox,
decision 0019): written with what it tells of, sent after commit, never twice, never lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from partnership.models import OutboundEmail
from partnership.outbox import email_later, outbound_send_again, requeue_outbound, send_outbound

Status = OutboundEmail.Status
pytestmark = pytest.mark.django_db


def test_an_email_is_written_with_its_change_and_sent_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_later(subject="Agenda published", body="Ready.", to=["member@a.test"])
        assert mail.outbox == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1) and email.sent_at
    assert [m.subject for m in mail.outbox] == ["Agenda published"]
    # A second delivery of the same task sends nothing.
    assert send_outbound(email.pk) == Status.SENT
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_leaves_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                email_later(subject="Never", body="x", to=["member@a.test"])
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert not OutboundEmail.objects.exists() and mail.outbox == []


def test_an_email_whose_worker_died_while_sending_is_in_doubt_and_never_resent(settings):
    email = OutboundEmail.objects.create(
        subject="Maybe sent",
        body="x",
        to=["member@a.test"],
        status=Status.SENDING,
        attempts=1,
        sending_since=timezone.now() - dt.timedelta(seconds=settings.EMAIL_IN_DOUBT_AFTER_SECONDS + 1),
    )
    assert requeue_outbound() == {"requeued": 0, "in_doubt": 1}
    email.refresh_from_db()
    assert email.status == Status.IN_DOUBT
    assert send_outbound(email.pk) == Status.IN_DOUBT and mail.outbox == []
    # A person who has checked it did not arrive sends it again, once.
    with_commit = outbound_send_again(email_ids=[email.pk])
    assert with_commit == 1


def test_an_email_whose_task_was_lost_is_queued_again_by_the_beat(settings):
    email = OutboundEmail.objects.create(subject="Lost with Redis", body="x", to=["member@a.test"])
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=settings.EMAIL_REQUEUE_AFTER_SECONDS + 1)
    )
    assert requeue_outbound() == {"requeued": 1, "in_doubt": 0}
    email.refresh_from_db()
    assert email.status == Status.SENT and len(mail.outbox) == 1
    assert requeue_outbound() == {"requeued": 0, "in_doubt": 0} and len(mail.outbox) == 1


def test_a_connection_error_leaves_the_email_queued_for_the_retry(monkeypatch):
    email = OutboundEmail.objects.create(subject="Retry", body="x", to=["member@a.test"])

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("partnership.outbox.send_mail", refuse)
    with pytest.raises(OSError):
        send_outbound(email.pk)
    email.refresh_from_db()
    assert email.status == Status.QUEUED and "mail server down" in email.error
    monkeypatch.undo()
    assert (
        send_outbound(email.pk) == Status.SENT and email.attempts + 1 == OutboundEmail.objects.get().attempts
    )


def test_the_fault_hook_is_refused_in_production(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DJANGO_ENV", "production")
    monkeypatch.setenv("EMAIL_TEST_KILL_AFTER_SEND", "true")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example")
    saved = sys.modules.pop("leep.settings", None)
    try:
        with pytest.raises(ImproperlyConfigured, match="EMAIL_TEST_KILL_AFTER_SEND"):
            importlib.import_module("leep.settings")
    finally:
        sys.modules.pop("leep.settings", None)
        if saved is not None:
            sys.modules["leep.settings"] = saved


def test_the_outboxs_copies_of_sent_emails_are_deleted_after_their_period(settings):
    from partnership.retention import apply_retention

    old = timezone.now() - dt.timedelta(days=settings.SENT_EMAIL_RETENTION_DAYS + 1)
    sent = OutboundEmail.objects.create(subject="Old", body="x", to=["a@a.test"], status=Status.SENT)
    doubt = OutboundEmail.objects.create(subject="Doubt", body="x", to=["a@a.test"], status=Status.IN_DOUBT)
    recent = OutboundEmail.objects.create(subject="New", body="x", to=["a@a.test"], status=Status.SENT)
    OutboundEmail.objects.filter(pk__in=[sent.pk, doubt.pk]).update(created_at=old)
    run = apply_retention()
    assert set(OutboundEmail.objects.values_list("pk", flat=True)) == {doubt.pk, recent.pk}
    assert {
        "rule": "sent_emails",
        "record_type": "the outbox's copies of sent emails",
        "partnership": None,
        "action": "deleted",
        "count": 1,
    } in run.results
