"""Messages: done when what they asked for is done, counted in the header, and emailed as each
person chooses: straight away, in one daily digest, or not at all."""

from django.core import mail
from django.urls import reverse

from partnership.models import EmailChoice, EmailPreference, MessageKind, Notification
from partnership.services import digests_send, email_choices_save, messages_done, notify
from tests.helpers import text_of


def test_a_message_is_done_for_everyone_once_what_it_asked_for_is_done(
    partnership_a, head_x, la_officer_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[head_x, la_officer_a],
            partnership=partnership_a,
            text="Please accept or decline the visit.",
            kind=MessageKind.SUPPORT,
            key="visit:1:answer",
        )
    home = text_of(client_for(head_x).get(reverse("partnership:home", kwargs={"partnership_slug": "pa"})))
    assert "Please accept or decline the visit." in home
    assert "Messages 1 unread" in home
    assert messages_done("visit:1:answer") == 2
    home = text_of(client_for(head_x).get(reverse("partnership:home", kwargs={"partnership_slug": "pa"})))
    assert "Please accept or decline the visit." not in home and "unread" not in home
    listing = text_of(
        client_for(head_x).get(reverse("partnership:messages", kwargs={"partnership_slug": "pa"}))
    )
    assert "Please accept or decline the visit. " in listing and "Done" in listing


def test_mark_all_as_read(partnership_a, head_x, client_for):
    notify(users=[head_x], partnership=partnership_a, text="One", email=False)
    notify(users=[head_x], partnership=partnership_a, text="Two", email=False)
    client = client_for(head_x)
    response = client.post(
        reverse("partnership:messages-read", kwargs={"partnership_slug": "pa"}), follow=True
    )
    assert "2 messages marked as read." in text_of(response)
    assert not Notification.objects.filter(user=head_x, read_at__isnull=True).exists()


def test_each_person_chooses_how_they_hear_and_the_digest_sends_one_email_a_day(
    partnership_a, head_x, la_officer_a, governor_x, client_for, django_capture_on_commit_callbacks
):
    client = client_for(head_x)
    response = client.post(
        reverse("account:email-choices"),
        {"support": "digest", "meetings": "none", "data_sharing": "immediately", "general": "immediately"},
    )
    assert response.status_code == 302
    assert EmailPreference.objects.get(user=head_x, kind="support").choice == EmailChoice.DIGEST
    email_choices_save(user=governor_x, choices={"support": "none"})
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("First", "Second"):
            notify(
                users=[head_x, la_officer_a, governor_x],
                partnership=partnership_a,
                text=text,
                kind=MessageKind.SUPPORT,
            )
        notify(users=[head_x], partnership=partnership_a, text="A meeting", kind=MessageKind.MEETINGS)
    # Straight away for the officer (no choice made); nothing yet for the head; never for the governor.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("oscar@a.test", "First"),
        ("oscar@a.test", "Second"),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [head_x.email] and digest.subject.endswith("2 new")
    assert "First" in digest.body and "Second" in digest.body and "A meeting" not in digest.body
    # Run again the same day: nothing new, so nothing is sent, to anyone.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 0
    assert mail.outbox == []


def test_the_email_choices_page_shows_each_kind(head_x, client_for):
    page = text_of(client_for(head_x).get(reverse("account:email-choices")))
    for _, label in MessageKind.choices:
        assert label in page
