"""The partnerships a person may open."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from partnership import rules
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Notification, Partnership, RoleAssignment


def partnerships_for_user(user) -> list[Partnership]:
    """The person's partnerships, each with `unread`: their messages there not yet read or done
    (for the header), in the one query the partnership chooser needs anyway."""
    if not user.is_authenticated:
        return []
    unread = (
        Notification.objects.filter(
            user=user, partnership=OuterRef("pk"), read_at__isnull=True, done_at__isnull=True
        )
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Partnership.objects.filter(
            pk__in=RoleAssignment.objects.current().filter(user=user).values("partnership_id")
        )
        .annotate(unread=Coalesce(Subquery(unread), 0))
        .order_by("name")
    )


def partnership_for_history(ctx: PartnershipContext, pk: int) -> Partnership:
    """The partnership's own record: for its LA administrators and officers."""
    rules.require_sight_of_partnership_history(ctx)
    if pk != ctx.partnership.pk:
        raise NotVisible(f"partnership {pk} is not {ctx.partnership.slug}")
    return ctx.partnership
