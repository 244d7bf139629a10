"""Who may see or do what with inclusion records (decision 0020).

This is the one module that decides it: views, selectors, services and templates ask here, so it is
the file to read to know who sees a child's record. In words:

Pupils' records (a pupil, their roll, referrals and plan reviews, attendance, consultations before
exclusion, exclusions, placements and placement reviews):
- are seen by the headteacher of the pupil's home school, the designated inclusion leads that head
  names from the school's staff, the staff and chair of the inclusion partnership the home school
  belongs to (a chair only while headteacher of one of its member schools), and the partnership's
  LA inclusion officers, who see every pupil in the partnership;
- are seen by nobody else: not LA officers or administrators, board members, governors, partner
  organisations, system leaders or other school staff. To them a pupil's record is a 404.
- Whoever sees a pupil may correct their details and record attendance.
- The home school's headteacher or a designated lead refers a pupil at risk; the partnership's staff
  or chair, or an LA inclusion officer, agrees the plan, reviews it and closes the referral.
- Only the home school's headteacher records a consultation with the chair before a permanent
  exclusion, and the exclusion. The governors' review and the placement afterwards: the excluding
  head while the pupil is still on that school's roll, or an LA inclusion officer.
- Placements in alternative provision are made, reviewed and ended by the staff or chair of the
  home school's inclusion partnership, or an LA inclusion officer.
- A move to another school is recorded by an LA inclusion officer (to any school in the
  partnership's local authorities) or by the staff or chair of the home school's inclusion
  partnership (to another of its member schools: a managed move). Not by headteachers as such.

Providers of alternative provision (organisations, not pupils, but QA notes are frank):
- the directory is seen by LA staff, LA inclusion officers, inclusion partnership staff, chairs and
  the headteachers of member schools; changed by all of those except headteachers.

Inclusion partnerships and their money (no pupil in them):
- every partnership is seen by LA staff, LA inclusion officers and board members; one partnership
  by its staff, its chair and the headteachers of its member schools;
- LA staff and LA inclusion officers set partnerships up and set their allocations; only LA
  inclusion officers choose the chair and the staff, because both then see every member school's
  pupils; the chair must be the headteacher of a member school; spending is recorded by LA staff,
  LA inclusion officers and the partnership's own staff and chair.

The figures (aggregates only, decision 0021) are for LA staff, LA inclusion officers, inclusion
partnership staff, board members and chairs. Small numbers are exact only for LA inclusion officers
(every partnership) and for staff and chairs (their own partnerships); everyone else sees them
hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from inclusion.models import (
    DesignatedInclusionLead,
    InclusionPartnership,
    InclusionStaffMember,
    PermanentExclusion,
    Pupil,
    Referral,
    ReferralStatus,
)
from partnership.access import NotAllowed, NotVisible, PartnershipContext, require_roles
from partnership.models import ALL_ROLES, LA_ROLES, SCHOOL_STAFF_ROLES, Role
from partnership.selectors.people import people_with_role
from partnership.services import ServiceError
from schools.models import NetworkMembership, School

# --- The role sets, each defined once -----------------------------------------------------------

# Every inclusion page lets in anyone with a role in the partnership: what each person sees is then
# decided record by record below (a 404 for what they may not see, a 403 for what they may see but
# not change).
PAGE_ROLES = ALL_ROLES
# Who may open the inclusion start page and the exclusion pages at all.
AREA_ROLES = LA_ROLES | {
    Role.INCLUSION_OFFICER,
    Role.INCLUSION_STAFF,
    Role.BOARD_MEMBER,
    Role.HEADTEACHER,
    Role.SCHOOL_STAFF,
}
# A headteacher's pages naming their school's designated inclusion leads.
LEADS_PAGE_ROLES = {Role.HEADTEACHER}
# Who oversees the inclusion partnerships: the Inclusion navigation item and the figures. Chairs
# (headteachers) see the figures too, as chairs (may_see_figures).
OVERSIGHT_ROLES = LA_ROLES | {Role.INCLUSION_OFFICER, Role.INCLUSION_STAFF, Role.BOARD_MEMBER}
FIGURES_PAGE_ROLES = OVERSIGHT_ROLES | {Role.HEADTEACHER}
# Who manages inclusion partnerships, their allocations and the provider directory.
MANAGERS = LA_ROLES | {Role.INCLUSION_OFFICER}
# Who sees every inclusion partnership in the partnership.
SEES_ALL = LA_ROLES | {Role.INCLUSION_OFFICER, Role.BOARD_MEMBER}
# Who sees the provider directory by role (chairs and member schools' heads see it too).
DIRECTORY_ROLES = LA_ROLES | {Role.INCLUSION_OFFICER, Role.INCLUSION_STAFF}
# A school's staff in the portal (SCHOOL_STAFF_ROLES, the partnership's own set: its headteacher
# and staff, not its governors): who may be named its designated inclusion lead, and who gets the
# inclusion pointer on their home page.
LEAD_ROLES = SCHOOL_STAFF_ROLES
CHAIR_RULE = "The chair must be the headteacher of one of the partnership's member schools"


def is_inclusion_officer(ctx: PartnershipContext) -> bool:
    return Role.INCLUSION_OFFICER in ctx.roles


def headships(ctx: PartnershipContext) -> set[int]:
    """The schools this person is headteacher of, today."""
    return set(ctx.school_ids(Role.HEADTEACHER))


def is_head_of(ctx: PartnershipContext, school_id: int | None) -> bool:
    return school_id in ctx.school_ids(Role.HEADTEACHER)


# --- Who sees pupils ----------------------------------------------------------------------------


def inclusion_partnerships_served(ctx: PartnershipContext) -> QuerySet[InclusionPartnership]:
    """The inclusion partnerships whose pupils this person sees as their staff or chair. A chair
    sees them only while a headteacher of one of its member schools: a chair whose headship ends
    (or whose school leaves) stops seeing pupils at once, whatever the chair field says."""
    own = InclusionPartnership.objects.filter(partnership=ctx.partnership)
    headships = (
        people_with_role(ctx.partnership, Role.HEADTEACHER).filter(user_id=ctx.user_id).values("school_id")
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


def scoped(ctx: PartnershipContext, queryset: QuerySet, pupil_path: str = "") -> QuerySet:
    """The queryset narrowed to the pupils this person may see (pupil_path leads from the record
    to its pupil)."""
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


def sees_any_pupils(ctx: PartnershipContext) -> bool:
    """Whether the person may see any pupil at all."""
    school_ids = pupil_school_ids(ctx)
    return school_ids is None or bool(school_ids)


def require_sight_of_pupils(ctx: PartnershipContext) -> None:
    """Someone who may see no pupil at all gets a 404, as for a record they may not see."""
    if pupil_school_ids(ctx) == frozenset():
        raise NotVisible("sees no pupil records")


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


def inclusion_partnership_of(school: School, partnership) -> InclusionPartnership:
    """The inclusion partnership a school belongs to today; refused beside the pupil if none."""
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


# --- Who writes pupils' records -----------------------------------------------------------------


def require_pupil_access(ctx, school: School) -> None:
    if not may_see_pupils_of(ctx, school):
        raise NotAllowed("may not hold pupil records for this school")


def may_refer(ctx: PartnershipContext, pupil: Pupil) -> bool:
    """The home school's headteacher or one of its designated inclusion leads (as referral_create)."""
    school_id = pupil.home_school_id
    if school_id in ctx.school_ids(Role.HEADTEACHER):
        return True
    return (
        school_id in ctx.school_ids(Role.SCHOOL_STAFF)
        and DesignatedInclusionLead.objects.filter(school_id=school_id, user_id=ctx.user_id).exists()
    )


def may_manage_referral(ctx: PartnershipContext, referral: Referral) -> bool:
    """The partnership's staff or chair, or an LA inclusion officer: who agrees, reviews and closes."""
    if referral.inclusion_partnership.partnership_id != ctx.partnership.pk:
        return False
    return Role.INCLUSION_OFFICER in ctx.roles or is_partnership_staff(ctx, referral.inclusion_partnership)


def require_manager_or_staff_for_pupils(ctx, inclusion_partnership: InclusionPartnership) -> None:
    """Partnership staff and chair, and LA inclusion officers: not ordinary LA officers."""
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    if Role.INCLUSION_OFFICER in ctx.roles or is_partnership_staff(ctx, inclusion_partnership):
        return
    raise NotAllowed("needs the partnership's staff or chair, or an LA inclusion officer")


def require_head_of(ctx: PartnershipContext, school_id: int | None) -> None:
    """Only the school's headteacher: a consultation before exclusion and the exclusion itself."""
    if not is_head_of(ctx, school_id):
        raise NotAllowed("only the school's headteacher")


def require_placement_manager(ctx: PartnershipContext, pupil: Pupil) -> None:
    if not may_manage_placements_of(ctx, pupil):
        raise NotAllowed("needs the partnership's staff or chair, or an LA inclusion officer")


def consultation_needs_someone_else(consultation) -> bool:
    """Where the head who recorded the consultation is the chair named on it, the chair cannot
    confirm their own record: the partnership's staff or an LA inclusion officer does (decision 0033)."""
    return consultation.chair_id == consultation.recorded_by_id


def may_respond_to_consultation(ctx: PartnershipContext, consultation) -> bool:
    """Who records their own account of a consultation's advice and confirms or disputes it: the
    chair named on it; or, where that chair is the head who recorded it, the partnership's staff or
    an LA inclusion officer, never the head themselves."""
    if consultation.pupil.partnership_id != ctx.partnership.pk or ctx.user_id == consultation.recorded_by_id:
        return False
    if not consultation_needs_someone_else(consultation):
        return ctx.user_id == consultation.chair_id
    if Role.INCLUSION_OFFICER in ctx.roles:
        return True
    if Role.INCLUSION_STAFF not in ctx.roles:
        return False
    try:
        inclusion_partnership = inclusion_partnership_of(consultation.school, ctx.partnership)
    except ServiceError:
        return False
    return is_partnership_staff(ctx, inclusion_partnership)


def require_consultation_responder(ctx: PartnershipContext, consultation) -> None:
    if not may_respond_to_consultation(ctx, consultation):
        raise NotAllowed("only the chair consulted, or where the head is the chair, staff or an officer")


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


def served_networks_holding(ctx: PartnershipContext, school_id) -> QuerySet:
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
    networks = served_networks_holding(ctx, pupil.home_school_id)
    if school is None:
        return networks.exists()
    return NetworkMembership.objects.current().filter(network_id__in=networks, school=school).exists()


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
    open_referral = any(referral.status != ReferralStatus.CLOSED for referral in pupil.referrals.all())
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


# --- Alternative provision ----------------------------------------------------------------------


def may_see_providers(ctx: PartnershipContext) -> bool:
    """Who may see the provider directory. Providers are organisations, not pupil data, but a QA
    visit's notes are frank judgements the LA shares with those who place pupils: the LA's officers,
    LA inclusion officers, partnership staff, chairs, and the headteachers of schools in an
    inclusion partnership. Board members, governors, partner organisations and other school staff
    see the AP figures on the dashboard instead."""
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


def require_provider_manager(ctx) -> None:
    if ctx.has_any(MANAGERS):
        return
    if (
        Role.INCLUSION_STAFF in ctx.roles
        or InclusionPartnership.objects.filter(partnership=ctx.partnership, chair_id=ctx.user_id).exists()
    ):
        return
    raise NotAllowed("needs an LA officer, or inclusion partnership staff or a chair")


def may_manage_providers(ctx) -> bool:
    """Whether the person may add and change providers and record QA visits: the same rule as the
    services, asked by pages so they show an action only to someone who may take it."""
    try:
        require_provider_manager(ctx)
    except NotAllowed:
        return False
    return True


def may_manage_placements_of(ctx, pupil: Pupil) -> bool:
    """Whether the person may make, review and end this pupil's placements: the staff or chair of
    the home school's inclusion partnership, or an LA inclusion officer."""
    try:
        require_manager_or_staff_for_pupils(ctx, inclusion_partnership_of(pupil.home_school, ctx.partnership))
    except (NotAllowed, ServiceError):
        return False
    return True


# --- Inclusion partnerships and their money -----------------------------------------------------


def inclusion_partnerships_visible(ctx: PartnershipContext) -> QuerySet[InclusionPartnership]:
    """The inclusion partnerships this person sees: every one for LA staff, LA inclusion officers and
    board members; otherwise those they serve as staff or chair and those their schools belong to."""
    own = InclusionPartnership.objects.filter(partnership=ctx.partnership)
    if ctx.has_any(SEES_ALL):
        return own
    seen = Q(pk__in=inclusion_partnerships_served(ctx).values("pk"))
    head_of = headships(ctx)
    if head_of:
        seen |= Q(
            network__in=NetworkMembership.objects.current().filter(school_id__in=head_of).values("network")
        )
    return own.filter(seen)


def sees_every_inclusion_partnership(ctx: PartnershipContext) -> bool:
    return ctx.has_any(SEES_ALL)


def may_open_inclusion_partnerships(ctx: PartnershipContext) -> bool:
    """Whether the person may open the list at all: someone who sees every partnership, or who
    could see one (inclusion staff, headteachers, a chair), even when today they see none."""
    if ctx.has_any(SEES_ALL | {Role.INCLUSION_STAFF, Role.HEADTEACHER}):
        return True
    return InclusionPartnership.objects.filter(partnership=ctx.partnership, chair_id=ctx.user_id).exists()


def may_manage_inclusion_partnerships(ctx) -> bool:
    """Whether the person may set up inclusion partnerships and change their area, fund holder and
    allocations: LA officers and administrators, and LA inclusion officers. Asked by pages so they
    show an action only to someone who may take it. The chair and staff: may_choose_chair_and_staff."""
    return ctx.has_any(MANAGERS)


def require_open_inclusion_partnerships(ctx: PartnershipContext) -> None:
    """The inclusion partnership pages are a 404 for someone with no part in any of them."""
    if not may_open_inclusion_partnerships(ctx):
        raise NotVisible("has no part in any inclusion partnership")


def require_manager(ctx: PartnershipContext) -> None:
    """LA staff and LA inclusion officers: set up partnerships and their allocations (a 403)."""
    require_roles(ctx, MANAGERS, write=True)


def may_choose_chair_and_staff(ctx) -> bool:
    """Whether the person may choose the chair or add and end partnership staff: LA inclusion
    officers only. The chair and staff see every member school's pupils, so choosing them is not
    for ordinary LA officers (who see no pupils), nor for the staff or chair themselves."""
    return Role.INCLUSION_OFFICER in ctx.roles


def require_choosing_chair_and_staff(ctx: PartnershipContext) -> None:
    if not may_choose_chair_and_staff(ctx):
        raise NotAllowed("only LA inclusion officers choose the chair and staff")


def may_chair(user, network_id: int, partnership) -> bool:
    """The letter's rule: a member school's headteacher chairs the partnership (decision 0020). So
    the chair holds a current headteacher role in this partnership at a current member school."""
    members = NetworkMembership.objects.current().filter(network_id=network_id).values("school_id")
    return (
        user.is_active
        and people_with_role(partnership, Role.HEADTEACHER, school=members).filter(user=user).exists()
    )


def require_inclusion_officer(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> None:
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    if not may_choose_chair_and_staff(ctx):
        raise NotAllowed("only an LA inclusion officer chooses the chair and staff")


def require_manager_or_staff(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> None:
    if inclusion_partnership.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's inclusion partnership")
    if ctx.has_any(MANAGERS) or is_partnership_staff(ctx, inclusion_partnership):
        return
    raise NotAllowed("needs an LA officer, or the partnership's staff or chair")


def may_record_spend(ctx, inclusion_partnership: InclusionPartnership) -> bool:
    """Whether the person may record what a partnership's allocation was spent on: the managers
    above, and the partnership's own staff and chair (the same rule as spend_add)."""
    try:
        require_manager_or_staff(ctx, inclusion_partnership)
    except NotAllowed:
        return False
    return True


# --- The figures (decision 0021) ----------------------------------------------------------------


def may_see_figures(ctx: PartnershipContext, inclusion_partnerships) -> bool:
    """LA staff, LA inclusion officers, inclusion staff and board members; and chairs, as chairs."""
    return ctx.has_any(OVERSIGHT_ROLES) or any(ip.chair_id == ctx.user_id for ip in inclusion_partnerships)


def exact_figures_for(ctx: PartnershipContext, inclusion_partnerships) -> frozenset[int] | None:
    """The inclusion partnerships whose small numbers this person sees exactly: None for every one
    (an LA inclusion officer); otherwise those they chair or serve as staff (possibly none)."""
    if is_inclusion_officer(ctx):
        return None
    served = {ip.pk for ip in inclusion_partnerships if ip.chair_id == ctx.user_id}
    if Role.INCLUSION_STAFF in ctx.roles:
        served |= set(inclusion_partnerships_served(ctx).values_list("pk", flat=True))
    return frozenset(served)


def inclusion_partnerships_taken_part_in(ctx: PartnershipContext) -> QuerySet[InclusionPartnership]:
    """The inclusion partnerships this head or member of staff has a part in, for their home page:
    their school is a member of one, they chair one, or they are a designated inclusion lead at a
    member school. Each is annotated `serves_as_chair`: they chair it and head one of its current
    member schools, so see its pupils (as inclusion_partnerships_served says)."""
    school_ids = ctx.school_ids(*SCHOOL_STAFF_ROLES)
    members = NetworkMembership.objects.current(timezone.localdate()).filter(school_id__in=school_ids)
    headed = members.filter(school_id__in=headships(ctx)).values("network_id")
    led = members.filter(
        school_id__in=DesignatedInclusionLead.objects.filter(user_id=ctx.user_id).values("school_id")
    ).values("network_id")
    return (
        InclusionPartnership.objects.filter(partnership=ctx.partnership)
        .filter(Q(chair_id=ctx.user_id) | Q(network_id__in=headed) | Q(network_id__in=led))
        .annotate(
            serves_as_chair=ExpressionWrapper(
                Q(chair_id=ctx.user_id, network_id__in=headed), output_field=BooleanField()
            )
        )
    )


# --- The start page -----------------------------------------------------------------------------


def start_page_links(ctx: PartnershipContext, *, sees_some_partnership: bool) -> dict[str, bool]:
    """Which sections of the inclusion start page this person may use."""
    sees_pupils = sees_any_pupils(ctx)
    serves = is_inclusion_officer(ctx) or inclusion_partnerships_served(ctx).exists()
    return {
        "sees_pupils": sees_pupils,
        "sees_providers": may_see_providers(ctx),
        "is_head": bool(headships(ctx)),
        "sees_figures": ctx.is_la or serves or Role.BOARD_MEMBER in ctx.roles,
        "sees_partnerships": sees_some_partnership or ctx.has_any(MANAGERS),
    }
