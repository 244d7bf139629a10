"""The public link may be posted by anyone, and each post may email someone: one client starts at
most five responses a minute, and each address is emailed at most once a day by a consultation,
however often it is typed in (decision 0029)."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from consultation.models import LinkEmail, Response
from tests.helpers import text_of


def start(client, consultation, email, **extra):
    url = reverse("respond-link", kwargs={"token": consultation.link_token})
    return client.post(
        url,
        {"respondent_kind": "governor", "organisation": "", "name": "Gwen", "email": email},
        **extra,
    )


def test_the_sixth_response_started_from_one_address_in_a_minute_is_refused(
    questionnaire, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            assert start(client, questionnaire, f"person{n}@example.test").status_code == 302
        sixth = start(client, questionnaire, "person5@example.test")
    assert sixth.status_code == 429
    assert "Too many responses started from here" in text_of(sixth)
    assert Response.objects.count() == 5
    assert len(mail.outbox) == 5 and "person5@example.test" not in {m.to[0] for m in mail.outbox}
    # Another client is not held up by the first.
    with django_capture_on_commit_callbacks(execute=True):
        other = start(Client(), questionnaire, "person6@example.test", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_one_address_is_emailed_once_a_day_however_often_it_is_typed(
    questionnaire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            start(Client(), questionnaire, "Victim@Example.test", REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert Response.objects.count() == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].to[0].lower() == "victim@example.test"
    assert LinkEmail.objects.count() == 1
    # The table names nobody: only a keyed digest of the address is kept.
    assert "victim" not in LinkEmail.objects.get().address_digest.lower()
    # Only the response whose link was emailed says so when its answers are saved.
    emailed, *others = Response.objects.order_by("pk")
    assert emailed.resume_emailed_at is not None and all(r.resume_emailed_at is None for r in others)
    saved = Client().get(reverse("respond-saved", kwargs={"resume": others[0].resume_token}))
    assert "We have also emailed it to you" not in text_of(saved)
    saved = Client().get(reverse("respond-saved", kwargs={"resume": emailed.resume_token}))
    assert "We have also emailed it to you" in text_of(saved)
