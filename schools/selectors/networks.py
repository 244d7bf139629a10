"""Networks of schools: the list, one network's page, and the choices in forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnership.access import NotVisible, PartnershipContext
from schools.models import Network, NetworkMembership

from .listing import with_latest_inspection


def network_list(ctx: PartnershipContext, *, network_type: str = "", q: str = "") -> QuerySet[Network]:
    networks = Network.objects.filter(partnership=ctx.partnership).select_related("lead_school")
    if network_type:
        networks = networks.filter(network_type=network_type)
    if q:
        networks = networks.filter(name__icontains=q)
    today = timezone.localdate()
    # The same rule as NetworkMembership.objects.current(): joined by today and not yet left.
    current = Q(memberships__joined_on__lte=today) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=today)
    )
    return networks.annotate(current_schools=Count("memberships", filter=current)).order_by("name")


def network_for(ctx: PartnershipContext, network_id: int) -> Network:
    network = (
        Network.objects.filter(pk=network_id, partnership=ctx.partnership)
        .select_related("lead_school")
        .first()
    )
    if network is None:
        raise NotVisible(f"network {network_id} is not in {ctx.partnership.slug}")
    return network


def network_choices(ctx: PartnershipContext) -> QuerySet[Network]:
    """The partnership's networks, by name, for a filter or a form."""
    return Network.objects.filter(partnership=ctx.partnership).order_by("name")


@dataclass(frozen=True)
class NetworkPage:
    network: Network
    current: list[NetworkMembership]
    past: list[NetworkMembership]
    outcomes: dict


def network_page(ctx: PartnershipContext, network_id: int) -> NetworkPage:
    """One network's page: its current and past schools, and their outcomes."""
    network = network_for(ctx, network_id)
    current, past = network_members(network)
    return NetworkPage(
        network=network,
        current=current,
        past=past,
        outcomes=network_outcomes(network, current),
    )


def membership_for(network: Network, membership_id: int) -> NetworkMembership:
    membership = (
        NetworkMembership.objects.filter(pk=membership_id, network=network).select_related("school").first()
    )
    if membership is None:
        raise NotVisible(f"membership {membership_id} is not in network {network.pk}")
    return membership


def network_members(network: Network) -> tuple[list[NetworkMembership], list[NetworkMembership]]:
    memberships = list(
        NetworkMembership.objects.filter(network=network).select_related("school").order_by("school__name")
    )
    return [m for m in memberships if m.is_current], [m for m in memberships if not m.is_current]


def network_outcomes(network: Network, current: list[NetworkMembership]) -> dict:
    """Aggregate outcomes of the network's current schools: latest inspection outcomes and the
    latest KS2 and KS4 headline figures."""
    from schools.models import KeyStage2Result, KeyStage4Result, School

    ids = [m.school_id for m in current]
    schools = with_latest_inspection(School.objects.filter(pk__in=ids))
    outcomes: dict[str, int] = {}
    for school in schools:
        if school.latest_inspected_on is None:
            label = "Not inspected"
        elif school.latest_framework == "report_card":
            label = "Report card"
        else:
            label = dict(_overall_labels()).get(school.latest_overall, school.latest_overall)
        outcomes[label] = outcomes.get(label, 0) + 1
    ks2 = _latest_weighted(KeyStage2Result, ids, "rwm_expected_pct")
    ks4 = _latest_weighted(KeyStage4Result, ids, "progress8")
    return {"outcomes": sorted(outcomes.items()), "ks2": ks2, "ks4": ks4}


def _overall_labels():
    from schools.models.inspections import OverallGrade

    return OverallGrade.choices


def _latest_weighted(model, school_ids, field):
    rows = list(
        model.objects.filter(school_id__in=school_ids, **{f"{field}__isnull": False}, pupils__isnull=False)
        .order_by("-academic_year")
        .values("academic_year", field, "pupils")
    )
    if not rows:
        return None
    year = rows[0]["academic_year"]
    latest = [r for r in rows if r["academic_year"] == year]
    pupils = sum(r["pupils"] for r in latest)
    value = sum(r[field] * r["pupils"] for r in latest) / pupils if pupils else None
    return {"year": year, "label": f"{year - 1} to {year}", "value": value, "schools": len(latest)}
