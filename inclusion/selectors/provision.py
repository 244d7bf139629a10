"""Reads of alternative provision: the provider directory, providers and placements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    APPlacement,
    APProvider,
    PlacementOutcome,
    PlacementReview,
    Pupil,
    QAVisit,
    Referral,
    ReferralStatus,
)
from inclusion.selectors.common import _record_for, _records_visible
from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import RecordType, record_access
from partnership.models import AccessLogEntry


def placement_for(request, ctx, placement_id) -> APPlacement:
    return _record_for(
        request, ctx, APPlacement.objects.select_related("provider"), placement_id, RecordType.PUPIL_PLACEMENT
    )


def placements_visible(request, ctx) -> list[APPlacement]:
    return _records_visible(
        request, ctx, APPlacement.objects.select_related("provider"), RecordType.PUPIL_PLACEMENTS
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
    if not rules.may_see_providers(ctx):
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
    if not rules.may_see_providers(ctx):
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


class AddWeeks(Func):
    """A date plus a whole number of weeks, worked out by the database. PostgreSQL adds an interval;
    SQLite (the demo's database) cannot multiply a duration, so it adds days with date()."""

    arity = 2
    output_field = DateField()

    def _parts(self, compiler):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        weeks_sql, weeks_params = compiler.compile(self.source_expressions[1])
        return day_sql, weeks_sql, [*day_params, *weeks_params]

    def as_sql(self, compiler, connection, **extra_context):
        day_sql, weeks_sql, params = self._parts(compiler)
        return f"CAST(({day_sql}) + ({weeks_sql}) * INTERVAL '7 days' AS date)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        day_sql, weeks_sql, params = self._parts(compiler)
        return f"date({day_sql}, '+' || (({weeks_sql}) * 7) || ' days')", params


def review_due_on() -> Coalesce:
    """The day a placement's next review is due, in the query: the date its last review set, or one
    review cycle after its last review (or its start). The same rule as
    inclusion.services.placement_review_due, which reads this annotation when present."""
    last = PlacementReview.objects.filter(placement=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    after_cycle = AddWeeks(
        Coalesce(Subquery(last.values("reviewed_on")[:1]), F("starts_on")), F("review_weeks")
    )
    return Coalesce(Subquery(last.values("next_review_on")[:1]), after_cycle, output_field=DateField())


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
    school_ids = rules.pupil_school_ids(ctx)
    if school_ids is not None and not school_ids:
        raise NotVisible("sees no pupil records")
    today = timezone.localdate()
    placements = rules.scoped(ctx, APPlacement.objects.select_related("pupil", "provider"), "pupil").annotate(
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
        "provider", "pupil__home_school", "referral", "created_by"
    ).prefetch_related(
        Prefetch(
            "reviews", PlacementReview.objects.select_related("reviewed_by").order_by("reviewed_on", "pk")
        )
    )
    return _record_for(request, ctx, queryset, placement_id, RecordType.PUPIL_PLACEMENT)


def open_referrals_for_placement(ctx: PartnershipContext, pupil: Pupil) -> QuerySet[Referral]:
    """A pupil's open referrals, for the placement form's choice. Not logged on its own: only asked
    for a pupil just read through pupil_for, which logged the read."""
    return (
        rules.scoped(ctx, Referral.objects.filter(pupil=pupil), "pupil")
        .exclude(status=ReferralStatus.CLOSED)
        .order_by("-referred_on", "-pk")
    )
