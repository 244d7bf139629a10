"""Who may see pupil-level inclusion records, in one place (decision 0020).

A pupil's records are visible only to:
- the pupil's home school's designated staff: its headteacher, and the designated inclusion leads
  the headteacher names (who must still hold a staff role at that school);
- the staff and chair of an inclusion partnership the home school is a current member of;
- the partnership's LA inclusion officers.
Nobody else: not ordinary LA officers or administrators, board members, other headteachers,
partner organisations, or anyone in another partnership. Anything else is NotVisible (a 404).

Every read of pupil-level records writes an access log entry: one per record for a single record,
one per list with the number of pupils in it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import RecordType, record_access, record_view
from partnership.models import AccessLogEntry, Role
from schools.models import NetworkMembership

from ..models import (
    APPlacement,
    AtRiskCase,
    DesignatedInclusionLead,
    ExclusionConsultation,
    InclusionPartnership,
    InclusionStaffMember,
    PermanentExclusion,
    Pupil,
)


def inclusion_partnerships_served(ctx: PartnershipContext) -> QuerySet[InclusionPartnership]:
    """The inclusion partnerships whose pupils this person sees as their staff or chair."""
    own = InclusionPartnership.objects.filter(partnership=ctx.partnership)
    served = Q(chair_id=ctx.user_id)
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
    return _records_visible(request, ctx, ExclusionConsultation.objects.all(), RecordType.PUPIL_EXCLUSIONS)


def is_partnership_staff(ctx: PartnershipContext, inclusion_partnership: InclusionPartnership) -> bool:
    """Staff or chair of this inclusion partnership, today."""
    if inclusion_partnership.chair_id == ctx.user_id:
        return True
    return (
        Role.INCLUSION_STAFF in ctx.roles
        and InclusionStaffMember.objects.current(timezone.localdate())
        .filter(inclusion_partnership=inclusion_partnership, user_id=ctx.user_id)
        .exists()
    )
