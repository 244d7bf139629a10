"""Writes of inclusion partnerships, their chair and staff, and their funding: allocations and
spending. Each takes the acting person, their standing (ctx) and a reason, and is atomic."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    FundingAllocation,
    InclusionPartnership,
    InclusionStaffMember,
    Spend,
    SpendCategory,
)
from inclusion.services import common
from inclusion.services.placement_spend import placement_spends_for_allocation
from partnership import figures
from partnership.access import NotAllowed, PartnershipContext
from partnership.auditing import save_with_history
from partnership.models import Role, RoleAssignment
from partnership.services import ServiceError
from schools.models import Network, NetworkMembership, School
from schools.models.networks import NetworkType

# --- Inclusion partnerships ---------------------------------------------------------------------


@transaction.atomic
def inclusion_partnership_create(
    *,
    actor,
    ctx: PartnershipContext,
    network: Network,
    area: str,
    fund_holder: School,
    chair=None,
    reason: str,
) -> InclusionPartnership:
    """Set up an inclusion partnership on a network. The chair is the fund-holder school's
    headteacher, as the letter describes, unless an LA inclusion officer names another member
    school's headteacher: LA officers set partnerships up but do not choose who sees pupils."""
    rules.require_manager(ctx)
    common.require_reason(reason)
    if network.partnership_id != ctx.partnership.pk:
        raise ServiceError("That network is not in this partnership", field="network")
    if network.network_type != NetworkType.INCLUSION_PARTNERSHIP:
        raise ServiceError(
            "Choose a network of the type behaviour and inclusion partnership", field="network"
        )
    if InclusionPartnership.objects.filter(network=network).exists():
        raise ServiceError("That network already has an inclusion partnership", field="network")
    if not area.strip():
        raise ServiceError("Enter the area the partnership covers", field="area")
    if fund_holder.pk not in _member_school_ids_of_network(network):
        raise ServiceError("The fund-holder school must be a member of the partnership", field="fund_holder")
    head = common.headteacher_of(fund_holder, ctx.partnership)
    chooses_chair = rules.may_choose_chair_and_staff(ctx)
    if chair is not None and not chooses_chair and (head is None or chair.pk != head.user_id):
        # The chair sees every member school's pupils: only an LA inclusion officer chooses one.
        raise NotAllowed("only an LA inclusion officer chooses a chair other than the fund holder's head")
    if chair is None:
        if head is None and chooses_chair:
            raise ServiceError(
                "The fund-holder school has no headteacher in the portal, so choose the chair", field="chair"
            )
        if head is None:
            raise ServiceError(
                "The fund-holder school has no headteacher in the portal to chair the partnership. "
                "Choose another fund holder, or ask an LA inclusion officer to set the partnership up",
                field="fund_holder",
            )
        chair = head.user
    if not rules.may_chair(chair, network.pk, ctx.partnership):
        raise ServiceError(rules.CHAIR_RULE, field="chair")
    return save_with_history(
        InclusionPartnership(
            partnership=ctx.partnership,
            network=network,
            area=area.strip(),
            fund_holder=fund_holder,
            chair=chair,
        ),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def chair_change(*, actor, ctx, inclusion_partnership: InclusionPartnership, chair, reason: str):
    """A new chair: they see the member schools' pupils from now, and the old chair no longer does.
    Only an LA inclusion officer chooses, and only a member school's headteacher may chair."""
    rules.require_inclusion_officer(ctx, inclusion_partnership)
    common.require_reason(reason)
    if chair is None or not rules.may_chair(chair, inclusion_partnership.network_id, ctx.partnership):
        raise ServiceError(rules.CHAIR_RULE, field="chair")
    if chair.pk == inclusion_partnership.chair_id:
        raise ServiceError(f"{chair} already chairs the partnership", field="chair")
    inclusion_partnership.chair = chair
    return save_with_history(inclusion_partnership, actor=actor, reason=reason)


def _member_school_ids_of_network(network: Network) -> set[int]:
    return set(
        NetworkMembership.objects.current().filter(network=network).values_list("school_id", flat=True)
    )


@transaction.atomic
def staff_member_add(
    *, actor, ctx, inclusion_partnership: InclusionPartnership, user, starts_on=None, reason: str
) -> InclusionStaffMember:
    rules.require_inclusion_officer(ctx, inclusion_partnership)
    common.require_reason(reason)
    has_role = (
        RoleAssignment.objects.not_ended()
        .filter(user=user, partnership=ctx.partnership, role=Role.INCLUSION_STAFF)
        .exists()
    )
    if not has_role:
        raise ServiceError("Give this person the inclusion partnership staff role first", field="user")
    already = InclusionStaffMember.objects.filter(
        Q(ends_on__isnull=True), inclusion_partnership=inclusion_partnership, user=user
    )
    if already.exists():
        raise ServiceError(f"{user} is already on the staff", field="user")
    return save_with_history(
        InclusionStaffMember(
            inclusion_partnership=inclusion_partnership,
            user=user,
            starts_on=starts_on or timezone.localdate(),
        ),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def staff_member_end(
    *, actor, ctx, member: InclusionStaffMember, ends_on=None, reason: str
) -> InclusionStaffMember:
    rules.require_inclusion_officer(ctx, member.inclusion_partnership)
    common.require_reason(reason)
    ends_on = ends_on or timezone.localdate()
    if ends_on < member.starts_on:
        raise ServiceError("The end date must not be before the start date", field="ends_on")
    member.ends_on = ends_on
    return save_with_history(member, actor=actor, reason=reason)


@transaction.atomic
def allocation_set(
    *,
    actor,
    ctx,
    inclusion_partnership: InclusionPartnership,
    financial_year: int,
    amount: Decimal,
    reason: str,
) -> FundingAllocation:
    rules.require_manager(ctx)
    rules.require_manager_or_staff(ctx, inclusion_partnership)
    common.require_reason(reason)
    if amount is None or amount < 0:
        raise ServiceError("The allocation must be £0 or more", field="amount")

    def already_allocated() -> ServiceError | None:
        if FundingAllocation.objects.filter(
            inclusion_partnership=inclusion_partnership, financial_year=financial_year
        ).exists():
            return ServiceError(
                f"There is already an allocation for {financial_year} to {financial_year + 1}: "
                "change that one",
                field="financial_year",
            )
        return None

    if (refused := already_allocated()) is not None:
        raise refused
    allocation = common.save_or_refuse(
        FundingAllocation(
            inclusion_partnership=inclusion_partnership, financial_year=financial_year, amount=amount
        ),
        actor=actor,
        reason=reason,
        refusal=already_allocated,
    )
    # Placements this allocation pays for, made before it was set, become its spending lines.
    placement_spends_for_allocation(allocation, actor=actor, reason=reason)
    return allocation


@transaction.atomic
def spend_add(
    *,
    actor,
    ctx,
    allocation: FundingAllocation,
    category: str,
    amount: Decimal,
    description: str = "",
    reason: str,
) -> Spend:
    rules.require_manager_or_staff(ctx, allocation.inclusion_partnership)
    common.require_reason(reason)
    if category not in SpendCategory.values:
        raise ServiceError("Select what the money was spent on", field="category")
    if amount is None or amount < 0:
        raise ServiceError("The amount spent must be £0 or more", field="amount")
    return save_with_history(
        Spend(allocation=allocation, category=category, amount=amount, description=description.strip()),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def inclusion_partnership_update(
    *,
    actor,
    ctx,
    inclusion_partnership: InclusionPartnership,
    area: str,
    fund_holder: School,
    reason: str,
) -> InclusionPartnership:
    """Change the area or the fund-holder school, which must be a current member of the network.
    The chair stays as they are: a new fund holder does not make its headteacher the chair
    (that is chair_change, a decision of its own)."""
    rules.require_manager(ctx)
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    common.require_reason(reason)
    area = (area or "").strip()
    if not area:
        raise ServiceError("Enter the area the partnership covers", field="area")
    if fund_holder.pk not in common.member_school_ids(inclusion_partnership):
        raise ServiceError("The fund-holder school must be a member of the partnership", field="fund_holder")
    if area == inclusion_partnership.area and fund_holder.pk == inclusion_partnership.fund_holder_id:
        raise ServiceError("You have not changed any of the details. Change one, or cancel")
    inclusion_partnership.area, inclusion_partnership.fund_holder = area, fund_holder
    return save_with_history(inclusion_partnership, actor=actor, reason=reason)


@transaction.atomic
def allocation_change(
    *, actor, ctx, allocation: FundingAllocation, amount: Decimal, reason: str
) -> FundingAllocation:
    """A new amount for a year the LA has already allocated (allocations are revised in year). The
    old amount stays in the history. Spending already recorded stays too: if it comes to more than
    the new amount, the year shows as overspent."""
    rules.require_manager(ctx)
    rules.require_manager_or_staff(ctx, allocation.inclusion_partnership)
    common.require_reason(reason)
    if amount is None or amount < 0:
        raise ServiceError("The allocation must be £0 or more", field="amount")
    if amount == allocation.amount:
        raise ServiceError(
            f"The allocation for {allocation} is already {figures.amount(amount)}", field="amount"
        )
    allocation.amount = amount
    return save_with_history(allocation, actor=actor, reason=reason)


@transaction.atomic
def allocation_record(
    *,
    actor,
    ctx,
    inclusion_partnership: InclusionPartnership,
    financial_year: int,
    amount: Decimal,
    reason: str,
) -> FundingAllocation:
    """Set a financial year's allocation, or change it when the year already has one."""
    existing = (
        FundingAllocation.objects.select_for_update()
        .filter(inclusion_partnership=inclusion_partnership, financial_year=financial_year)
        .first()
    )
    if existing is None:
        return allocation_set(
            actor=actor,
            ctx=ctx,
            inclusion_partnership=inclusion_partnership,
            financial_year=financial_year,
            amount=amount,
            reason=reason,
        )
    return allocation_change(actor=actor, ctx=ctx, allocation=existing, amount=amount, reason=reason)
