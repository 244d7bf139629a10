"""Reads of at-risk referrals: the list page and one referral. Scoped by inclusion.rules and logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    F,
    Prefetch,
    Q,
)
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    APPlacement,
    AtRiskCase,
    CaseStatus,
    InclusionPartnership,
    PlanReview,
    Pupil,
)
from inclusion.selectors.common import _record_for, _records_visible
from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import RecordType, record_access
from partnership.models import AccessLogEntry


def case_for(request, ctx, case_id) -> AtRiskCase:
    return _record_for(request, ctx, AtRiskCase.objects.all(), case_id, RecordType.PUPIL_CASE)


def cases_visible(request, ctx) -> list[AtRiskCase]:
    return _records_visible(request, ctx, AtRiskCase.objects.all(), RecordType.PUPIL_CASES)


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
    if not rules.sees_any_pupils(ctx):
        raise NotVisible("sees no pupil records")
    cases = rules.scoped(
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
        rules.scoped(ctx, AtRiskCase.objects.filter(pupil=pupil), "pupil")
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-referred_on", "-pk")
    )
