"""A person's own messages and email choices."""

from __future__ import annotations

from django.db.models import QuerySet

from partnership.access import PartnershipContext
from partnership.models import EmailPreference, Notification


def my_messages(user, ctx: PartnershipContext) -> QuerySet[Notification]:
    """The person's messages in this partnership, newest first: done ones too, marked as done."""
    return Notification.objects.filter(user=user, partnership=ctx.partnership).order_by("-created_at", "-pk")


def email_choices_of(user) -> dict[str, str]:
    return dict(EmailPreference.objects.filter(user=user).values_list("kind", "choice"))
