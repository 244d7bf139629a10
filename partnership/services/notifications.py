"""Messages on the home page, and by email as each person chooses: straight away, in a daily
digest, or not at all. Emails are sent after the transaction commits, so none tells of a rollback."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from partnership.outbox import email_later


def email_queue(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    """Put an email in the outbox, in the caller's transaction, to be sent once after it commits
    (partnership.outbox): no email tells of a rollback, and none goes twice."""
    email_later(subject=subject, body=render_to_string(template, context), to=to)


def _whole_address(link: str) -> str:
    """The home page takes a message's path; an email needs the whole address."""
    return settings.SITE_URL + link if link.startswith("/") else link


def email_choices(user_ids, kind: str) -> dict[int, str]:
    """Each person's choice for this kind of message; no choice recorded means straight away."""
    from partnership.models import EmailChoice, EmailPreference

    chosen = dict(
        EmailPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "choice")
    )
    return {pk: chosen.get(pk, EmailChoice.IMMEDIATELY) for pk in user_ids}


def notify(
    *, users, partnership, text: str, link: str = "", email: bool = True, kind: str = "general", key: str = ""
) -> None:
    """A message on each person's home page, and by email as they choose. `key` names what the
    message asks for, so that messages_done(key) takes it off the list once it is done."""
    from partnership.models import EmailChoice, Notification

    people = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    choices = email_choices([p.pk for p in people], kind) if email else {}
    Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                partnership=partnership,
                text=text[:300],
                link=link,
                kind=kind,
                key=key,
                digest_due=choices.get(u.pk) == EmailChoice.DIGEST,
            )
            for u in people
        ]
    )
    if email:
        email_link = _whole_address(link)
        for person in people:
            if choices[person.pk] != EmailChoice.IMMEDIATELY:
                continue
            email_queue(
                subject=text[:150],
                template="emails/notification.txt",
                context={"person": person, "text": text, "link": email_link, "partnership": partnership},
                to=[person.email],
            )


def messages_done(key: str) -> int:
    """What a message asked for has been done: it leaves the list of everyone it was sent to."""
    from partnership.models import Notification

    return Notification.objects.filter(key=key, done_at__isnull=True).update(done_at=timezone.now())


@transaction.atomic
def messages_read(*, user, partnership) -> int:
    """The person has read their messages in this partnership."""
    from partnership.models import Notification

    return Notification.objects.filter(user=user, partnership=partnership, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def email_choices_save(*, user, choices: dict[str, str]) -> None:
    """Record how the person wants to hear of each kind of message; history says when they chose."""
    from partnership.auditing import save_with_history
    from partnership.models import EmailPreference

    existing = {p.kind: p for p in EmailPreference.objects.filter(user=user)}
    for kind, choice in choices.items():
        preference = existing.get(kind) or EmailPreference(user=user, kind=kind)
        if preference.pk and preference.choice == choice:
            continue
        preference.choice = choice
        save_with_history(preference, actor=user, reason="Changed how they hear of messages")


def digests_send(now=None) -> int:
    """Send each person one email with their messages waiting for the daily digest, and nothing to
    anyone with nothing new. Safe to run twice: a message is marked emailed in the same transaction
    that queues its digest, so the second run finds nothing."""
    from partnership.models import Notification

    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(digest_due=True, emailed_at__isnull=True, done_at__isnull=True)
            .select_related("user", "partnership")
            .order_by("user_id", "partnership_id", "created_at")
        )
        by_person: dict[int, list] = {}
        for note in waiting:
            by_person.setdefault(note.user_id, []).append(note)
        for notes in by_person.values():
            person = notes[0].user
            if not person.is_active:
                continue
            email_queue(
                subject=f"Your messages from the partnership portal: {len(notes)} new",
                template="emails/digest.txt",
                context={
                    "person": person,
                    "notes": [
                        {
                            "text": n.text,
                            "partnership": n.partnership,
                            "link": _whole_address(n.link),
                        }
                        for n in notes
                    ],
                },
                to=[person.email],
            )
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
    return sent
