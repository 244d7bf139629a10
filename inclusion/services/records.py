"""Writes of inclusion partnership records (decision 0020). Each takes the acting person, their
standing in the partnership (ctx) and a reason, is atomic, and stamps the history row.

Who may write follows who may see (support.selectors.inclusion): nobody records anything about a
pupil they could not then read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from partnership.access import NotAllowed, PartnershipContext, require_roles
from partnership.auditing import delete_with_history, save_with_history
from partnership.models import LA_ROLES, Role, RoleAssignment
from partnership.services import ServiceError
from schools.models import Network, NetworkMembership, School
from schools.models.networks import NetworkType

from ..models import (
    CONSULTATION_COUNTS_FOR_WEEKS,
    APPlacement,
    APProvider,
    AtRiskCase,
    AttendanceRecord,
    CaseStatus,
    DesignatedInclusionLead,
    ExclusionConsultation,
    FundingAllocation,
    FundingSource,
    GovernorsReview,
    InclusionPartnership,
    InclusionStaffMember,
    PermanentExclusion,
    PlacementOutcome,
    PlacementReview,
    PlanReview,
    PlanType,
    Pupil,
    PupilRoll,
    QAOutcome,
    QAVisit,
    SendStatus,
    Spend,
    SpendCategory,
    upn_problem,
)
from ..selectors.records import is_partnership_staff, may_move_pupil, may_see_pupils_of

MANAGERS = LA_ROLES | {Role.INCLUSION_OFFICER}


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise ServiceError("Enter the reason for this change", field="reason")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_date(last_involvement: dt.date) -> dt.date:
    return _years_after(last_involvement, settings.INCLUSION_PUPIL_RETENTION_YEARS)


def _involved(pupil: Pupil, day: dt.date | None, *, actor, reason: str) -> None:
    """Push the pupil's retention date on: kept for the set years after the last involvement."""
    until = retention_date(max(day or timezone.localdate(), timezone.localdate()))
    if until > pupil.retain_until:
        pupil.retain_until = until
        save_with_history(pupil, actor=actor, reason=reason)


def _member_school_ids(inclusion_partnership: InclusionPartnership, on=None) -> set[int]:
    return set(
        NetworkMembership.objects.current(on)
        .filter(network_id=inclusion_partnership.network_id)
        .values_list("school_id", flat=True)
    )


def _headteacher_of(school: School, partnership) -> RoleAssignment | None:
    return (
        RoleAssignment.objects.current()
        .filter(partnership=partnership, role=Role.HEADTEACHER, school=school)
        .select_related("user")
        .first()
    )


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
    require_roles(ctx, MANAGERS, write=True)
    _require_reason(reason)
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
    head = _headteacher_of(fund_holder, ctx.partnership)
    chooses_chair = may_choose_chair_and_staff(ctx)
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
    if not _may_chair(chair, network.pk, ctx.partnership):
        raise ServiceError(CHAIR_RULE, field="chair")
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
    _require_inclusion_officer(ctx, inclusion_partnership)
    _require_reason(reason)
    if chair is None or not _may_chair(chair, inclusion_partnership.network_id, ctx.partnership):
        raise ServiceError(CHAIR_RULE, field="chair")
    if chair.pk == inclusion_partnership.chair_id:
        raise ServiceError(f"{chair} already chairs the partnership", field="chair")
    inclusion_partnership.chair = chair
    return save_with_history(inclusion_partnership, actor=actor, reason=reason)


CHAIR_RULE = "The chair must be the headteacher of one of the partnership's member schools"


def _may_chair(user, network_id: int, partnership) -> bool:
    """The letter's rule: a member school's headteacher chairs the partnership (decision 0020). So
    the chair holds a current headteacher role in this partnership at a current member school."""
    members = NetworkMembership.objects.current().filter(network_id=network_id).values("school_id")
    return (
        user.is_active
        and RoleAssignment.objects.current()
        .filter(user=user, partnership=partnership, role=Role.HEADTEACHER, school_id__in=members)
        .exists()
    )


def may_choose_chair_and_staff(ctx) -> bool:
    """Whether the person may choose the chair or add and end partnership staff: LA inclusion
    officers only. The chair and staff see every member school's pupils, so choosing them is not
    for ordinary LA officers (who see no pupils), nor for the staff or chair themselves."""
    return Role.INCLUSION_OFFICER in ctx.roles


def _require_inclusion_officer(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> None:
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    if not may_choose_chair_and_staff(ctx):
        raise NotAllowed("only an LA inclusion officer chooses the chair and staff")


def _member_school_ids_of_network(network: Network) -> set[int]:
    return set(
        NetworkMembership.objects.current().filter(network=network).values_list("school_id", flat=True)
    )


def _require_manager_or_staff(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> None:
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    if ctx.has_any(MANAGERS) or is_partnership_staff(ctx, inclusion_partnership):
        return
    raise NotAllowed("needs an LA officer, or the partnership's staff or chair")


@transaction.atomic
def staff_member_add(
    *, actor, ctx, inclusion_partnership: InclusionPartnership, user, starts_on=None, reason: str
) -> InclusionStaffMember:
    _require_inclusion_officer(ctx, inclusion_partnership)
    _require_reason(reason)
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
    _require_inclusion_officer(ctx, member.inclusion_partnership)
    _require_reason(reason)
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
    require_roles(ctx, MANAGERS, write=True)
    _require_manager_or_staff(ctx, inclusion_partnership)
    _require_reason(reason)
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
    return _save_or_refuse(
        FundingAllocation(
            inclusion_partnership=inclusion_partnership, financial_year=financial_year, amount=amount
        ),
        actor=actor,
        reason=reason,
        refusal=already_allocated,
    )


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
    _require_manager_or_staff(ctx, allocation.inclusion_partnership)
    _require_reason(reason)
    if category not in SpendCategory.values:
        raise ServiceError("Select what the money was spent on", field="category")
    if amount is None or amount < 0:
        raise ServiceError("The amount spent must be £0 or more", field="amount")
    return save_with_history(
        Spend(allocation=allocation, category=category, amount=amount, description=description.strip()),
        actor=actor,
        reason=reason,
    )


# --- A school's designated inclusion leads ------------------------------------------------------


@transaction.atomic
def designated_lead_add(*, actor, ctx, school: School, user, reason: str) -> DesignatedInclusionLead:
    if school.pk not in ctx.school_ids(Role.HEADTEACHER):
        raise NotAllowed("only the school's headteacher names its designated inclusion leads")
    _require_reason(reason)
    on_staff = (
        RoleAssignment.objects.current()
        .filter(
            user=user,
            partnership=ctx.partnership,
            school=school,
            role__in=[Role.SCHOOL_STAFF, Role.HEADTEACHER],
        )
        .exists()
    )
    if not on_staff:
        raise ServiceError(
            "A designated inclusion lead must be on the school's staff in the portal", field="user"
        )
    if DesignatedInclusionLead.objects.filter(school=school, user=user).exists():
        raise ServiceError(f"{user} is already a designated inclusion lead", field="user")
    return save_with_history(
        DesignatedInclusionLead(school=school, user=user, named_by=actor), actor=actor, reason=reason
    )


@transaction.atomic
def designated_lead_remove(*, actor, ctx, lead: DesignatedInclusionLead, reason: str) -> None:
    if lead.school_id not in ctx.school_ids(Role.HEADTEACHER):
        raise NotAllowed("only the school's headteacher removes its designated inclusion leads")
    _require_reason(reason)
    delete_with_history(lead, actor=actor, reason=reason)


# --- Pupils and their roll ----------------------------------------------------------------------


def _require_pupil_access(ctx, school: School) -> None:
    if not may_see_pupils_of(ctx, school):
        raise NotAllowed("may not hold pupil records for this school")


def normalise_upn(upn: str) -> str:
    return "".join((upn or "").split()).upper()


class UpnAlreadyRecorded(ServiceError):
    """A new pupil's UPN is already recorded (a child has one UPN, so one record). Refused beside
    the UPN like any mistake, but the refusal tells the person that the portal knows this child, so
    the page logs it (support.selectors.inclusion.record_upn_already_known). Holds the known pupil's
    ids for that entry, never the pupil: the person may not see them."""

    def __init__(self, pupil: Pupil):
        super().__init__(
            "A pupil with this UPN is already recorded. If they have moved to this school, ask the "
            "LA's inclusion officer to record the move: the school will then see their records",
            field="upn",
        )
        self.pupil_id = pupil.pk
        self.school_id = pupil.home_school_id
        self.partnership_id = pupil.partnership_id


def _upn_taken(upn: str) -> UpnAlreadyRecorded | None:
    known = Pupil.objects.filter(upn=upn).only("home_school", "partnership").first()
    return UpnAlreadyRecorded(known) if known is not None else None


def _save_or_refuse(instance, *, actor, reason: str, refusal: Callable[[], ServiceError | None]):
    """Save a row the database keeps unique, in a savepoint. The service checks first, but two
    requests at once can both pass the check: the second save then breaks the unique constraint,
    and this gives that request the check's refusal (from `refusal`, asked again now that the other
    row is there) instead of an error page. Any other integrity error is raised as it is."""
    try:
        with transaction.atomic():
            return save_with_history(instance, actor=actor, reason=reason)
    except IntegrityError:
        error = refusal()
        if error is None:
            raise
        raise error from None


@transaction.atomic
def pupil_create(
    *,
    actor,
    ctx,
    full_name: str,
    date_of_birth: dt.date,
    upn: str,
    home_school: School,
    year_group: int,
    send_status: str = SendStatus.NONE,
    on_roll_from: dt.date | None = None,
    reason: str,
) -> Pupil:
    _require_pupil_access(ctx, home_school)
    _require_reason(reason)
    if not full_name.strip():
        raise ServiceError("Enter the pupil's name", field="full_name")
    upn = normalise_upn(upn)
    problem = upn_problem(upn)
    if problem:
        raise ServiceError(problem, field="upn")
    taken = _upn_taken(upn)
    if taken is not None:
        raise taken
    if send_status not in SendStatus.values:
        raise ServiceError("Select the pupil's SEND status", field="send_status")
    if not 0 <= year_group <= 14:
        raise ServiceError("Enter a year group from 0 (reception) to 14", field="year_group")
    if date_of_birth >= timezone.localdate():
        raise ServiceError("The date of birth must be in the past", field="date_of_birth")
    pupil = _save_or_refuse(
        Pupil(
            partnership=ctx.partnership,
            full_name=full_name.strip(),
            date_of_birth=date_of_birth,
            upn=upn,
            home_school=home_school,
            year_group=year_group,
            send_status=send_status,
            created_by=actor,
            retain_until=retention_date(timezone.localdate()),
        ),
        actor=actor,
        reason=reason,
        refusal=lambda: _upn_taken(upn),
    )
    _roll_add(pupil, home_school, on_roll_from or timezone.localdate(), actor=actor, reason=reason)
    return pupil


def _roll_add(pupil: Pupil, school: School, starts_on: dt.date, *, actor, reason: str) -> PupilRoll:
    # Lock the pupil so that two rolls cannot be added at once and overlap between the check and the save.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    overlapping = pupil.rolls.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
    if overlapping.exists():
        raise ServiceError(
            "This pupil is already on roll at a school then. End that roll first", field="starts_on"
        )
    return save_with_history(
        PupilRoll(pupil=pupil, school=school, starts_on=starts_on), actor=actor, reason=reason
    )


@transaction.atomic
def pupil_move(*, actor, ctx, pupil: Pupil, school: School, moved_on: dt.date, reason: str) -> PupilRoll:
    """Record a pupil's move to another school, other than after a permanent exclusion (where
    exclusion_record and exclusion_update place the pupil). The roll at the old school ends on the
    day of the move, one at the new school starts that day, and the new school becomes the home
    school: from then its staff see the pupil, and the old school's do not (decision 0020).

    The partnership's LA inclusion officers record a move to any school in its local authorities;
    the staff and chair of an inclusion partnership record a managed move between two of its member
    schools. Not headteachers: the new school's head cannot see the pupil until the move is
    recorded, so they ask the inclusion officer."""
    # Lock the pupil first, so that two moves cannot both start from the same roll.
    locked = Pupil.objects.select_for_update(of=("self",)).select_related("home_school").get(pk=pupil.pk)
    if not may_move_pupil(ctx, locked):
        raise NotAllowed("only an LA inclusion officer, or the staff or chair of the pupil's partnership")
    _require_reason(reason)
    if school.la_code not in ctx.partnership.la_codes:
        raise ServiceError(f"Choose a school in {ctx.partnership.name}", field="school")
    if school.pk == locked.home_school_id:
        raise ServiceError(
            f"{locked.full_name} is already on roll at {school.name}. Choose the school they are moving to",
            field="school",
        )
    if not may_move_pupil(ctx, locked, school):
        raise ServiceError(
            "Choose a school in the pupil's inclusion partnership. "
            "An LA inclusion officer records a move to any other school",
            field="school",
        )
    if moved_on is None:
        raise ServiceError("Enter the date of the move", field="moved_on")
    if moved_on > timezone.localdate():
        raise ServiceError("The date of the move must be today or in the past", field="moved_on")
    current = locked.rolls.select_related("school").order_by("-starts_on", "-pk").first()
    if current is not None and moved_on <= current.starts_on:
        raise ServiceError(
            f"The date of the move must be after {current.starts_on:%-d %B %Y}, when "
            f"{locked.full_name} joined {current.school.name}'s roll",
            field="moved_on",
        )
    if school.close_date is not None and school.close_date <= moved_on:
        raise ServiceError(
            f"{school.name} closed on {school.close_date:%-d %B %Y}. Choose a school open on the date of the move",
            field="school",
        )
    if school.close_date is None and school.status.lower().startswith("closed"):
        raise ServiceError(
            f"The school register shows {school.name} as closed. Choose an open school", field="school"
        )
    if school.open_date is not None and school.open_date > moved_on:
        raise ServiceError(
            f"{school.name} opened on {school.open_date:%-d %B %Y}, after the date of the move",
            field="school",
        )
    roll = _place_on_roll(locked, school, moved_on, actor=actor, reason=reason)
    _involved(locked, moved_on, actor=actor, reason=reason)
    pupil.home_school, pupil.retain_until = locked.home_school, locked.retain_until
    return roll


# --- At-risk cases ------------------------------------------------------------------------------


def _inclusion_partnership_of(school: School, partnership) -> InclusionPartnership:
    found = (
        InclusionPartnership.objects.filter(
            partnership=partnership,
            network__memberships__in=NetworkMembership.objects.current().filter(school=school),
        )
        .distinct()
        .first()
    )
    if found is None:
        raise ServiceError("This school is not a member of an inclusion partnership", field="pupil")
    return found


@transaction.atomic
def case_refer(*, actor, ctx, pupil: Pupil, reasons: str, support_tried: str, reason: str) -> AtRiskCase:
    """The home school refers a pupil at risk of exclusion to its inclusion partnership."""
    school = pupil.home_school
    designated = (
        school.pk in ctx.school_ids(Role.HEADTEACHER)
        or DesignatedInclusionLead.objects.filter(school=school, user_id=ctx.user_id).exists()
    )
    if not designated or not may_see_pupils_of(ctx, school):
        raise NotAllowed("only the home school's designated staff refer a pupil")
    _require_reason(reason)
    if not reasons.strip():
        raise ServiceError("Enter why the pupil is at risk", field="reasons")
    if not support_tried.strip():
        raise ServiceError("Enter the support the school has already tried", field="support_tried")
    case = save_with_history(
        AtRiskCase(
            pupil=pupil,
            inclusion_partnership=_inclusion_partnership_of(school, ctx.partnership),
            referring_school=school,
            reasons=reasons.strip(),
            support_tried=support_tried.strip(),
            referred_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    _involved(pupil, case.referred_on, actor=actor, reason=reason)
    return case


@transaction.atomic
def case_agree_plan(
    *, actor, ctx, case: AtRiskCase, plan_type: str, detail: str, next_review_on: dt.date, reason: str
) -> AtRiskCase:
    _require_manager_or_staff_for_pupils(ctx, case.inclusion_partnership)
    _require_reason(reason)
    if plan_type not in PlanType.values:
        raise ServiceError("Select the plan agreed", field="plan_type")
    if case.status == CaseStatus.CLOSED:
        raise ServiceError("This referral is closed")
    today = timezone.localdate()
    if next_review_on is None or next_review_on <= today:
        raise ServiceError("The first review must be after today", field="next_review_on")
    case.plan_type, case.plan_detail = plan_type, detail.strip()
    case.plan_agreed_on, case.plan_agreed_by = today, actor
    case.next_review_on, case.status = next_review_on, CaseStatus.PLAN_AGREED
    save_with_history(case, actor=actor, reason=reason)
    _involved(case.pupil, today, actor=actor, reason=reason)
    return case


@transaction.atomic
def case_review(*, actor, ctx, case: AtRiskCase, notes: str, next_review_on, reason: str) -> PlanReview:
    _require_manager_or_staff_for_pupils(ctx, case.inclusion_partnership)
    _require_reason(reason)
    today = timezone.localdate()
    if next_review_on is not None and next_review_on <= today:
        raise ServiceError("The next review must be after today", field="next_review_on")
    review = save_with_history(
        PlanReview(
            case=case,
            reviewed_on=today,
            notes=notes.strip(),
            next_review_on=next_review_on,
            reviewed_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    case.next_review_on = next_review_on
    save_with_history(case, actor=actor, reason=reason)
    _involved(case.pupil, today, actor=actor, reason=reason)
    return review


@transaction.atomic
def case_close(*, actor, ctx, case: AtRiskCase, reason: str) -> AtRiskCase:
    _require_manager_or_staff_for_pupils(ctx, case.inclusion_partnership)
    _require_reason(reason)
    case.status, case.closed_on, case.next_review_on = CaseStatus.CLOSED, timezone.localdate(), None
    save_with_history(case, actor=actor, reason=reason)
    _involved(case.pupil, case.closed_on, actor=actor, reason=reason)
    return case


def _require_manager_or_staff_for_pupils(ctx, inclusion_partnership: InclusionPartnership) -> None:
    """Partnership staff and chair, and LA inclusion officers: not ordinary LA officers."""
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    if Role.INCLUSION_OFFICER in ctx.roles or is_partnership_staff(ctx, inclusion_partnership):
        return
    raise NotAllowed("needs the partnership's staff or chair, or an LA inclusion officer")


@transaction.atomic
def attendance_record(
    *,
    actor,
    ctx,
    pupil: Pupil,
    starts_on: dt.date,
    ends_on: dt.date,
    sessions_possible: int,
    sessions_attended: int,
    sessions_out_of_mainstream: int = 0,
    reason: str,
) -> AttendanceRecord:
    _require_pupil_access(ctx, pupil.home_school)
    _require_reason(reason)
    if ends_on < starts_on:
        raise ServiceError("The end of the period must not be before its start", field="ends_on")
    if ends_on > timezone.localdate():
        raise ServiceError(
            "The end of the period must not be in the future: record attendance once the period is over",
            field="ends_on",
        )
    if sessions_possible < 0 or sessions_attended < 0 or sessions_out_of_mainstream < 0:
        raise ServiceError("Enter numbers of sessions of 0 or more", field="sessions_possible")
    if sessions_attended > sessions_possible:
        raise ServiceError(
            "Sessions attended cannot be more than sessions possible", field="sessions_attended"
        )
    if sessions_out_of_mainstream > sessions_possible:
        raise ServiceError(
            "Sessions out of mainstream cannot be more than sessions possible",
            field="sessions_out_of_mainstream",
        )
    # Each session is counted once: lock the pupil, as for placements, so that two periods recorded
    # at once cannot both pass the check and overlap.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    overlapping = (
        AttendanceRecord.objects.filter(pupil=pupil, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if overlapping is not None:
        raise ServiceError(
            f"Attendance from {overlapping.starts_on.day} {overlapping.starts_on:%B %Y} to "
            f"{overlapping.ends_on.day} {overlapping.ends_on:%B %Y} is already recorded for this "
            "pupil. Choose a period that does not overlap it",
            field="starts_on",
        )
    record = save_with_history(
        AttendanceRecord(
            pupil=pupil,
            starts_on=starts_on,
            ends_on=ends_on,
            sessions_possible=sessions_possible,
            sessions_attended=sessions_attended,
            sessions_out_of_mainstream=sessions_out_of_mainstream,
            recorded_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    _involved(pupil, ends_on, actor=actor, reason=reason)
    return record


# --- Consultation before permanent exclusion ----------------------------------------------------


def _require_head_of(ctx, school: School) -> None:
    if school.pk not in ctx.school_ids(Role.HEADTEACHER):
        raise NotAllowed("only the school's headteacher")


@transaction.atomic
def consultation_record(
    *,
    actor,
    ctx,
    pupil: Pupil,
    consulted_on: dt.date,
    reason_considered: str,
    alternatives_considered: str,
    chair_advice: str,
    reason: str,
) -> ExclusionConsultation:
    """The headteacher considering a permanent exclusion records their consultation with the chair."""
    _require_head_of(ctx, pupil.home_school)
    _require_reason(reason)
    if consulted_on > timezone.localdate():
        raise ServiceError("The date of the consultation must not be in the future", field="consulted_on")
    for field, value, message in (
        ("reason_considered", reason_considered, "Enter why a permanent exclusion is being considered"),
        ("alternatives_considered", alternatives_considered, "Enter the alternatives considered"),
        ("chair_advice", chair_advice, "Enter the chair's advice"),
    ):
        if not value.strip():
            raise ServiceError(message, field=field)
    inclusion_partnership = _inclusion_partnership_of(pupil.home_school, ctx.partnership)
    consultation = save_with_history(
        ExclusionConsultation(
            pupil=pupil,
            school=pupil.home_school,
            consulted_on=consulted_on,
            chair=inclusion_partnership.chair,
            reason=reason_considered.strip(),
            alternatives_considered=alternatives_considered.strip(),
            chair_advice=chair_advice.strip(),
            recorded_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    _involved(pupil, consulted_on, actor=actor, reason=reason)
    return consultation


def consultation_before_exclusion(
    pupil: Pupil, school: School, excluded_on: dt.date
) -> ExclusionConsultation | None:
    """The consultation with the chair that a permanent exclusion of this pupil by this school on
    this day rests on, or None, when the exclusion is flagged as made without one (decision 0020):
    the latest consultation about the pupil recorded by the same school, dated on or before the
    exclusion and no more than CONSULTATION_COUNTS_FOR_WEEKS weeks before it, and after any earlier
    permanent exclusion of the pupil (a consultation is about one exclusion, not the next).
    exclusion_record links the exclusion to it; the exclusion form warns with it before saving."""
    excluded_since = PermanentExclusion.objects.filter(
        pupil=pupil, excluded_on__gte=OuterRef("consulted_on"), excluded_on__lte=excluded_on
    )
    return (
        ExclusionConsultation.objects.filter(
            pupil=pupil,
            school=school,
            consulted_on__lte=excluded_on,
            consulted_on__gte=excluded_on - dt.timedelta(weeks=CONSULTATION_COUNTS_FOR_WEEKS),
        )
        .exclude(Exists(excluded_since))
        .select_related("chair")
        .order_by("-consulted_on", "-pk")
        .first()
    )


@transaction.atomic
def exclusion_record(
    *,
    actor,
    ctx,
    pupil: Pupil,
    excluded_on: dt.date,
    governors_review: str = GovernorsReview.PENDING,
    placed_at: School | None = None,
    reason: str,
) -> PermanentExclusion:
    """Record a permanent exclusion. It is linked to the consultation with the chair it rests on
    (consultation_before_exclusion), and flagged for good when there is none. Where the pupil is
    placed on roll at a partnership school, the roll moves there and so does the pupil's home
    school."""
    school = pupil.home_school
    _require_head_of(ctx, school)
    _require_reason(reason)
    if governors_review not in GovernorsReview.values:
        raise ServiceError("Select the outcome of the governors' review", field="governors_review")
    inclusion_partnership = _inclusion_partnership_of(school, ctx.partnership)
    if placed_at is not None:
        _check_placement(school, placed_at, inclusion_partnership, governors_review)
    # Decided now, once: a consultation recorded later never changes the flag.
    consultation = consultation_before_exclusion(pupil, school, excluded_on)
    exclusion = save_with_history(
        PermanentExclusion(
            pupil=pupil,
            school=school,
            excluded_on=excluded_on,
            governors_review=governors_review,
            placed_at=placed_at,
            consultation=consultation,
            recorded_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    if placed_at is not None:
        _place_on_roll(pupil, placed_at, excluded_on, actor=actor, reason=reason)
    _involved(pupil, excluded_on, actor=actor, reason=reason)
    return exclusion


# --- Alternative provision ----------------------------------------------------------------------


def _require_provider_manager(ctx) -> None:
    if ctx.has_any(MANAGERS):
        return
    if (
        Role.INCLUSION_STAFF in ctx.roles
        or InclusionPartnership.objects.filter(partnership=ctx.partnership, chair_id=ctx.user_id).exists()
    ):
        return
    raise NotAllowed("needs an LA officer, or inclusion partnership staff or a chair")


@transaction.atomic
def provider_create(
    *,
    actor,
    ctx,
    name: str,
    registration: str = "",
    urn=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    reason: str,
) -> APProvider:
    _require_provider_manager(ctx)
    _require_reason(reason)
    if not name.strip():
        raise ServiceError("Enter the provider's name", field="name")

    def name_taken() -> ServiceError | None:
        if APProvider.objects.filter(partnership=ctx.partnership, name__iexact=name.strip()).exists():
            return ServiceError("A provider with this name is already in the directory", field="name")
        return None

    if (refused := name_taken()) is not None:
        raise refused
    return _save_or_refuse(
        APProvider(
            partnership=ctx.partnership,
            name=name.strip(),
            registration=registration.strip(),
            urn=urn,
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
            contact_phone=contact_phone.strip(),
        ),
        actor=actor,
        reason=reason,
        refusal=name_taken,
    )


@transaction.atomic
def qa_visit_record(
    *, actor, ctx, provider: APProvider, visited_on, outcome: str, notes: str = "", reason: str
):
    _require_provider_manager(ctx)
    _require_reason(reason)
    if provider.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's provider")
    if outcome not in QAOutcome.values:
        raise ServiceError("Select the outcome of the visit", field="outcome")
    if visited_on > timezone.localdate():
        raise ServiceError("The date of the visit must not be in the future", field="visited_on")
    return save_with_history(
        QAVisit(
            provider=provider, visited_on=visited_on, outcome=outcome, notes=notes.strip(), visited_by=actor
        ),
        actor=actor,
        reason=reason,
    )


def _check_placement_dates(pupil: Pupil, starts_on, ends_on, *, exclude_pk=None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError("The end date must be the same as or after the start date", field="ends_on")
    # Lock the pupil so that two placements cannot be made at once and overlap.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    others = APPlacement.objects.filter(pupil=pupil).exclude(pk=exclude_pk)
    overlap = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlap = overlap.filter(starts_on__lte=ends_on)
    if overlap.exists():
        raise ServiceError("This pupil already has a placement on some of these dates", field="starts_on")


@transaction.atomic
def placement_create(
    *,
    actor,
    ctx,
    pupil: Pupil,
    provider: APProvider,
    starts_on: dt.date,
    ends_on: dt.date | None,
    days_per_week: Decimal,
    cost: Decimal,
    funding_source: str,
    review_weeks: int = 6,
    case: AtRiskCase | None = None,
    reason: str,
) -> APPlacement:
    _require_manager_or_staff_for_pupils(ctx, _inclusion_partnership_of(pupil.home_school, ctx.partnership))
    _require_reason(reason)
    if provider.partnership_id != ctx.partnership.pk:
        raise ServiceError("Choose a provider from this partnership's directory", field="provider")
    _refuse_unsuitable_provider(provider)
    if case is not None and case.pupil_id != pupil.pk:
        raise ServiceError("Choose a referral of this pupil", field="case")
    if funding_source not in FundingSource.values:
        raise ServiceError("Select how the placement is funded", field="funding_source")
    days_per_week = Decimal(days_per_week)
    if not Decimal("0.5") <= days_per_week <= 5 or days_per_week * 2 != int(days_per_week * 2):
        raise ServiceError("Enter days per week from 0.5 to 5, in half days", field="days_per_week")
    if cost is None or cost < 0:
        raise ServiceError("The cost must be £0 or more", field="cost")
    if review_weeks < 1:
        raise ServiceError("Enter a review cycle of at least 1 week", field="review_weeks")
    _check_placement_dates(pupil, starts_on, ends_on)
    placement = save_with_history(
        APPlacement(
            pupil=pupil,
            provider=provider,
            case=case,
            starts_on=starts_on,
            ends_on=ends_on,
            days_per_week=days_per_week,
            cost=cost,
            funding_source=funding_source,
            review_weeks=review_weeks,
            created_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    _involved(pupil, ends_on or starts_on, actor=actor, reason=reason)
    return placement


@transaction.atomic
def placement_end(
    *,
    actor,
    ctx,
    placement: APPlacement,
    ends_on: dt.date,
    outcome: str,
    outcome_detail: str = "",
    reason: str,
) -> APPlacement:
    _require_manager_or_staff_for_pupils(
        ctx, _inclusion_partnership_of(placement.pupil.home_school, ctx.partnership)
    )
    _require_reason(reason)
    if outcome not in PlacementOutcome.values:
        raise ServiceError("Select the outcome of the placement", field="outcome")
    if outcome == PlacementOutcome.OTHER and not outcome_detail.strip():
        raise ServiceError("Describe the outcome", field="outcome_detail")
    if ends_on is not None and ends_on > timezone.localdate():
        # An outcome means the placement is over: one recorded ahead would count it as ended (and
        # not running) while the pupil is still there.
        raise ServiceError(
            "The placement's last day cannot be in the future: record the end when it has happened",
            field="ends_on",
        )
    _check_placement_dates(placement.pupil, placement.starts_on, ends_on, exclude_pk=placement.pk)
    placement.ends_on, placement.outcome, placement.outcome_detail = ends_on, outcome, outcome_detail.strip()
    save_with_history(placement, actor=actor, reason=reason)
    _involved(placement.pupil, ends_on, actor=actor, reason=reason)
    return placement


# --- Placement reviews and provider edits (pages) -----------------------------------------------


def may_manage_providers(ctx) -> bool:
    """Whether the person may add and change providers and record QA visits: the same rule as the
    services, asked by pages so they show an action only to someone who may take it."""
    try:
        _require_provider_manager(ctx)
    except NotAllowed:
        return False
    return True


def may_manage_placements_of(ctx, pupil: Pupil) -> bool:
    """Whether the person may make, review and end this pupil's placements: the staff or chair of
    the home school's inclusion partnership, or an LA inclusion officer."""
    try:
        _require_manager_or_staff_for_pupils(
            ctx, _inclusion_partnership_of(pupil.home_school, ctx.partnership)
        )
    except (NotAllowed, ServiceError):
        return False
    return True


def latest_qa_visit(provider: APProvider) -> QAVisit | None:
    return QAVisit.objects.filter(provider=provider).order_by("-visited_on", "-pk").first()


def _refuse_unsuitable_provider(provider: APProvider) -> None:
    """No new placement with a provider whose latest quality assurance visit found it not suitable."""
    latest = latest_qa_visit(provider)
    if latest is not None and latest.outcome == QAOutcome.UNSUITABLE:
        raise ServiceError(
            f"{provider.name} was found not suitable at its last quality assurance visit, on "
            f"{latest.visited_on.day} {latest.visited_on:%B %Y}. Choose another provider",
            field="provider",
        )


@dataclass(frozen=True)
class ReviewDue:
    """When a placement's next review is due, and whether that day has passed. No date once the
    placement has ended."""

    due_on: dt.date | None
    overdue: bool


def placement_has_ended(placement: APPlacement, today: dt.date | None = None) -> bool:
    """Ended once its outcome is recorded or its last day has passed."""
    today = today or timezone.localdate()
    return bool(placement.outcome) or (placement.ends_on is not None and placement.ends_on < today)


def placement_review_due(placement: APPlacement, today: dt.date | None = None) -> ReviewDue:
    """The next review is the date the last review set; when it set none, or there has been no
    review yet, it is one review cycle after the last review or the start. Reads the placement's
    reviews through prefetch_related when the caller prefetched them, or uses the review_due_on
    annotation of support.selectors.inclusion.placements_page when it is there."""
    today = today or timezone.localdate()
    if placement_has_ended(placement, today):
        return ReviewDue(None, False)
    annotated = getattr(placement, "review_due_on", None)
    if annotated is not None:
        return ReviewDue(annotated, annotated < today)
    reviews = sorted(placement.reviews.all(), key=lambda r: (r.reviewed_on, r.pk))
    last = reviews[-1] if reviews else None
    if last is not None and last.next_review_on is not None:
        due = last.next_review_on
    else:
        due = (last.reviewed_on if last else placement.starts_on) + dt.timedelta(weeks=placement.review_weeks)
    return ReviewDue(due, due < today)


@transaction.atomic
def placement_review(
    *,
    actor,
    ctx,
    placement: APPlacement,
    attendance_notes: str = "",
    progress_notes: str,
    next_review_on: dt.date | None,
    reason: str,
) -> PlacementReview:
    """A review on the placement's cycle. With no next date, the next review falls one cycle on."""
    _require_manager_or_staff_for_pupils(
        ctx, _inclusion_partnership_of(placement.pupil.home_school, ctx.partnership)
    )
    _require_reason(reason)
    today = timezone.localdate()
    if placement_has_ended(placement, today):
        raise ServiceError("This placement has ended, so it can no longer be reviewed")
    if placement.starts_on > today:
        raise ServiceError("This placement has not started yet, so it cannot be reviewed")
    if not progress_notes.strip():
        raise ServiceError("Enter how the pupil is getting on", field="progress_notes")
    if next_review_on is not None and next_review_on <= today:
        raise ServiceError("The next review must be after today", field="next_review_on")
    review = save_with_history(
        PlacementReview(
            placement=placement,
            reviewed_on=today,
            attendance_notes=attendance_notes.strip(),
            progress_notes=progress_notes.strip(),
            next_review_on=next_review_on,
            reviewed_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    _involved(placement.pupil, today, actor=actor, reason=reason)
    return review


@transaction.atomic
def provider_update(
    *,
    actor,
    ctx,
    provider: APProvider,
    name: str,
    registration: str = "",
    urn=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    reason: str,
) -> APProvider:
    """Change a provider's details: the same rules as adding one, and the name stays unique."""
    _require_provider_manager(ctx)
    if provider.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's provider")
    _require_reason(reason)
    if not name.strip():
        raise ServiceError("Enter the provider's name", field="name")

    def name_taken() -> ServiceError | None:
        same_name = APProvider.objects.filter(partnership=ctx.partnership, name__iexact=name.strip())
        if same_name.exclude(pk=provider.pk).exists():
            return ServiceError("A provider with this name is already in the directory", field="name")
        return None

    if (refused := name_taken()) is not None:
        raise refused
    provider.name = name.strip()
    provider.registration = registration.strip()
    provider.urn = urn
    provider.contact_name = contact_name.strip()
    provider.contact_email = contact_email.strip()
    provider.contact_phone = contact_phone.strip()
    return _save_or_refuse(provider, actor=actor, reason=reason, refusal=name_taken)


# --- Exclusion follow-up (pages) ----------------------------------------------------------------
# The governors' review and the pupil's placement on roll at another school usually come days or
# weeks after the exclusion is recorded, so they can be recorded afterwards. The checks on a
# placement and the move of the roll are shared with exclusion_record.


def _check_placement(
    school: School, placed_at: School, inclusion_partnership: InclusionPartnership, governors_review: str
) -> None:
    if placed_at.pk == school.pk:
        raise ServiceError("Choose a different school from the one that excluded", field="placed_at")
    if placed_at.pk not in _member_school_ids(inclusion_partnership):
        raise ServiceError("Choose a school in the inclusion partnership", field="placed_at")
    if governors_review == GovernorsReview.REINSTATED:
        raise ServiceError(
            "A pupil the governors reinstated stays on roll at their school, so do not choose another school",
            field="placed_at",
        )


def _place_on_roll(pupil: Pupil, placed_at: School, on: dt.date, *, actor, reason: str) -> PupilRoll:
    """End the pupil's roll at the excluding school on the day, open one at the new school from that
    day, and make it the pupil's home school: from then on its staff see the pupil, and the
    excluding school's do not (decision 0020)."""
    current = pupil.rolls.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lt=on)
    for roll in current:
        roll.ends_on = on
        save_with_history(roll, actor=actor, reason=reason)
    roll = _roll_add(pupil, placed_at, on, actor=actor, reason=reason)
    pupil.home_school = placed_at
    save_with_history(pupil, actor=actor, reason=reason)
    return roll


def exclusion_follow_up_allowed(ctx, exclusion: PermanentExclusion) -> bool:
    """Who records the governors' review and the placement after an exclusion.

    The excluding school's headteacher, while the pupil is still on that school's roll; and the
    partnership's LA inclusion officers. The LA arranges a permanently excluded pupil's education
    and hears the governors' decision, and once the pupil is placed at another school the
    excluding head no longer sees the pupil's records (decision 0020), so an officer must be able
    to finish the record. Partnership staff and chairs may not: the exclusion is the school's
    decision, and the chair's part is the consultation before it.
    """
    if exclusion.pupil.partnership_id != ctx.partnership.pk:
        return False
    if Role.INCLUSION_OFFICER in ctx.roles:
        return True
    return (
        exclusion.school_id in ctx.school_ids(Role.HEADTEACHER)
        and exclusion.pupil.home_school_id == exclusion.school_id
    )


@transaction.atomic
def exclusion_update(
    *,
    actor,
    ctx,
    exclusion: PermanentExclusion,
    governors_review: str,
    placed_at: School | None = None,
    placed_on: dt.date | None = None,
    reason: str,
) -> PermanentExclusion:
    """Record the outcome of the governors' review and, once, the school the pupil is placed on roll
    at (from placed_on, or the date of the exclusion). A placement is not changed afterwards: the
    pupil's roll and home school have moved, and a later move is a change to the roll."""
    if not exclusion_follow_up_allowed(ctx, exclusion):
        raise NotAllowed("only the excluding school's headteacher or an LA inclusion officer")
    _require_reason(reason)
    if governors_review not in GovernorsReview.values:
        raise ServiceError("Select the outcome of the governors' review", field="governors_review")
    # Lock the exclusion, so that two people cannot place the pupil at two schools at once.
    locked = (
        PermanentExclusion.objects.select_for_update(of=("self",))
        .select_related("pupil", "school", "placed_at")
        .get(pk=exclusion.pk)
    )
    placing = placed_at is not None and placed_at.pk != locked.placed_at_id
    if placing and locked.placed_at_id is not None:
        raise ServiceError(
            f"This pupil has already been placed on roll at {locked.placed_at.name}. "
            "A placement cannot be changed here",
            field="placed_at",
        )
    if locked.placed_at_id is not None and governors_review == GovernorsReview.REINSTATED:
        raise ServiceError(
            f"This pupil is already on roll at {locked.placed_at.name}, so the exclusion cannot be "
            "recorded as reinstated here",
            field="governors_review",
        )
    if not placing and governors_review == locked.governors_review:
        raise ServiceError(
            "Nothing has changed. Choose a different outcome of the governors' review, or a school",
            field="governors_review",
        )
    today = timezone.localdate()
    if placing:
        _check_placement(
            locked.school,
            placed_at,
            _inclusion_partnership_of(locked.school, ctx.partnership),
            governors_review,
        )
        placed_on = placed_on or locked.excluded_on
        if placed_on < locked.excluded_on:
            raise ServiceError(
                "The pupil cannot be placed on roll before the date of the exclusion", field="placed_on"
            )
        if placed_on > today:
            raise ServiceError("The date placed on roll must not be in the future", field="placed_on")
        locked.placed_at = placed_at
    locked.governors_review = governors_review
    save_with_history(locked, actor=actor, reason=reason)
    if placing:
        _place_on_roll(locked.pupil, placed_at, placed_on, actor=actor, reason=reason)
    _involved(locked.pupil, placed_on if placing else today, actor=actor, reason=reason)
    exclusion.governors_review, exclusion.placed_at = locked.governors_review, locked.placed_at
    return locked


# --- Pupil details (pages) ----------------------------------------------------------------------


@transaction.atomic
def pupil_update(
    *,
    actor,
    ctx,
    pupil: Pupil,
    full_name: str,
    date_of_birth: dt.date,
    year_group: int,
    send_status: str,
    reason: str,
) -> Pupil:
    """Correct a pupil's name, date of birth, year group or SEND status. The UPN and the home school
    are not changed here: a UPN identifies the child, and the home school moves with the roll."""
    _require_pupil_access(ctx, pupil.home_school)
    _require_reason(reason)
    if not full_name.strip():
        raise ServiceError("Enter the pupil's name", field="full_name")
    if date_of_birth is None or date_of_birth >= timezone.localdate():
        raise ServiceError("The date of birth must be in the past", field="date_of_birth")
    if year_group is None or not 0 <= year_group <= 14:
        raise ServiceError("Enter a year group from 0 (reception) to 14", field="year_group")
    if send_status not in SendStatus.values:
        raise ServiceError("Select the pupil's SEND status", field="send_status")
    changed = (full_name.strip(), date_of_birth, year_group, send_status) != (
        pupil.full_name,
        pupil.date_of_birth,
        pupil.year_group,
        pupil.send_status,
    )
    if not changed:
        raise ServiceError("You have not changed any of the details. Change one, or cancel")
    pupil.full_name, pupil.date_of_birth = full_name.strip(), date_of_birth
    pupil.year_group, pupil.send_status = year_group, send_status
    return save_with_history(pupil, actor=actor, reason=reason)


# --- Partnership details (pages) ----------------------------------------------------------------


def may_manage_inclusion_partnerships(ctx) -> bool:
    """Whether the person may set up inclusion partnerships and change their area, fund holder and
    allocations: LA officers and administrators, and LA inclusion officers. Asked by pages so they
    show an action only to someone who may take it. The chair and staff: may_choose_chair_and_staff."""
    return ctx.has_any(MANAGERS)


def may_record_spend(ctx, inclusion_partnership: InclusionPartnership) -> bool:
    """Whether the person may record what a partnership's allocation was spent on: the managers
    above, and the partnership's own staff and chair (the same rule as spend_add)."""
    try:
        _require_manager_or_staff(ctx, inclusion_partnership)
    except NotAllowed:
        return False
    return True


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
    require_roles(ctx, MANAGERS, write=True)
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    _require_reason(reason)
    area = (area or "").strip()
    if not area:
        raise ServiceError("Enter the area the partnership covers", field="area")
    if fund_holder.pk not in _member_school_ids(inclusion_partnership):
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
    require_roles(ctx, MANAGERS, write=True)
    _require_manager_or_staff(ctx, allocation.inclusion_partnership)
    _require_reason(reason)
    if amount is None or amount < 0:
        raise ServiceError("The allocation must be £0 or more", field="amount")
    if amount == allocation.amount:
        raise ServiceError(f"The allocation for {allocation} is already £{amount:,.2f}", field="amount")
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
