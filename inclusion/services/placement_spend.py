"""Money entered once (decision 0032): a placement paid from the inclusion partnership's allocation
is its own spending line against the allocation for the financial year it starts in, made from its
cost and dates and kept in step when it ends early or an allocation is set later."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from inclusion import rules
from inclusion.models import (
    APPlacement,
    FundingAllocation,
    FundingSource,
    InclusionPartnership,
    Spend,
    SpendCategory,
)
from inclusion.selectors.funding import financial_year_of
from partnership.auditing import delete_with_history, save_with_history
from partnership.services import ServiceError

PENNY = Decimal("0.01")


def placement_spend_amount(placement: APPlacement) -> Decimal:
    """The agreed cost; for a placement that ended before the last day agreed, the share of the cost
    for the days it ran (calendar days, both ends counted), to the penny."""
    agreed, ended = placement.agreed_ends_on, placement.ends_on
    if agreed is None or ended is None or ended >= agreed:
        return placement.cost
    ran = (ended - placement.starts_on).days + 1
    planned = (agreed - placement.starts_on).days + 1
    return (placement.cost * ran / planned).quantize(PENNY, rounding=ROUND_HALF_UP)


def paying_partnership(placement: APPlacement) -> InclusionPartnership | None:
    """The inclusion partnership whose allocation pays: the one the referral was made to, or else
    the home school's."""
    if placement.referral_id is not None:
        return placement.referral.inclusion_partnership
    try:
        return rules.inclusion_partnership_of(placement.pupil.home_school, placement.pupil.partnership)
    except ServiceError:
        return None


def _description(placement: APPlacement) -> str:
    starts = placement.starts_on
    return (
        f"Placement at {placement.provider.name} from {starts.day} {starts:%B %Y} (placement {placement.pk})"
    )


def placement_spend_sync(placement: APPlacement, *, actor, reason: str) -> Spend | None:
    """Make, change or remove the placement's spending line so that it matches the placement: none
    unless the allocation pays and one is set for the year; otherwise one line of the amount above.
    Each change is saved with its history and reason."""
    line = Spend.objects.select_for_update().filter(placement=placement).first()
    allocation = None
    if placement.funding_source == FundingSource.PARTNERSHIP:
        paying = paying_partnership(placement)
        if paying is not None:
            allocation = FundingAllocation.objects.filter(
                inclusion_partnership=paying, financial_year=financial_year_of(placement.starts_on)
            ).first()
    if allocation is None:
        if line is not None:
            delete_with_history(line, actor=actor, reason=reason)
        return None
    amount, description = placement_spend_amount(placement), _description(placement)
    if line is None:
        line = Spend(placement=placement, category=SpendCategory.AP_PLACEMENTS)
    elif (line.allocation_id, line.amount, line.description) == (allocation.pk, amount, description):
        return line
    line.allocation, line.amount, line.description = allocation, amount, description
    return save_with_history(line, actor=actor, reason=reason)


def placement_spends_for_allocation(allocation: FundingAllocation, *, actor, reason: str) -> int:
    """An allocation set after placements it pays for were made: give each its line. Returns how
    many lines were made."""
    year = allocation.financial_year
    placements = (
        APPlacement.objects.filter(
            funding_source=FundingSource.PARTNERSHIP,
            starts_on__gte=dt.date(year, 4, 1),
            starts_on__lte=dt.date(year + 1, 3, 31),
            spend__isnull=True,
            pupil__partnership_id=allocation.inclusion_partnership.partnership_id,
        )
        .select_related(
            "referral__inclusion_partnership", "pupil__home_school", "pupil__partnership", "provider"
        )
        .order_by("starts_on", "pk")
    )
    made = 0
    for placement in placements:
        if paying_partnership(placement) == allocation.inclusion_partnership:
            made += placement_spend_sync(placement, actor=actor, reason=reason) is not None
    return made
