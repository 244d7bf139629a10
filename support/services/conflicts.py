"""The conflict-of-interest check that runs whenever a provider is assigned."""

from __future__ import annotations

from django.db.models import Q

from schools.models import NetworkMembership, School
from support.models import ProviderLink, SupportCase
from support.models.cases import OPEN_STATUSES


def conflicts_for(*, receiving: School, provider_school: School | None, leader=None) -> list[str]:
    """Plain-English reasons why this provider may not be impartial, or an empty list."""
    reasons: list[str] = []
    home = provider_school or (leader.home_school if leader else None)
    if home is not None:
        if home.pk == receiving.pk:
            reasons.append(f"The provider is based at {receiving.name}, the school receiving support.")
        if home.trust_name and home.trust_name == receiving.trust_name:
            reasons.append(f"{home.name} and {receiving.name} are in the same trust ({home.trust_name}).")
        shared = (
            NetworkMembership.objects.current()
            .filter(
                school=home,
                network__memberships__school=receiving,
                network__memberships__left_on__isnull=True,
            )
            .select_related("network")
            .distinct()
        )
        for membership in shared:
            reasons.append(f"{home.name} and {receiving.name} are both in {membership.network.name}.")
        under_support = SupportCase.objects.filter(school=home, status__in=OPEN_STATUSES).exists()
        if under_support:
            reasons.append(f"The provider's own school, {home.name}, is receiving support itself.")
    if leader is not None:
        for link in ProviderLink.objects.filter(Q(leader=leader), Q(school=receiving)):
            reasons.append(
                f"{leader.full_name} has declared: {link.get_nature_display().lower()} at {receiving.name}."
            )
    return reasons
