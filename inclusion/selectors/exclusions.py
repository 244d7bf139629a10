"""Reads of exclusions and consultations before exclusion. Scoped by inclusion.rules and logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    QuerySet,
)
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    ChairResponse,
    ExclusionConsultation,
    InclusionPartnership,
    PermanentExclusion,
)
from inclusion.selectors.common import _record_for, _records_visible
from partnership.access import PartnershipContext
from partnership.access_log import RecordType, record_access
from partnership.models import AccessLogEntry
from schools.models import NetworkMembership, School


def exclusions_visible(request, ctx) -> list[PermanentExclusion]:
    return _records_visible(
        request, ctx, PermanentExclusion.objects.with_consultation_flag(), RecordType.PUPIL_EXCLUSIONS
    )


def consultations_visible(request, ctx) -> list[ExclusionConsultation]:
    return _records_visible(request, ctx, ExclusionConsultation.objects.all(), RecordType.PUPIL_CONSULTATIONS)


# --- Exclusions and consultations before exclusion: the pages -----------------------------------


@dataclass(frozen=True)
class ExclusionFilters:
    """The exclusions list's filters, from its GET form. academic_year 2025 means September 2025 to
    August 2026. Flagged and governors_review apply to exclusions only, waiting (not yet confirmed by
    the chair) to consultations only."""

    flagged_only: bool = False
    waiting_only: bool = False
    governors_review: str = ""
    school_id: int | None = None
    academic_year: int | None = None
    area: int | None = None


def _in_area(rows: QuerySet, area: int | None) -> QuerySet:
    """Rows at the schools that are members of one inclusion partnership's network today, as the
    chair's home page counts them."""
    if area is None:
        return rows
    members = NetworkMembership.objects.current(timezone.localdate()).filter(
        network__inclusion_partnership__pk=area
    )
    return rows.filter(school_id__in=members.values("school_id"))


def _in_academic_year(rows: QuerySet, date_field: str, year: int | None) -> QuerySet:
    if year is None:
        return rows
    return rows.filter(**{f"{date_field}__range": (f"{year}-09-01", f"{year + 1}-08-31")})


def exclusions_page(request, ctx: PartnershipContext, filters: ExclusionFilters, page_number) -> Page:
    """One page of the permanent exclusions this person may see, each with its consultation flag,
    newest first; logged as one list view."""
    rows = rules.scoped(
        ctx,
        PermanentExclusion.objects.with_consultation_flag().select_related(
            "pupil", "school", "placed_at", "consultation"
        ),
        "pupil",
    )
    if filters.flagged_only:
        rows = rows.filter(was_consulted=False)
    if filters.governors_review:
        rows = rows.filter(governors_review=filters.governors_review)
    if filters.school_id:
        rows = rows.filter(school_id=filters.school_id)
    rows = _in_area(rows, filters.area)
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
    rows = rules.scoped(
        ctx, ExclusionConsultation.objects.select_related("pupil", "school", "chair"), "pupil"
    )
    if filters.waiting_only:
        rows = rows.filter(response=ChairResponse.AWAITING)
    if filters.school_id:
        rows = rows.filter(school_id=filters.school_id)
    rows = _in_area(rows, filters.area)
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
        ExclusionConsultation.objects.select_related(
            "pupil__home_school", "school", "chair", "recorded_by", "responded_by"
        ),
        consult_id,
        RecordType.PUPIL_CONSULTATION,
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
