from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q, QuerySet

from partnership.access import NotVisible, PartnershipContext
from schools.models import SystemLeader
from schools.rules import LEADER_ROLES

# Who may search the directory is a rule (schools.rules); the name stays here for the apps above.
__all__ = ["LEADER_ROLES", "leader_for", "leader_list"]


def leader_list(
    ctx: PartnershipContext,
    *,
    q: str = "",
    designation: str = "",
    expertise: int | None = None,
    min_days: Decimal | None = None,
    include_inactive: bool = False,
) -> QuerySet[SystemLeader]:
    leaders = SystemLeader.objects.filter(partnership=ctx.partnership).select_related("home_school")
    if not include_inactive:
        leaders = leaders.filter(is_active=True)
    if q:
        leaders = leaders.filter(
            Q(full_name__icontains=q) | Q(expertise_notes__icontains=q) | Q(expertise__title__icontains=q)
        ).distinct()
    if designation:
        leaders = leaders.filter(designation=designation)
    if expertise:
        leaders = leaders.filter(expertise__id=expertise)
    if min_days is not None:
        leaders = leaders.annotate(available=F("capacity_days") - F("committed_days")).filter(
            available__gte=min_days
        )
    return leaders.prefetch_related("expertise").order_by("full_name")


def leader_for(ctx: PartnershipContext, leader_id: int) -> SystemLeader:
    leader = (
        SystemLeader.objects.filter(pk=leader_id, partnership=ctx.partnership)
        .select_related("home_school", "user")
        .prefetch_related("expertise")
        .first()
    )
    if leader is None:
        raise NotVisible(f"system leader {leader_id} is not in {ctx.partnership.slug}")
    return leader
