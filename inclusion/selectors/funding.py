"""Reads of inclusion partnerships, their staff and their money, scoped to the person asking
(decision 0020).

Nothing here is about a pupil, so more people see it than see pupil records:
- every inclusion partnership in the partnership: LA officers and administrators, LA inclusion
  officers, and board members (the strategic group oversees the devolved money);
- one inclusion partnership: its own staff and chair, and the headteachers of its member schools.
Anyone else gets NotVisible (a 404), as for a partnership that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    FundingAllocation,
    InclusionPartnership,
    InclusionStaffMember,
    Spend,
    SpendCategory,
)
from partnership import figures
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Role, RoleAssignment, User
from partnership.selectors.people import people_with_role
from schools.models import Network, NetworkMembership, School
from schools.models.networks import NetworkType

ZERO = Decimal("0")


def financial_year_of(day: dt.date) -> int:
    """The financial year (April to March) a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def spent_share(spent: Decimal, allocation: Decimal | None) -> str:
    """Spending as a share of the allocation, the same on every page that shows it, by the
    portal's one rule for percentages; but an overspend that would round to 100% is written to one
    place, so that it never reads as 100%: £426 over £425,000 is "100.1%" (decision 0032)."""
    if allocation and allocation < spent < allocation * Decimal("1.005"):
        return figures.percent(spent, allocation, places=1)
    return figures.percent(spent, allocation)


def current_financial_year() -> int:
    # timezone.localdate() is the day in Europe/London, the project's TIME_ZONE.
    return financial_year_of(timezone.localdate())


def financial_year_label(year: int) -> str:
    return f"{year} to {year + 1}"


def inclusion_partnership_list(ctx: PartnershipContext, *, q: str = "") -> QuerySet[InclusionPartnership]:
    """The partnerships the person sees, each with its number of member schools today and this
    financial year's allocation and spending (allocated is None when there is no allocation)."""
    year = current_financial_year()
    members = (
        NetworkMembership.objects.current()
        .filter(network=OuterRef("network"))
        .values("network")
        .annotate(n=Count("school", distinct=True))
        .values("n")
    )
    allocated = FundingAllocation.objects.filter(inclusion_partnership=OuterRef("pk"), financial_year=year)
    spent = (
        Spend.objects.filter(
            allocation__inclusion_partnership=OuterRef("pk"), allocation__financial_year=year
        )
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    rows = (
        rules.inclusion_partnerships_visible(ctx)
        .select_related("fund_holder", "chair")
        .annotate(
            school_count=Coalesce(Subquery(members), Value(0)),
            allocated=Subquery(allocated.values("amount")[:1], output_field=money),
            spent=Coalesce(Subquery(spent, output_field=money), Value(ZERO), output_field=money),
        )
        .order_by("area", "pk")
    )
    if q:
        rows = rows.filter(
            Q(area__icontains=q) | Q(fund_holder__name__icontains=q) | Q(chair__full_name__icontains=q)
        )
    return rows


def with_remaining(rows) -> list[InclusionPartnership]:
    """Set remaining (None without an allocation), overspent and overspent_by on each row of a page."""
    rows = list(rows)
    for row in rows:
        row.remaining = None if row.allocated is None else row.allocated - row.spent
        row.overspent = row.remaining is not None and row.remaining < 0
        row.overspent_by = -row.remaining if row.overspent else None
    return rows


def inclusion_partnership_for(ctx: PartnershipContext, ip_id: int) -> InclusionPartnership:
    found = (
        rules.inclusion_partnerships_visible(ctx)
        .select_related("network", "fund_holder", "chair")
        .filter(pk=ip_id)
        .first()
    )
    if found is None:
        raise NotVisible(f"inclusion partnership {ip_id} is not visible to this person")
    return found


def member_school_choices(inclusion_partnership: InclusionPartnership) -> QuerySet[School]:
    """The network's member schools today: the schools that may hold the partnership's money."""
    current = NetworkMembership.objects.current().filter(network_id=inclusion_partnership.network_id)
    return School.objects.filter(pk__in=current.values("school_id")).order_by("name", "pk")


def member_schools(inclusion_partnership: InclusionPartnership) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.current()
        .filter(network_id=inclusion_partnership.network_id)
        .select_related("school")
        .order_by("school__name", "pk")
    )


@dataclass(frozen=True)
class StaffRow:
    member: InclusionStaffMember
    status: str  # "current", "starting" or "former"


def staff_rows(inclusion_partnership: InclusionPartnership) -> list[StaffRow]:
    """Current staff first, then those starting later, then former staff, newest first."""
    today = timezone.localdate()
    order = {"current": 0, "starting": 1, "former": 2}
    rows = []
    for member in inclusion_partnership.staff.select_related("user"):
        if member.ends_on is not None and member.ends_on <= today:
            status = "former"
        elif member.starts_on > today:
            status = "starting"
        else:
            status = "current"
        rows.append(StaffRow(member, status))
    rows.sort(key=lambda row: (order[row.status], -row.member.starts_on.toordinal(), row.member.pk))
    return rows


def staff_member_of(inclusion_partnership: InclusionPartnership, staff_id: int) -> InclusionStaffMember:
    """A member of this partnership's staff who has not yet been given an end date."""
    found = (
        inclusion_partnership.staff.select_related("user").filter(pk=staff_id, ends_on__isnull=True).first()
    )
    if found is None:
        raise NotVisible(
            f"no open staff record {staff_id} in inclusion partnership {inclusion_partnership.pk}"
        )
    return found


def allocation_of(inclusion_partnership: InclusionPartnership, allocation_id: int) -> FundingAllocation:
    found = inclusion_partnership.allocations.filter(pk=allocation_id).first()
    if found is None:
        raise NotVisible(f"no allocation {allocation_id} in inclusion partnership {inclusion_partnership.pk}")
    return found


@dataclass(frozen=True)
class AllocationSummary:
    allocation: FundingAllocation
    label: str
    by_category: list[tuple[str, Decimal]]
    spent: Decimal
    remaining: Decimal
    percent_spent: str | None  # by the portal's one rule for percentages; None when the allocation is £0
    items: list[Spend]
    is_current: bool

    @property
    def overspent(self) -> bool:
        return self.remaining < 0

    @property
    def overspent_by(self) -> Decimal:
        return -self.remaining


def _summary(allocation: FundingAllocation, current_year: int) -> AllocationSummary:
    items = list(allocation.spends.all())
    totals = dict.fromkeys(SpendCategory.values, ZERO)
    for item in items:
        totals[item.category] += item.amount
    spent = sum(totals.values(), ZERO)
    return AllocationSummary(
        allocation=allocation,
        label=financial_year_label(allocation.financial_year),
        by_category=[(label, totals[value]) for value, label in SpendCategory.choices],
        spent=spent,
        remaining=allocation.amount - spent,
        percent_spent=None if not allocation.amount else spent_share(spent, allocation.amount),
        items=items,
        is_current=allocation.financial_year == current_year,
    )


def _with_spends(allocations: QuerySet[FundingAllocation]) -> QuerySet[FundingAllocation]:
    return allocations.prefetch_related(Prefetch("spends", queryset=Spend.objects.order_by("category", "pk")))


def allocation_summaries(inclusion_partnership: InclusionPartnership) -> list[AllocationSummary]:
    """Every year's allocation, newest first, with the spending in each category: two queries
    however many years and lines there are."""
    current = current_financial_year()
    allocations = _with_spends(inclusion_partnership.allocations.order_by("-financial_year"))
    return [_summary(allocation, current) for allocation in allocations]


def allocation_summary(allocation: FundingAllocation) -> AllocationSummary:
    allocation = _with_spends(FundingAllocation.objects.filter(pk=allocation.pk)).get()
    return _summary(allocation, current_financial_year())


def _member_heads(partnership_id: int, network_ids) -> QuerySet[RoleAssignment]:
    """The current headteachers of the networks' current member schools: who may chair (the rule
    in inclusion.services.chair_change)."""
    members = NetworkMembership.objects.current().filter(network_id__in=network_ids).values("school_id")
    return people_with_role(partnership_id, Role.HEADTEACHER, school=members).filter(user__is_active=True)


def chair_candidates(inclusion_partnership: InclusionPartnership) -> QuerySet[User]:
    """Who may chair this partnership, other than its chair: its member schools' headteachers,
    each with the name of (the first of) the member schools they head as head_of."""
    heads = _member_heads(inclusion_partnership.partnership_id, [inclusion_partnership.network_id])
    school = heads.filter(user_id=OuterRef("pk")).order_by("school__name").values("school__name")[:1]
    return (
        User.objects.filter(pk__in=heads.values("user_id"))
        .exclude(pk=inclusion_partnership.chair_id)
        .annotate(head_of=Subquery(school))
        .order_by("full_name", "email")
    )


def chair_candidates_by_network(ctx: PartnershipContext, members_by_network) -> list[tuple[Network, list]]:
    """For setting up a partnership: each network with the headteachers of its member schools, as
    (user, school) pairs in the order of the schools, each person once. One query."""
    networks = [network for network, _ in members_by_network]
    heads: dict[int, list] = {}
    for row in (
        _member_heads(ctx.partnership.pk, [n.pk for n in networks])
        .select_related("user")
        .order_by("user__full_name", "pk")
    ):
        heads.setdefault(row.school_id, []).append(row.user)
    result = []
    for network, schools in members_by_network:
        pairs, seen = [], set()
        for school in schools:
            for user in heads.get(school.pk, []):
                if user.pk not in seen:
                    seen.add(user.pk)
                    pairs.append((user, school))
        result.append((network, pairs))
    return result


def staff_candidates(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> QuerySet[User]:
    """People the LA has given the inclusion partnership staff role who are not on this partnership's
    staff already."""
    holders = (
        RoleAssignment.objects.not_ended()
        .filter(partnership=ctx.partnership, role=Role.INCLUSION_STAFF)
        .values("user_id")
    )
    on_staff = inclusion_partnership.staff.filter(ends_on__isnull=True).values("user_id")
    return (
        User.objects.filter(pk__in=holders, is_active=True)
        .exclude(pk__in=on_staff)
        .order_by("full_name", "email")
    )


def networks_without_a_partnership(ctx: PartnershipContext) -> QuerySet[Network]:
    """Networks of type behaviour and inclusion partnership that have no inclusion partnership yet."""
    return (
        Network.objects.filter(partnership=ctx.partnership, network_type=NetworkType.INCLUSION_PARTNERSHIP)
        .exclude(pk__in=InclusionPartnership.objects.values("network_id"))
        .order_by("name", "pk")
    )


def current_members_by_network(networks) -> list[tuple[Network, list]]:
    """Each network with its current member schools, for choosing a fund holder."""
    networks = list(networks)
    members: dict[int, list] = {network.pk: [] for network in networks}
    rows = (
        NetworkMembership.objects.current()
        .filter(network__in=[network.pk for network in networks])
        .select_related("school")
        .order_by("school__name", "pk")
    )
    for row in rows:
        if row.school not in members[row.network_id]:
            members[row.network_id].append(row.school)
    return [(network, members[network.pk]) for network in networks]
