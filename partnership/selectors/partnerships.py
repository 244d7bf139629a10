"""The partnerships a person may open."""

from __future__ import annotations

from partnership import rules
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership, RoleAssignment


def partnerships_for_user(user) -> list[Partnership]:
    if not user.is_authenticated:
        return []
    return list(
        Partnership.objects.filter(
            pk__in=RoleAssignment.objects.current().filter(user=user).values("partnership_id")
        ).order_by("name")
    )


def partnership_for_history(ctx: PartnershipContext, pk: int) -> Partnership:
    """The partnership's own record: for its LA administrators and officers."""
    rules.require_sight_of_partnership_history(ctx)
    if pk != ctx.partnership.pk:
        raise NotVisible(f"partnership {pk} is not {ctx.partnership.slug}")
    return ctx.partnership
