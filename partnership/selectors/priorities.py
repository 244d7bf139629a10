"""The partnership's priorities."""

from __future__ import annotations

from partnership.access import NotVisible, PartnershipContext
from partnership.models import Priority


def priorities_for(ctx: PartnershipContext, *, include_unused: bool = True):
    priorities = Priority.objects.filter(partnership=ctx.partnership)
    if not include_unused:
        priorities = priorities.filter(is_active=True)
    return priorities.order_by("position", "title")


def priority_for(ctx: PartnershipContext, priority_id: int) -> Priority:
    priority = Priority.objects.filter(pk=priority_id, partnership=ctx.partnership).first()
    if priority is None:
        raise NotVisible(f"priority {priority_id} is not in {ctx.partnership.slug}")
    return priority
