"""Aggregate reads of support casework for the termly figures (governance.reporting.snapshot,
decision 0017): cases, agreed support, progress reviews, and the open cases behind needs flags and
networks; and for the annual report's impact section (decision 0037), the schools with support in a
year and what the records of support closed in it hold.

Only counts and sums leave here, never a case, each in one query whatever the number of cases. They
are for a whole partnership, not scoped to a person: the snapshot decides what each audience sees.
It counts every school (decision 0017, revised), so it passes no `school_ids`; a caller that must
count only some schools passes their ids, or a subquery of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.consent import limited_to
from schools.models import NeedsFlag, NetworkMembership
from support.models import Objective, ObjectiveRating, ProgressReview, SupportAgreement, SupportCase
from support.models.cases import CaseStatus, Closure
from support.models.reviews import ReviewStatus


def _open_on(day: dt.date, prefix: str = "") -> Q:
    """Cases open at the end of a day."""
    return Q(**{f"{prefix}opened_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def flagged_schools_with_open_case(
    flags: QuerySet[NeedsFlag], partnership, on: dt.date, school_ids=None
) -> dict[str, int]:
    """Of the schools with one of `flags`: how many in all ("schools"), how many of those among
    `school_ids` ("both"), and how many of those with a case of the partnership open at the end of
    `on` ("with_case"). One query."""
    case_open = Q(
        school__support_cases__partnership=partnership,
        school__support_cases__opened_on__lte=on,
    ) & (Q(school__support_cases__closed_on__isnull=True) | Q(school__support_cases__closed_on__gt=on))
    among = limited_to(school_ids)
    return flags.aggregate(
        schools=Count("school", distinct=True),
        both=Count("school", distinct=True, filter=among)
        if school_ids is not None
        else Count("school", distinct=True),
        with_case=Count("school", distinct=True, filter=case_open & among),
    )


@dataclass
class CaseworkFigures:
    """Cases active in a period (open at some time in it) and the support agreed on them."""

    by_status: dict[str, dict]  # status -> {"cases", "schools"}
    total: dict  # {"cases", "schools"}
    by_priority: list[dict]  # {"priorities__title", "cases", "schools"}, most cases first
    by_provider: list[dict]  # {"provider_type", "n", "schools", "days"}, most agreements first
    by_funding: list[dict]  # {"funding", "n", "schools", "cost"}, most agreements first
    first_agreed: list[dict]  # each case's first agreement: {"case__opened_on", "case__school_id", "first"}


# A case's status as the figures count it: a case closed without completion is counted apart from
# support that completed (SHOWN_STATUSES gives the order and the words).
CLOSED_WITHOUT_COMPLETION = "closed_without_completion"


def _as_at(on: dt.date) -> QuerySet:
    """Each case's history up to the end of `on`, latest first, for a correlated subquery."""
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    return SupportCase.history.filter(id=OuterRef("pk"), history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )


def with_shown_status_on(cases: QuerySet[SupportCase], on: dt.date) -> QuerySet[SupportCase]:
    """The cases, each annotated `shown`: its status as the figures count it, as it stood at the end
    of `on`, from its history, so that a past term's figures read the same next year. A case with
    no history by then is counted as it was first recorded, and one with none at all (records loaded
    in bulk without it) by its status now."""
    then = _as_at(on)
    # A case entered after the day with an earlier opening date has no history by then: it is
    # counted as it was first recorded, not as it is now.
    first = SupportCase.history.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
    return cases.annotate(
        status_then=Coalesce(
            Subquery(then.values("status")[:1]), Subquery(first.values("status")[:1]), F("status")
        ),
        closure_then=Coalesce(
            Subquery(then.values("closure")[:1]), Subquery(first.values("closure")[:1]), F("closure")
        ),
    ).annotate(
        shown=Case(
            When(
                status_then=CaseStatus.CLOSED,
                closure_then=Closure.WITHOUT_COMPLETION,
                then=Value(CLOSED_WITHOUT_COMPLETION),
            ),
            default=F("status_then"),
            output_field=CharField(),
        )
    )


SHOWN_STATUSES = [
    *((s.value, s.label) for s in CaseStatus if s != CaseStatus.CLOSED),
    (CaseStatus.CLOSED.value, "Closed: support completed"),
    (CLOSED_WITHOUT_COMPLETION, Closure.WITHOUT_COMPLETION.label),
]


def casework_figures(partnership, starts_on: dt.date, on: dt.date, school_ids=None) -> CaseworkFigures:
    """The partnership's cases opened by the end of `on` and not closed before `starts_on`, of the
    schools given: six queries."""
    cases = SupportCase.objects.filter(
        Q(partnership=partnership, opened_on__lte=on)
        & (Q(closed_on__isnull=True) | Q(closed_on__gte=starts_on))
        & limited_to(school_ids)
    )
    agreements = SupportAgreement.objects.filter(case__in=cases, agreed_at__isnull=False)
    return CaseworkFigures(
        by_status={
            row["shown"]: row
            for row in with_shown_status_on(cases, on)
            .values("shown")
            .annotate(cases=Count("pk"), schools=Count("school", distinct=True))
            .order_by()
        },
        total=cases.aggregate(cases=Count("pk"), schools=Count("school", distinct=True)),
        by_priority=list(
            cases.values("priorities__title")
            .annotate(cases=Count("pk", distinct=True), schools=Count("school", distinct=True))
            .order_by("-cases", "priorities__title")
        ),
        by_provider=list(
            agreements.values("provider_type")
            .annotate(n=Count("pk"), schools=Count("case__school", distinct=True), days=Sum("days"))
            .order_by("-n", "provider_type")
        ),
        by_funding=list(
            agreements.values("funding")
            .annotate(n=Count("pk"), schools=Count("case__school", distinct=True), cost=Sum("cost"))
            .order_by("-n", "funding")
        ),
        first_agreed=list(
            agreements.values("case_id", "case__opened_on", "case__school_id")
            .annotate(first=Min("agreed_at"))
            .order_by()
        ),
    )


def _ratings(partnership, starts_on: dt.date, on: dt.date, school_ids=None) -> QuerySet[ObjectiveRating]:
    school = "review__agreement__case__school_id"
    return ObjectiveRating.objects.filter(
        Q(
            review__agreement__case__partnership=partnership,
            review__held_on__gte=starts_on,
            review__held_on__lte=on,
        )
        & limited_to(school_ids, school)
    )


def rated_schools_count(partnership, starts_on: dt.date, on: dt.date, school_ids=None) -> int:
    """The schools with any objective rated at a progress review held from `starts_on` to `on`."""
    return _ratings(partnership, starts_on, on, school_ids).aggregate(
        n=Count("review__agreement__case__school_id", distinct=True)
    )["n"]


def ratings_by_rating(partnership, starts_on: dt.date, on: dt.date, school_ids=None) -> dict[str, dict]:
    """Objective ratings at the partnership's progress reviews held from `starts_on` to `on`, by
    rating: {"rating", "n", "schools"}."""
    school = "review__agreement__case__school_id"
    ratings = _ratings(partnership, starts_on, on, school_ids)
    return {
        row["rating"]: row
        for row in ratings.values("rating")
        .annotate(n=Count("pk"), schools=Count(school, distinct=True))
        .order_by()
    }


def overdue_reviews(partnership, on: dt.date, school_ids=None) -> dict[str, int]:
    """Progress reviews overdue at the end of `on`: due before it, not held by then, of cases open
    then: {"n", "schools"}. A review held since is still overdue for a day before it was held, so a
    past term's figure reads the same next year."""
    return ProgressReview.objects.filter(
        Q(agreement__case__partnership=partnership, due_on__lt=on)
        & (Q(held_on__isnull=True, status=ReviewStatus.DUE) | Q(held_on__gt=on))
        & _open_on(on, "agreement__case__")
        & limited_to(school_ids, "agreement__case__school_id")
    ).aggregate(n=Count("pk"), schools=Count("agreement__case__school", distinct=True))


def open_cases_by_network(
    members: QuerySet[NetworkMembership], partnership, on: dt.date, school_ids=None
) -> dict[int, dict]:
    """For each network of `members`, the partnership's cases open at the end of `on` at its member
    schools: network id -> {"cases", "schools"}. One query."""
    rows = (
        members.filter(
            Q(school__support_cases__partnership=partnership) & _open_on(on, "school__support_cases__")
        )
        .filter(limited_to(school_ids))
        .values("network_id")
        .annotate(cases=Count("school__support_cases", distinct=True), schools=Count("school", distinct=True))
        .order_by()
    )
    return {row["network_id"]: row for row in rows}


def opened_and_closed_by_term(partnership, spans: list[tuple[dt.date, dt.date]]) -> list[dict]:
    """For each (first day, last day) span, the partnership's cases opened and closed in it, and at
    how many schools: {"opened", "opened_schools", "closed", "closed_schools"}. One query."""
    if not spans:
        return []
    counts = {}
    for index, (first, last) in enumerate(spans):
        opened, closed = Q(opened_on__range=(first, last)), Q(closed_on__range=(first, last))
        counts |= {
            f"opened_{index}": Count("pk", filter=opened),
            f"opened_schools_{index}": Count("school", distinct=True, filter=opened),
            f"closed_{index}": Count("pk", filter=closed),
            f"closed_schools_{index}": Count("school", distinct=True, filter=closed),
        }
    row = SupportCase.objects.filter(partnership=partnership).aggregate(**counts)
    return [
        {key: row[f"{key}_{index}"] for key in ("opened", "opened_schools", "closed", "closed_schools")}
        for index in range(len(spans))
    ]


# --- The annual report's impact section (decision 0037) -------------------------------------------


def supported_school_ids(partnership, starts_on: dt.date, on: dt.date) -> QuerySet:
    """The schools with a case of the partnership open on at least one day from `starts_on` to `on`
    (opened by the end of `on` and not closed before `starts_on`), whatever its status or how it
    closed: a subquery of school ids, for the impact comparison. Runs no query itself."""
    return (
        SupportCase.objects.filter(Q(partnership=partnership, opened_on__lte=on))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=starts_on))
        .values("school_id")
    )


@dataclass
class ClosedSupport:
    """Cases closed from one day to another, and what their records say of the support's impact."""

    counts: dict  # {"cases", "schools", "statements", "statement_schools", "before", ..., "after_schools"}
    outcomes: dict[str, dict]  # objective outcome at closure -> {"n", "schools"}
    ratings: dict[str, dict]  # rating at each case's final rated review -> {"n", "schools"}


def closed_support(partnership, starts_on: dt.date, on: dt.date) -> ClosedSupport:
    """The partnership's cases closed from `starts_on` to `on`: how many have an impact statement and
    evidence from before and after the support; their objectives' outcomes as judged at closure; and
    the ratings at each case's final rated review (the latest held). Three queries; no statement or
    evidence text is read."""
    closed = SupportCase.objects.filter(
        partnership=partnership, status=CaseStatus.CLOSED, closed_on__range=(starts_on, on)
    )
    counts = {}
    for name, written in (
        ("statement", ~Q(impact_statement="")),
        ("before", ~Q(evidence_before="")),
        ("after", ~Q(evidence_after="")),
    ):
        counts[name] = Count("pk", filter=written)
        counts[f"{name}_schools"] = Count("school", distinct=True, filter=written)
    figures = closed.aggregate(cases=Count("pk"), schools=Count("school", distinct=True), **counts)
    outcomes = {
        row["outcome"]: row
        for row in Objective.objects.filter(agreement__case__in=closed)
        .exclude(outcome="")
        .values("outcome")
        .annotate(n=Count("pk"), schools=Count("agreement__case__school", distinct=True))
        .order_by()
    }
    final = ProgressReview.objects.filter(
        agreement__case=OuterRef("review__agreement__case"),
        status__in=[ReviewStatus.RATED, ReviewStatus.QUALITY_ASSURED],
    ).order_by("-held_on", "-pk")
    ratings = {
        row["rating"]: row
        for row in ObjectiveRating.objects.filter(review__agreement__case__in=closed)
        .filter(review_id=Subquery(final.values("pk")[:1]))
        .values("rating")
        .annotate(n=Count("pk"), schools=Count("review__agreement__case__school", distinct=True))
        .order_by()
    }
    return ClosedSupport(counts=figures, outcomes=outcomes, ratings=ratings)
