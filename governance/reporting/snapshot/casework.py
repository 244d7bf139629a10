"""Support casework: the cases active in the period, the support agreed on them and how long it took,
and the ratings at progress reviews."""

from __future__ import annotations

import datetime as dt
import math
import statistics

from django.utils import timezone

from partnership.figures import Section, chart, decimal_text, money, number, section, table
from partnership.models import DataCategory
from support.models.agreements import Funding, ProviderType
from support.models.reviews import Rating
from support.selectors.figures import SHOWN_STATUSES, casework_figures, overdue_reviews, ratings_by_rating

from .audience import Cells
from .period import Period
from .wording import day_text, schools_text


def _percentile(values: list[int], fraction: float) -> int:
    """The nearest-rank percentile: the smallest value with at least `fraction` of values at or below."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def support_section(partnership, period: Period, cells: Cells, consent) -> Section:
    support_ids = consent[DataCategory.SUPPORT]
    casework = casework_figures(partnership, period.starts_on, period.cut, support_ids)
    status_labels = dict(SHOWN_STATUSES)
    by_status, total = casework.by_status, casework.total
    status_rows = [
        [status_labels[s], cells.count(by_status[s]["cases"], by_status[s]["schools"])]
        for s in status_labels
        if s in by_status
    ]
    priority_rows = [
        [row["priorities__title"] or "No priority recorded", cells.count(row["cases"], row["schools"])]
        for row in casework.by_priority
    ]
    provider_labels, funding_labels = dict(ProviderType.choices), dict(Funding.choices)
    # Every figure in a row rests on the same schools, so when the count is hidden the days are too.
    provider_rows = [
        [
            provider_labels[row["provider_type"]],
            cells.count(row["n"], row["schools"]),
            cells.fewer if cells.hidden(row["schools"]) else decimal_text(row["days"] or 0, 0),
        ]
        for row in casework.by_provider
    ]
    funding_rows = []
    for row in casework.by_funding:
        hidden = cells.hidden(row["schools"])
        funding_rows.append(
            [
                funding_labels[row["funding"]],
                cells.count(row["n"], row["schools"]),
                cells.fewer if hidden else money(row["cost"] or 0),
            ]
        )
    # Days from identification (the case opened) to agreed support (its first agreement agreed),
    # for cases whose support was first agreed in the period.
    days, timed_schools = [], set()
    for row in casework.first_agreed:
        agreed_on = timezone.localtime(row["first"]).date()
        if period.starts_on <= agreed_on <= period.cut:
            days.append(max((agreed_on - row["case__opened_on"]).days, 0))
            timed_schools.add(row["case__school_id"])
    if not days:
        timing = "No support was agreed in the period."
        timing_rows = [["Cases with support agreed in the period", "0"]]
    elif cells.hidden(len(timed_schools)):
        timing = f"Support was agreed for fewer than {cells.minimum} schools in the period."
        timing_rows = [["Cases with support agreed in the period", cells.fewer]]
    else:
        median, p90 = statistics.median(days), _percentile(days, 0.9)
        median_text = f"{median:g}"
        timing = (
            f"From identification to agreed support took a median of {median_text} days "
            f"(90% within {p90} days) for the {len(days):,} cases whose support was agreed in the period."
        )
        timing_rows = [
            ["Cases with support agreed in the period", number(len(days))],
            ["Median days from identification to agreed support", median_text],
            ["90th percentile of days", number(p90)],
        ]
    if cells.hidden(total["schools"]):
        summary = f"Support cases were active at fewer than {cells.minimum} schools in the period. "
    else:
        summary = (
            f"{number(total['cases'])} support case{'s were' if total['cases'] != 1 else ' was'} active in the "
            f"period, at {schools_text(total['schools'])}. "
        )
    summary += timing
    if support_ids is not None:
        summary += (
            " Built only from schools whose consent to the data-sharing agreement covers their support "
            "casework." + cells.note
        )
    tables = [
        table("Cases by status now", ["Status", "Cases"], status_rows, [1]),
        table("Cases by priority (a case can have several)", ["Priority", "Cases"], priority_rows, [1]),
        table(
            "Agreed support by provider", ["Provider", "Agreements", "Days of support"], provider_rows, [1, 2]
        ),
        table("Agreed support by funding", ["Funding", "Agreements", "Cost"], funding_rows, [1, 2]),
        table("Time from identification to agreed support", ["", "Figure"], timing_rows, [1]),
    ]
    pairs = [
        (status_labels[s], by_status[s]["cases"])
        for s in status_labels
        if s in by_status and not cells.hidden(by_status[s]["schools"])
    ]
    return section(
        "support", "Support cases", summary, tables, chart("Support cases by status", pairs, "cases")
    )


def reviews_section(partnership, period: Period, cells: Cells, consent, as_at_day: dt.date) -> Section:
    support_ids = consent[DataCategory.SUPPORT]
    by_rating = ratings_by_rating(partnership, period.starts_on, period.cut, support_ids)
    overdue = overdue_reviews(partnership, as_at_day, support_ids)
    rows = []
    for rating in Rating:
        row = by_rating.get(rating, {"n": 0, "schools": 0})
        rows.append([rating.label, cells.count(row["n"], row["schools"])])
    rated = sum(row["n"] for row in by_rating.values())
    rated_schools = sum(row["schools"] for row in by_rating.values())
    if not rated:
        summary = "No objectives were rated at a progress review in the period."
    elif cells.hidden(rated_schools):
        summary = f"Objectives were rated at progress reviews for fewer than {cells.minimum} schools."
    else:
        parts = [
            f"{cells.count(by_rating[r]['n'], by_rating[r]['schools']).lower()} {r.label.lower()}"
            for r in Rating
            if r in by_rating
        ]
        summary = (
            f"Of {number(rated)} objective ratings at progress reviews in the period, "
            + ", ".join(parts)
            + "."
        )
    overdue_text = cells.count(overdue["n"], overdue["schools"])
    summary += f" Reviews overdue at {day_text(as_at_day)}: {overdue_text.lower() if 'Fewer' in overdue_text else overdue_text}."
    if support_ids is not None:
        summary += (
            " Built only from schools whose consent to the data-sharing agreement covers their support "
            "casework." + cells.note
        )
    tables = [
        table(
            "Objective ratings at progress reviews held in the period", ["Rating", "Objectives"], rows, [1]
        ),
        table(
            f"Progress reviews overdue at {day_text(as_at_day)}",
            ["", "Reviews"],
            [["Overdue", overdue_text]],
            [1],
        ),
    ]
    pairs = [
        (r.label, by_rating[r]["n"])
        for r in Rating
        if r in by_rating and not cells.hidden(by_rating[r]["schools"])
    ]
    return section(
        "reviews",
        "Progress review ratings",
        summary,
        tables,
        chart("Objective ratings", pairs, "objectives"),
    )
