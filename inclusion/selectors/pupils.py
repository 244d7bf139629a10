"""Reads of pupils: the list, one pupil's record, the schools a pupil may move to, and a
headteacher's designated inclusion leads. Scoped by inclusion.rules and logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    APPlacement,
    AttendanceRecord,
    DesignatedInclusionLead,
    ExclusionConsultation,
    PermanentExclusion,
    Pupil,
    PupilRoll,
    Referral,
    ReferralStatus,
)
from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import RecordType, record_access, record_view
from partnership.models import AccessLogEntry, RoleAssignment, SecurityEvent
from partnership.selectors.people import people_with_role
from partnership.services.security import security_event_record
from schools.models import NetworkMembership, School


def visible_pupils(ctx: PartnershipContext) -> QuerySet[Pupil]:
    """Not logged: for counts and choices inside services. Pages use pupils_visible."""
    return rules.scoped(ctx, Pupil.objects.select_related("home_school"))


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


UPN_REFUSAL_DESCRIPTION = "Tried to record a new pupil with a UPN that is already recorded in the partnership"


def record_upn_already_known(request, ctx: PartnershipContext, refusal) -> None:
    """Log a refused attempt to record a pupil whose UPN is already recorded in this partnership
    (`refusal` is the service's UpnAlreadyRecorded), against the pupil's home school so that the
    people who answer for that record see it; the entry names neither the child nor the UPN. A
    person refused like this UPN_REFUSALS_BEFORE_ALERT times in a day also raises a security event,
    as repeated guessing at a register is a thing to look into (decision 0030)."""
    record_access(
        request,
        action=AccessLogEntry.Action.REFUSED,
        record_type=RecordType.PUPIL,
        record_id=refusal.pupil_id,
        description=UPN_REFUSAL_DESCRIPTION + ("" if refusal.visible else ", which they may not see"),
        school_id=refusal.school_id,
    )
    since = timezone.now() - dt.timedelta(days=1)
    refusals = AccessLogEntry.objects.filter(
        user_id=ctx.user_id,
        action=AccessLogEntry.Action.REFUSED,
        record_type=RecordType.PUPIL,
        description__startswith=UPN_REFUSAL_DESCRIPTION,
        occurred_at__gte=since,
    ).count()
    if refusals == settings.UPN_REFUSALS_BEFORE_ALERT:
        security_event_record(
            kind=SecurityEvent.Kind.ACCESS_REFUSED,
            request=request,
            user=request.user,
            partnership=ctx.partnership,
            detail=(
                f"{refusals} attempts in a day to record pupils with UPNs already recorded in the partnership"
            ),
        )


# --- A pupil's move to another school -----------------------------------------------------------

# GIAS phases whose schools take secondary-age pupils: listed first when choosing a pupil's new school.
SECONDARY_PHASES = ("Secondary", "Middle deemed secondary", "All-through")


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
    if not rules.is_inclusion_officer(ctx):
        members = NetworkMembership.objects.current().filter(
            network_id__in=rules.served_networks_holding(ctx, pupil.home_school_id)
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
    ids = rules.pupil_school_ids(ctx)
    if ids is not None and not ids:
        return None
    schools = School.objects.filter(la_code__in=ctx.partnership.la_codes).order_by("name", "pk")
    if ids is not None:
        return schools.filter(pk__in=ids)
    if with_pupils_only:
        return schools.filter(pk__in=rules.scoped(ctx, Pupil.objects.all()).values("home_school_id"))
    return schools.filter(close_date__isnull=True)


def pupils_page(request, ctx: PartnershipContext, filters: PupilFilters, page_number, per_page: int = 50):
    """One page of the pupils this person may see, searched, filtered and sorted, each marked with
    whether they have an open referral. Logged as one list view with the number of pupils found."""
    open_referral = Referral.objects.filter(pupil=OuterRef("pk")).exclude(status=ReferralStatus.CLOSED)
    pupils = rules.scoped(
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
        Prefetch("referrals", queryset=Referral.objects.select_related("referring_school")),
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


def _on_school_staff_now() -> Exists:
    return Exists(
        RoleAssignment.objects.current().filter(
            user_id=OuterRef("user_id"),
            school_id=OuterRef("school_id"),
            role__in=rules.LEAD_ROLES,
        )
    )


def designated_leads_for(ctx: PartnershipContext) -> list[DesignatedInclusionLead]:
    """The designated inclusion leads of the schools this person is headteacher of, each marked with
    whether they still hold a staff role there (a lead who does not sees nothing)."""
    return list(
        DesignatedInclusionLead.objects.filter(school_id__in=rules.headships(ctx))
        .select_related("school", "user", "named_by")
        .annotate(on_staff=_on_school_staff_now())
        .order_by("school__name", "user__full_name", "pk")
    )


def designated_lead_for(ctx: PartnershipContext, lead_id) -> DesignatedInclusionLead:
    lead = (
        DesignatedInclusionLead.objects.filter(school_id__in=rules.headships(ctx), pk=lead_id)
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
        people_with_role(ctx.partnership, *rules.SCHOOL_STAFF_ROLES, school=rules.headships(ctx))
        .exclude(user_id=ctx.user_id)
        .exclude(Exists(already))
        .select_related("user", "school")
        .order_by("school__name", "user__full_name", "pk")
    )
