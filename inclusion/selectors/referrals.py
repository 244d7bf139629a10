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
    InclusionPartnership,
    PlanReview,
    Pupil,
    Referral,
    ReferralStatus,
)
from inclusion.selectors.common import _record_for, _records_visible
from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import RecordType, record_access
from partnership.models import AccessLogEntry


def referral_for(request, ctx, referral_id) -> Referral:
    return _record_for(request, ctx, Referral.objects.all(), referral_id, RecordType.PUPIL_CASE)


def referrals_visible(request, ctx) -> list[Referral]:
    return _records_visible(request, ctx, Referral.objects.all(), RecordType.PUPIL_CASES)


# --- At-risk referrals: the list page and the referral's page -----------------------------------


@dataclass(frozen=True)
class ReferralFilters:
    """The referrals list's filters, from its GET form. An empty status means every open referral."""

    q: str = ""
    status: str = ""
    area: int | None = None
    overdue: bool = False
    sort: str = "referred"


REFERRAL_SORTS = {
    "referred": ("-referred_on", "-pk"),
    "referred_oldest": ("referred_on", "pk"),
    "next_review": (F("next_review_on").asc(nulls_last=True), "-referred_on", "-pk"),
}

ALL_STATUSES = "all"


def referral_area_choices(ctx: PartnershipContext) -> list[tuple[int, str]]:
    """The partnership's inclusion partnerships, for the area filter. Not pupil-level."""
    return list(
        InclusionPartnership.objects.filter(partnership=ctx.partnership)
        .order_by("area")
        .values_list("pk", "area")
    )


def referrals_page(request, ctx: PartnershipContext, filters: ReferralFilters, page_number) -> Page:
    """One page of the referrals the person may see, 50 at a time, filtered; logged as one list view
    with how many referrals matched. Someone who may see no pupils at all gets NotVisible."""
    if not rules.sees_any_pupils(ctx):
        raise NotVisible("sees no pupil records")
    referrals = rules.scoped(
        ctx,
        Referral.objects.select_related("pupil", "referring_school", "inclusion_partnership"),
        "pupil",
    )
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status in ReferralStatus.values:
        referrals = referrals.filter(status=filters.status)
    else:
        referrals = referrals.exclude(status=ReferralStatus.CLOSED)
    if filters.area:
        referrals = referrals.filter(inclusion_partnership_id=filters.area)
    if filters.overdue:
        referrals = referrals.filter(next_review_on__lt=timezone.localdate())
    if filters.q.strip():
        words = filters.q.strip()
        referrals = referrals.filter(Q(pupil__full_name__icontains=words) | Q(pupil__upn__iexact=words))
    referrals = referrals.order_by(*REFERRAL_SORTS.get(filters.sort, REFERRAL_SORTS["referred"]))
    page = Paginator(referrals, 50).get_page(page_number)
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=RecordType.PUPIL_CASES,
        description=f"{len(page.object_list)} of {page.paginator.count} records",
    )
    return page


def referral_detail_for(
    request, ctx: PartnershipContext, referral_id, *, with_reviews: bool = True
) -> Referral:
    """referral_for, with what the referral's pages show fetched in the same few queries: its reviews
    and placements too unless with_reviews is False (the forms need neither)."""
    queryset = Referral.objects.select_related(
        "pupil__home_school", "referring_school", "inclusion_partnership", "referred_by", "plan_agreed_by"
    )
    if with_reviews:
        reviews = PlanReview.objects.select_related("reviewed_by").order_by("-reviewed_on", "-pk")
        placements = APPlacement.objects.select_related("provider").order_by("-starts_on", "-pk")
        queryset = queryset.prefetch_related(Prefetch("reviews", reviews), Prefetch("placements", placements))
    return _record_for(request, ctx, queryset, referral_id, RecordType.PUPIL_CASE)


def open_referrals_of(ctx: PartnershipContext, pupil: Pupil) -> list[Referral]:
    """A pupil's open referrals, for the refer page's warning. Not logged on its own: only ever
    called for a pupil just read through pupil_for, which logged the read."""
    return list(
        rules.scoped(ctx, Referral.objects.filter(pupil=pupil), "pupil")
        .exclude(status=ReferralStatus.CLOSED)
        .order_by("-referred_on", "-pk")
    )
