"""Notifications on the home page and by email, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from partnership.tasks import send_email


def email_queue(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    """Queue an email for after the transaction commits, so that no email tells of a rollback."""
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, to=to))


def notify(*, users, partnership, text: str, link: str = "", email: bool = True) -> None:
    """A message on each person's home page, and by email after the transaction commits."""
    from partnership.models import Notification

    people = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    Notification.objects.bulk_create(
        [Notification(user=u, partnership=partnership, text=text[:300], link=link) for u in people]
    )
    if email:
        # The home page takes the path; an email needs the whole address.
        email_link = settings.SITE_URL + link if link.startswith("/") else link
        for person in people:
            email_queue(
                subject=text[:150],
                template="emails/notification.txt",
                context={"person": person, "text": text, "link": email_link, "partnership": partnership},
                to=[person.email],
            )
