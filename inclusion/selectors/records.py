"""Who may see pupil-level inclusion records, in one place (decision 0020).

A pupil's records are visible only to:
- the pupil's home school's designated staff: its headteacher, and the designated inclusion leads
  the headteacher names (who must still hold a staff role at that school);
- the staff and chair of an inclusion partnership the home school is a current member of (the
  chair only while a headteacher of one of its member schools);
- the partnership's LA inclusion officers.
Nobody else: not ordinary LA officers or administrators, board members, other headteachers,
partner organisations, or anyone in another partnership. Anything else is NotVisible (a 404).

Every read of pupil-level records writes an access log entry: one per record for a single record,
one per list with the number of pupils in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import RecordType, record_access, record_view
from partnership.models import LA_ROLES, AccessLogEntry, Partnership, Role, RoleAssignment
from schools.models import NetworkMembership, School

from ..models import (
    APPlacement,
    APProvider,
    AtRiskCase,
    AttendanceRecord,
    CaseStatus,
    DesignatedInclusionLead,
    ExclusionConsultation,
    InclusionPartnership,
    InclusionStaffMember,
    PermanentExclusion,
    PlacementOutcome,
    PlacementReview,
    PlanReview,
    Pupil,
    PupilRoll,
    QAVisit,
)


def inclusion_partnerships_served(ctx: PartnershipContext) -> QuerySet[InclusionPartnership]:
    """The inclusion partnerships whose pupils this person sees as their staff or chair. A chair
    sees them only while a headteacher of one of its member schools: a chair whose headship ends
    (or whose school leaves) stops seeing pupils at once, whatever the chair field says."""
    own = InclusionPartnership.objects.filter(partnership=ctx.partnership)
    headships = (
        RoleAssignment.objects.current()
        .filter(user_id=ctx.user_id, partnership=ctx.partnership, role=Role.HEADTEACHER)
        .values("school_id")
    )
    served = Q(
        chair_id=ctx.user_id,
        network__in=NetworkMembership.objects.current().filter(school_id__in=headships).values("network"),
    )
    if Role.INCLUSION_STAFF in ctx.roles:
        served |= Q(
            pk__in=InclusionStaffMember.objects.current()
            .filter(user_id=ctx.user_id)
            .values("inclusion_partnership")
        )
    return own.filter(served)


def pupil_school_ids(ctx: PartnershipContext) -> frozenset[int] | None:
    """The home schools whose pupils this person may see: None for every school in the partnership
    (an LA inclusion officer), an empty set for nobody."""
    if Role.INCLUSION_OFFICER in ctx.roles:
        return None
    ids = set(ctx.school_ids(Role.HEADTEACHER))
    staff_schools = ctx.school_ids(Role.SCHOOL_STAFF, Role.HEADTEACHER)
    if staff_schools:
        ids |= set(
            DesignatedInclusionLead.objects.filter(
                user_id=ctx.user_id, school_id__in=staff_schools
            ).values_list("school_id", flat=True)
        )
    networks = inclusion_partnerships_served(ctx).values("network")
    ids |= set(
        NetworkMembership.objects.current().filter(network__in=networks).values_list("school_id", flat=True)
    )
    return frozenset(ids)


def _scoped(ctx: PartnershipContext, queryset: QuerySet, pupil_path: str = "") -> QuerySet:
    prefix = f"{pupil_path}__" if pupil_path else ""
    queryset = queryset.filter(**{f"{prefix}partnership": ctx.partnership})
    school_ids = pupil_school_ids(ctx)
    if school_ids is None:
        return queryset
    return queryset.filter(**{f"{prefix}home_school_id__in": school_ids})


def may_see_pupils_of(ctx: PartnershipContext, school) -> bool:
    """Whether the person may see (and so record) pupils whose home school is this one."""
    if school.la_code not in ctx.partnership.la_codes:
        return False
    school_ids = pupil_school_ids(ctx)
    return school_ids is None or school.pk in school_ids


def visible_pupils(ctx: PartnershipContext) -> QuerySet[Pupil]:
    """Not logged: for counts and choices inside services. Pages use pupils_visible."""
    return _scoped(ctx, Pupil.objects.select_related("home_school"))


def pupils_visible(request, ctx: PartnershipContext) -> list[Pupil]:
    """The pupils this person may see, logged as one list view."""
    pupils = list(visible_pupils(ctx))
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPILS,
        description=f"{len(pupils)} pupils",
    )
    return pupils


def pupil_for(request, ctx: PartnershipContext, pupil_id) -> Pupil:
    pupil = visible_pupils(ctx).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotVisible(f"pupil {pupil_id} is not visible to this person")
    record_view(request, record_type=RecordType.PUPIL, record_id=pupil.pk, school=pupil.home_school)
    return pupil


def record_upn_already_known(request, ctx: PartnershipContext, refusal) -> None:
    """Log a refused attempt to record a pupil whose UPN is already recorded: the refusal tells the
    person that the portal holds this child, whether or not they may see the record. `refusal` is
    the service's UpnAlreadyRecorded. The entry goes in the log of the partnership that holds the
    pupil, against the pupil's home school, so the people who answer for that record see it; it
    names neither the child nor the UPN."""
    same_partnership = refusal.partnership_id == ctx.partnership.pk
    record_access(
        request,
        action=AccessLogEntry.Action.REFUSED,
        record_type=RecordType.PUPIL,
        record_id=refusal.pupil_id,
        description=(
            "Tried to record a new pupil with a UPN that is already recorded, "
            "so was told that the portal holds this pupil"
        ),
        school_id=refusal.school_id,
        partnership=None if same_partnership else Partnership.objects.get(pk=refusal.partnership_id),
    )


def _record_for(request, ctx, queryset: QuerySet, pk, record_type: str):
    record = _scoped(ctx, queryset.select_related("pupil"), "pupil").filter(pk=pk).first()
    if record is None:
        raise NotVisible(f"{record_type} {pk} is not visible to this person")
    record_view(request, record_type=record_type, record_id=record.pk, school_id=record.pupil.home_school_id)
    return record


def _records_visible(request, ctx, queryset: QuerySet, record_type: str) -> list:
    records = list(_scoped(ctx, queryset.select_related("pupil"), "pupil"))
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=record_type,
        description=f"{len(records)} records",
    )
    return records


def case_for(request, ctx, case_id) -> AtRiskCase:
    return _record_for(request, ctx, AtRiskCase.objects.all(), case_id, RecordType.PUPIL_CASE)


def cases_visible(request, ctx) -> list[AtRiskCase]:
    return _records_visible(request, ctx, AtRiskCase.objects.all(), RecordType.PUPIL_CASES)


def placement_for(request, ctx, placement_id) -> APPlacement:
    return _record_for(
        request, ctx, APPlacement.objects.select_related("provider"), placement_id, RecordType.PUPIL_PLACEMENT
    )


def placements_visible(request, ctx) -> list[APPlacement]:
    return _records_visible(
        request, ctx, APPlacement.objects.select_related("provider"), RecordType.PUPIL_PLACEMENTS
    )


def exclusions_visible(request, ctx) -> list[PermanentExclusion]:
    return _records_visible(
        request, ctx, PermanentExclusion.objects.with_consultation_flag(), RecordType.PUPIL_EXCLUSIONS
    )


def consultations_visible(request, ctx) -> list[ExclusionConsultation]:
    return _records_visible(request, ctx, ExclusionConsultation.objects.all(), RecordType.PUPIL_CONSULTATIONS)


def is_partnership_staff(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> bool:
    """Staff or chair of this inclusion partnership, today: the same rule as
    inclusion_partnerships_served, so a chair who is no longer a member school's head is neither."""
    if inclusion_partnership.chair_id == ctx.user_id:
        return inclusion_partnerships_served(ctx).filter(pk=inclusion_partnership.pk).exists()
    return (
        Role.INCLUSION_STAFF in ctx.roles
        and InclusionStaffMember.objects.current(timezone.localdate())
        .filter(inclusion_partnership=inclusion_partnership, user_id=ctx.user_id)
        .exists()
    )


# --- At-risk referrals: the list page and the referral's page -----------------------------------


@dataclass(frozen=True)
class CaseFilters:
    """The referrals list's filters, from its GET form. An empty status means every open referral."""

    q: str = ""
    status: str = ""
    area: int | None = None
    overdue: bool = False
    sort: str = "referred"


CASE_SORTS = {
    "referred": ("-referred_on", "-pk"),
    "referred_oldest": ("referred_on", "pk"),
    "next_review": (F("next_review_on").asc(nulls_last=True), "-referred_on", "-pk"),
}
ALL_STATUSES = "all"


def sees_any_pupils(ctx: PartnershipContext) -> bool:
    school_ids = pupil_school_ids(ctx)
    return school_ids is None or bool(school_ids)


def case_area_choices(ctx: PartnershipContext) -> list[tuple[int, str]]:
    """The partnership's inclusion partnerships, for the area filter. Not pupil-level."""
    return list(
        InclusionPartnership.objects.filter(partnership=ctx.partnership)
        .order_by("area")
        .values_list("pk", "area")
    )


def case_page(request, ctx: PartnershipContext, filters: CaseFilters, page_number) -> Page:
    """One page of the referrals the person may see, 50 at a time, filtered; logged as one list view
    with how many referrals matched. Someone who may see no pupils at all gets NotVisible."""
    if not sees_any_pupils(ctx):
        raise NotVisible("sees no pupil records")
    cases = _scoped(
        ctx,
        AtRiskCase.objects.select_related("pupil", "referring_school", "inclusion_partnership"),
        "pupil",
    )
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status in CaseStatus.values:
        cases = cases.filter(status=filters.status)
    else:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if filters.area:
        cases = cases.filter(inclusion_partnership_id=filters.area)
    if filters.overdue:
        cases = cases.filter(next_review_on__lt=timezone.localdate())
    if filters.q.strip():
        words = filters.q.strip()
        cases = cases.filter(Q(pupil__full_name__icontains=words) | Q(pupil__upn__iexact=words))
    cases = cases.order_by(*CASE_SORTS.get(filters.sort, CASE_SORTS["referred"]))
    page = Paginator(cases, 50).get_page(page_number)
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPIL_CASES,
        description=f"{len(page.object_list)} of {page.paginator.count} records",
    )
    return page


def case_detail_for(request, ctx: PartnershipContext, case_id, *, with_reviews: bool = True) -> AtRiskCase:
    """case_for, with what the referral's pages show fetched in the same few queries: its reviews
    and placements too unless with_reviews is False (the forms need neither)."""
    queryset = AtRiskCase.objects.select_related(
        "pupil__home_school", "referring_school", "inclusion_partnership", "referred_by", "plan_agreed_by"
    )
    if with_reviews:
        reviews = PlanReview.objects.select_related("reviewed_by").order_by("-reviewed_on", "-pk")
        placements = APPlacement.objects.select_related("provider").order_by("-starts_on", "-pk")
        queryset = queryset.prefetch_related(Prefetch("reviews", reviews), Prefetch("placements", placements))
    return _record_for(request, ctx, queryset, case_id, RecordType.PUPIL_CASE)


def open_cases_of(ctx: PartnershipContext, pupil: Pupil) -> list[AtRiskCase]:
    """A pupil's open referrals, for the refer page's warning. Not logged on its own: only ever
    called for a pupil just read through pupil_for, which logged the read."""
    return list(
        _scoped(ctx, AtRiskCase.objects.filter(pupil=pupil), "pupil")
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-referred_on", "-pk")
    )


def may_refer(ctx: PartnershipContext, pupil: Pupil) -> bool:
    """The home school's headteacher or one of its designated inclusion leads (as case_refer)."""
    school_id = pupil.home_school_id
    if school_id in ctx.school_ids(Role.HEADTEACHER):
        return True
    return (
        school_id in ctx.school_ids(Role.SCHOOL_STAFF)
        and DesignatedInclusionLead.objects.filter(school_id=school_id, user_id=ctx.user_id).exists()
    )


def may_manage_case(ctx: PartnershipContext, case: AtRiskCase) -> bool:
    """The partnership's staff or chair, or an LA inclusion officer: who agrees, reviews and closes."""
    if case.inclusion_partnership.partnership_id != ctx.partnership.pk:
        return False
    return Role.INCLUSION_OFFICER in ctx.roles or is_partnership_staff(ctx, case.inclusion_partnership)


# --- A pupil's move to another school -----------------------------------------------------------

# GIAS phases whose schools take secondary-age pupils: listed first when choosing a pupil's new school.
SECONDARY_PHASES = ("Secondary", "Middle deemed secondary", "All-through")


def _served_networks_holding(ctx: PartnershipContext, school_id) -> QuerySet:
    """The networks of the inclusion partnerships this person serves that hold the school today."""
    return (
        NetworkMembership.objects.current()
        .filter(network__in=inclusion_partnerships_served(ctx).values("network"), school_id=school_id)
        .values("network_id")
    )


def may_move_pupil(ctx: PartnershipContext, pupil: Pupil, school=None) -> bool:
    """Who records a pupil's move to another school (as pupil_move): the partnership's LA inclusion
    officers, to any of its schools; and the staff and chair of an inclusion partnership the home
    school belongs to, to another of its member schools (a managed move). Without a school: whether
    they may record a move at all. Not headteachers as such: the new school's head cannot see the
    pupil until the move is recorded."""
    if pupil.partnership_id != ctx.partnership.pk:
        return False
    if Role.INCLUSION_OFFICER in ctx.roles:
        return True
    networks = _served_networks_holding(ctx, pupil.home_school_id)
    if school is None:
        return networks.exists()
    return NetworkMembership.objects.current().filter(network_id__in=networks, school=school).exists()


def move_schools(ctx: PartnershipContext, pupil: Pupil) -> QuerySet[School]:
    """The schools this person may record the pupil moving to, open today, secondary schools first
    (each marked `secondary`), then by name: for an LA inclusion officer every open school in the
    partnership's local authorities; for partnership staff and chairs, the other member schools of
    the pupil's inclusion partnership."""
    today = timezone.localdate()
    schools = (
        School.objects.filter(la_code__in=ctx.partnership.la_codes)
        .filter(Q(close_date__isnull=True) | Q(close_date__gt=today))
        .filter(Q(open_date__isnull=True) | Q(open_date__lte=today))
        .exclude(status__istartswith="closed")
        .exclude(pk=pupil.home_school_id)
    )
    if Role.INCLUSION_OFFICER not in ctx.roles:
        members = NetworkMembership.objects.current().filter(
            network_id__in=_served_networks_holding(ctx, pupil.home_school_id)
        )
        schools = schools.filter(pk__in=members.values("school_id"))
    return schools.annotate(
        secondary=Case(
            When(phase__in=SECONDARY_PHASES, then=True), default=False, output_field=BooleanField()
        )
    ).order_by("-secondary", "name", "pk")


# --- Pupil pages: the list, one pupil's record, and a headteacher's designated leads ----------

PUPIL_SORTS = {
    "name": ("full_name", "pk"),
    "school": ("home_school__name", "full_name", "pk"),
    "year": ("year_group", "full_name", "pk"),
}


@dataclass(frozen=True)
class PupilFilters:
    q: str = ""
    school_id: int | None = None
    year_group: int | None = None
    sort: str = "name"

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.school_id or self.year_group is not None)


def pupil_schools(ctx: PartnershipContext, *, with_pupils_only: bool = False) -> QuerySet[School] | None:
    """The schools whose pupils this person may see (and so record), by name; None when they may see
    no pupils at all. An LA inclusion officer may see every school's pupils: for a list filter,
    with_pupils_only narrows theirs to the schools with pupils recorded, and otherwise to the open
    schools."""
    ids = pupil_school_ids(ctx)
    if ids is not None and not ids:
        return None
    schools = School.objects.filter(la_code__in=ctx.partnership.la_codes).order_by("name", "pk")
    if ids is not None:
        return schools.filter(pk__in=ids)
    if with_pupils_only:
        return schools.filter(pk__in=_scoped(ctx, Pupil.objects.all()).values("home_school_id"))
    return schools.filter(close_date__isnull=True)


def pupils_page(request, ctx: PartnershipContext, filters: PupilFilters, page_number, per_page: int = 50):
    """One page of the pupils this person may see, searched, filtered and sorted, each marked with
    whether they have an open referral. Logged as one list view with the number of pupils found."""
    open_referral = AtRiskCase.objects.filter(pupil=OuterRef("pk")).exclude(status=CaseStatus.CLOSED)
    pupils = _scoped(
        ctx,
        Pupil.objects.select_related("home_school").annotate(has_open_referral=Exists(open_referral)),
    )
    if filters.q:
        term = filters.q.strip()
        pupils = pupils.filter(Q(full_name__icontains=term) | Q(upn="".join(term.split()).upper()))
    if filters.school_id:
        pupils = pupils.filter(home_school_id=filters.school_id)
    if filters.year_group is not None:
        pupils = pupils.filter(year_group=filters.year_group)
    pupils = pupils.order_by(*PUPIL_SORTS.get(filters.sort, PUPIL_SORTS["name"]))
    page = Paginator(pupils, per_page).get_page(page_number)
    # Say how many were found, never what was searched for: a search term may be a child's name.
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPILS,
        description=(
            f"{page.paginator.count} pupil{'' if page.paginator.count == 1 else 's'}"
            f"{' (searched or filtered)' if filters.filtered else ''}, page {page.number}"
        ),
    )
    return page


def pupil_record(request, ctx: PartnershipContext, pupil_id) -> Pupil:
    """A pupil (logged by pupil_for) with everything their page shows, in a fixed number of queries."""
    pupil = pupil_for(request, ctx, pupil_id)
    prefetch_related_objects(
        [pupil],
        Prefetch("rolls", queryset=PupilRoll.objects.select_related("school").order_by("starts_on", "pk")),
        Prefetch("at_risk_cases", queryset=AtRiskCase.objects.select_related("referring_school")),
        Prefetch("attendance", queryset=AttendanceRecord.objects.order_by("-starts_on", "-pk")),
        Prefetch(
            "exclusion_consultations",
            queryset=ExclusionConsultation.objects.select_related("chair", "school"),
        ),
        Prefetch(
            "permanent_exclusions",
            queryset=PermanentExclusion.objects.with_consultation_flag().select_related(
                "school", "placed_at"
            ),
        ),
        Prefetch("placements", queryset=APPlacement.objects.select_related("provider")),
    )
    return pupil


@dataclass(frozen=True)
class PupilActions:
    """What this person may do about a pupil they can see, so a page offers only those actions."""

    edit: bool = False
    attendance: bool = False
    refer: bool = False
    consult: bool = False
    exclude: bool = False
    place: bool = False
    move: bool = False


def pupil_actions(ctx: PartnershipContext, pupil: Pupil) -> PupilActions:
    """The same rules the services enforce. Whoever sees a pupil may correct their details and record
    attendance; the home school's head or designated lead refers (when no referral is open); its
    head records a consultation and an exclusion; the partnership's staff and chair and the LA
    inclusion officers make placements and record a move to another school. Referral, consultation,
    exclusion and placement all need the home school to be in an inclusion partnership (a move by an
    inclusion officer does not). Expects pupil_record's prefetched referrals."""
    school_id = pupil.home_school_id
    is_head = school_id in ctx.school_ids(Role.HEADTEACHER)
    is_lead = (
        not is_head
        and school_id in ctx.school_ids(Role.SCHOOL_STAFF)
        and DesignatedInclusionLead.objects.filter(school_id=school_id, user_id=ctx.user_id).exists()
    )
    inclusion_partnership = (
        InclusionPartnership.objects.filter(
            partnership=ctx.partnership,
            network__memberships__in=NetworkMembership.objects.current().filter(school_id=school_id),
        )
        .distinct()
        .first()
    )
    in_partnership = inclusion_partnership is not None
    open_referral = any(case.status != CaseStatus.CLOSED for case in pupil.at_risk_cases.all())
    is_officer = Role.INCLUSION_OFFICER in ctx.roles
    manages = in_partnership and (is_officer or is_partnership_staff(ctx, inclusion_partnership))
    return PupilActions(
        edit=True,
        attendance=True,
        refer=in_partnership and not open_referral and (is_head or is_lead),
        consult=in_partnership and is_head,
        exclude=in_partnership and is_head,
        place=manages,
        # As may_move_pupil: an inclusion officer, or the staff or chair of the school's partnership.
        move=is_officer or manages,
    )


def _on_school_staff_now() -> Exists:
    return Exists(
        RoleAssignment.objects.current().filter(
            user_id=OuterRef("user_id"),
            school_id=OuterRef("school_id"),
            role__in=[Role.SCHOOL_STAFF, Role.HEADTEACHER],
        )
    )


def designated_leads_for(ctx: PartnershipContext) -> list[DesignatedInclusionLead]:
    """The designated inclusion leads of the schools this person is headteacher of, each marked with
    whether they still hold a staff role there (a lead who does not sees nothing)."""
    return list(
        DesignatedInclusionLead.objects.filter(school_id__in=ctx.school_ids(Role.HEADTEACHER))
        .select_related("school", "user", "named_by")
        .annotate(on_staff=_on_school_staff_now())
        .order_by("school__name", "user__full_name", "pk")
    )


def designated_lead_for(ctx: PartnershipContext, lead_id) -> DesignatedInclusionLead:
    lead = (
        DesignatedInclusionLead.objects.filter(school_id__in=ctx.school_ids(Role.HEADTEACHER), pk=lead_id)
        .select_related("school", "user")
        .first()
    )
    if lead is None:
        raise NotVisible(f"designated lead {lead_id} is not at a school this person leads")
    return lead


def designated_lead_candidates(ctx: PartnershipContext) -> QuerySet[RoleAssignment]:
    """The current staff of the headteacher's schools who are not yet designated leads there (and
    not the headteacher, who sees the pupils already)."""
    already = DesignatedInclusionLead.objects.filter(
        school_id=OuterRef("school_id"), user_id=OuterRef("user_id")
    )
    return (
        RoleAssignment.objects.current()
        .filter(
            partnership=ctx.partnership,
            school_id__in=ctx.school_ids(Role.HEADTEACHER),
            role__in=[Role.SCHOOL_STAFF, Role.HEADTEACHER],
        )
        .exclude(user_id=ctx.user_id)
        .exclude(Exists(already))
        .select_related("user", "school")
        .order_by("school__name", "user__full_name", "pk")
    )


# --- Exclusions and consultations before exclusion: the pages -----------------------------------


@dataclass(frozen=True)
class ExclusionFilters:
    """The exclusions list's filters, from its GET form. academic_year 2025 means September 2025 to
    August 2026. Flagged and governors_review apply to exclusions only."""

    flagged_only: bool = False
    governors_review: str = ""
    school_id: int | None = None
    academic_year: int | None = None


def _in_academic_year(rows: QuerySet, date_field: str, year: int | None) -> QuerySet:
    if year is None:
        return rows
    return rows.filter(**{f"{date_field}__range": (f"{year}-09-01", f"{year + 1}-08-31")})


def exclusions_page(request, ctx: PartnershipContext, filters: ExclusionFilters, page_number) -> Page:
    """One page of the permanent exclusions this person may see, each with its consultation flag,
    newest first; logged as one list view."""
    rows = _scoped(
        ctx,
        PermanentExclusion.objects.with_consultation_flag().select_related("pupil", "school", "placed_at"),
        "pupil",
    )
    if filters.flagged_only:
        rows = rows.filter(was_consulted=False)
    if filters.governors_review:
        rows = rows.filter(governors_review=filters.governors_review)
    if filters.school_id:
        rows = rows.filter(school_id=filters.school_id)
    rows = _in_academic_year(rows, "excluded_on", filters.academic_year)
    page = Paginator(rows.order_by("-excluded_on", "-pk"), 50).get_page(page_number)
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPIL_EXCLUSIONS,
        description=f"{len(page.object_list)} permanent exclusions",
    )
    return page


def consultations_page(request, ctx: PartnershipContext, filters: ExclusionFilters, page_number) -> Page:
    """One page of the consultations before exclusion this person may see, newest first; logged as
    one list view."""
    rows = _scoped(ctx, ExclusionConsultation.objects.select_related("pupil", "school", "chair"), "pupil")
    if filters.school_id:
        rows = rows.filter(school_id=filters.school_id)
    rows = _in_academic_year(rows, "consulted_on", filters.academic_year)
    page = Paginator(rows.order_by("-consulted_on", "-pk"), 50).get_page(page_number)
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPIL_CONSULTATIONS,
        description=f"{len(page.object_list)} consultations before exclusion",
    )
    return page


def exclusion_for(request, ctx: PartnershipContext, exclusion_id) -> PermanentExclusion:
    return _record_for(
        request,
        ctx,
        PermanentExclusion.objects.with_consultation_flag().select_related(
            "pupil__home_school", "school", "placed_at", "consultation", "recorded_by"
        ),
        exclusion_id,
        RecordType.PUPIL_EXCLUSION,
    )


def consultation_for(request, ctx: PartnershipContext, consult_id) -> ExclusionConsultation:
    return _record_for(
        request,
        ctx,
        ExclusionConsultation.objects.select_related("pupil__home_school", "school", "chair", "recorded_by"),
        consult_id,
        RecordType.PUPIL_CONSULTATION,
    )


def inclusion_partnership_of_school(ctx: PartnershipContext, school) -> InclusionPartnership | None:
    """The inclusion partnership a school is a current member of, with its chair, or None."""
    return (
        InclusionPartnership.objects.filter(
            partnership=ctx.partnership,
            network__memberships__in=NetworkMembership.objects.current().filter(school=school),
        )
        .select_related("chair")
        .distinct()
        .first()
    )


def placement_schools(
    inclusion_partnership: InclusionPartnership | None, excluding_school
) -> QuerySet[School]:
    """The schools an excluded pupil may be placed on roll at: the partnership's other members."""
    if inclusion_partnership is None:
        return School.objects.none()
    members = NetworkMembership.objects.current().filter(network_id=inclusion_partnership.network_id)
    return (
        School.objects.filter(pk__in=members.values("school_id"))
        .exclude(pk=excluding_school.pk)
        .order_by("name")
    )


def inclusion_member_schools(ctx: PartnershipContext) -> QuerySet[School]:
    """Every current member school of this partnership's inclusion partnerships: a list filter's
    choices (school names are public; the records behind them are not)."""
    networks = InclusionPartnership.objects.filter(partnership=ctx.partnership).values("network_id")
    members = NetworkMembership.objects.current().filter(network_id__in=networks)
    return School.objects.filter(pk__in=members.values("school_id")).order_by("name")


# --- Alternative provision: the provider directory and placement pages --------------------------

# Who may see the provider directory. Providers are organisations, not pupil data, but a QA visit's
# notes are frank judgements the LA shares with those who place pupils and run the partnerships: the
# LA's officers, LA inclusion officers, partnership staff, chairs, and the headteachers of schools in
# an inclusion partnership (who agree placements for their pupils). Board members, governors,
# partner organisations and other school staff see the AP figures on the dashboard instead.
DIRECTORY_ROLES = LA_ROLES | {Role.INCLUSION_OFFICER, Role.INCLUSION_STAFF}


def may_see_providers(ctx: PartnershipContext) -> bool:
    if ctx.has_any(DIRECTORY_ROLES):
        return True
    if InclusionPartnership.objects.filter(partnership=ctx.partnership, chair_id=ctx.user_id).exists():
        return True
    head_of = ctx.school_ids(Role.HEADTEACHER)
    return (
        bool(head_of)
        and NetworkMembership.objects.current()
        .filter(
            school_id__in=head_of,
            network__inclusion_partnership__partnership=ctx.partnership,
        )
        .exists()
    )


def _one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def qa_visit_due(last_visited_on: dt.date | None, today: dt.date | None = None) -> bool:
    """A provider is due a quality assurance visit when it has never had one, or the last was more
    than 12 months ago."""
    today = today or timezone.localdate()
    return last_visited_on is None or last_visited_on < _one_year_before(today)


def _current_placement(prefix: str = "", today: dt.date | None = None) -> Q:
    """Placements going on today: started, not past their last day, no outcome recorded. The same
    rule as the figures' placements running at a cut day (inclusion_figures._placements), except
    that today is not over: a placement on its last day is going on today, while the figures,
    counted at the end of their day, count it as ended that day."""
    today = today or timezone.localdate()
    return (
        Q(**{f"{prefix}starts_on__lte": today})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today}))
        & Q(**{f"{prefix}outcome": ""})
    )


def providers_with_latest_visit(ctx: PartnershipContext) -> QuerySet[APProvider]:
    """The partnership's providers, each with the date and outcome of its latest QA visit."""
    latest = QAVisit.objects.filter(provider=OuterRef("pk")).order_by("-visited_on", "-pk")
    return APProvider.objects.filter(partnership=ctx.partnership).annotate(
        last_visited_on=Subquery(latest.values("visited_on")[:1]),
        last_outcome=Subquery(latest.values("outcome")[:1]),
    )


def provider_directory(ctx: PartnershipContext, q: str = "") -> QuerySet[APProvider]:
    """The directory, searched by name, registration or URN, with how many placements are going on
    at each provider today: a count, never which pupils."""
    if not may_see_providers(ctx):
        raise NotVisible("may not see the provider directory")
    providers = providers_with_latest_visit(ctx).annotate(
        current_placements=Count("placements", filter=_current_placement("placements__"))
    )
    words = q.strip()
    if words:
        match = Q(name__icontains=words) | Q(registration__icontains=words)
        if words.isdigit():
            match |= Q(urn=int(words))
        providers = providers.filter(match)
    return providers.order_by("name", "pk")


def provider_for(ctx: PartnershipContext, provider_id) -> APProvider:
    """One provider of this partnership, with its QA visits (newest first) and its placement counts."""
    if not may_see_providers(ctx):
        raise NotVisible("may not see the provider directory")
    provider = (
        providers_with_latest_visit(ctx)
        .filter(pk=provider_id)
        .annotate(
            current_placements=Count("placements", filter=_current_placement("placements__")),
            all_placements=Count("placements"),
        )
        .prefetch_related(
            Prefetch("qa_visits", QAVisit.objects.select_related("visited_by").order_by("-visited_on", "-pk"))
        )
        .first()
    )
    if provider is None:
        raise NotVisible(f"provider {provider_id} is not in this partnership")
    return provider


def review_due_on() -> Coalesce:
    """The day a placement's next review is due, in the query: the date its last review set, or one
    review cycle after its last review (or its start). The same rule as
    support.services.inclusion.placement_review_due, which reads this annotation when present."""
    last = PlacementReview.objects.filter(placement=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    cycle = ExpressionWrapper(F("review_weeks") * dt.timedelta(weeks=1), output_field=DurationField())
    after_cycle = ExpressionWrapper(
        Coalesce(Subquery(last.values("reviewed_on")[:1]), F("starts_on")) + cycle,
        output_field=DateTimeField(),
    )
    return Coalesce(
        Subquery(last.values("next_review_on")[:1]), Cast(after_cycle, DateField()), output_field=DateField()
    )


CURRENT, ENDED, OVERDUE, ALL_PLACEMENTS = "current", "ended", "overdue", "all"


@dataclass(frozen=True)
class PlacementFilters:
    """The placements list's filters. An empty status means placements not yet ended."""

    q: str = ""
    status: str = ""
    provider: int | None = None
    outcome: str = ""


def _not_ended(today: dt.date) -> Q:
    return Q(outcome="") & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def placements_page(request, ctx: PartnershipContext, filters: PlacementFilters, page_number) -> Page:
    """One page of the placements the person may see, 50 at a time, filtered, each with its next
    review date; logged as one list view with how many placements matched. Someone who may see no
    pupils at all gets NotVisible."""
    school_ids = pupil_school_ids(ctx)
    if school_ids is not None and not school_ids:
        raise NotVisible("sees no pupil records")
    today = timezone.localdate()
    placements = _scoped(ctx, APPlacement.objects.select_related("pupil", "provider"), "pupil").annotate(
        review_due_on=review_due_on()
    )
    if filters.status == ALL_PLACEMENTS:
        pass
    elif filters.status == ENDED:
        placements = placements.exclude(_not_ended(today))
    elif filters.status == OVERDUE:
        placements = placements.filter(_not_ended(today), review_due_on__lt=today)
    else:
        placements = placements.filter(_not_ended(today))
    if filters.provider:
        placements = placements.filter(provider_id=filters.provider)
    if filters.outcome in PlacementOutcome.values:
        placements = placements.filter(outcome=filters.outcome)
    if filters.q.strip():
        words = filters.q.strip()
        placements = placements.filter(Q(pupil__full_name__icontains=words) | Q(pupil__upn__iexact=words))
    page = Paginator(placements.order_by("-starts_on", "-pk"), 50).get_page(page_number)
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPIL_PLACEMENTS,
        description=f"{len(page.object_list)} of {page.paginator.count} records",
    )
    return page


def placement_detail_for(request, ctx: PartnershipContext, placement_id) -> APPlacement:
    """placement_for (logged), with what the placement's page shows fetched in a few queries."""
    queryset = APPlacement.objects.select_related(
        "provider", "pupil__home_school", "case", "created_by"
    ).prefetch_related(
        Prefetch(
            "reviews", PlacementReview.objects.select_related("reviewed_by").order_by("reviewed_on", "pk")
        )
    )
    return _record_for(request, ctx, queryset, placement_id, RecordType.PUPIL_PLACEMENT)


def open_referrals_for_placement(ctx: PartnershipContext, pupil: Pupil) -> QuerySet[AtRiskCase]:
    """A pupil's open referrals, for the placement form's choice. Not logged on its own: only asked
    for a pupil just read through pupil_for, which logged the read."""
    return (
        _scoped(ctx, AtRiskCase.objects.filter(pupil=pupil), "pupil")
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-referred_on", "-pk")
    )
