"""Support casework: the cases active in the period, the support agreed on them and how long it took,
and the ratings at progress reviews."""

from __future__ import annotations

import datetime as dt
import math
import statistics

from django.utils import timezone

from governance.models import Term
from partnership.figures import NOT_SHOWN, Section, Table, chart, decimal_text, money, number, section, table
from support.models.agreements import Funding, ProviderType
from support.models.cases import CaseStatus
from support.models.reviews import Rating
from support.selectors.figures import (
    CLOSED_WITHOUT_COMPLETION,
    SHOWN_STATUSES,
    casework_figures,
    opened_and_closed_by_term,
    overdue_reviews,
    rated_schools_count,
    ratings_by_rating,
)

from .audience import Cells
from .period import Period, term_label, trend_label, trend_terms
from .wording import day_text, schools_text


def _percentile(values: list[int], fraction: float) -> int:
    """The nearest-rank percentile: the smallest value with at least `fraction` of values at or below."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def _agreement_rows(
    rows: list[dict], key: str, labels: dict, cells: Cells, other: str, shown
) -> list[list[str]]:
    """Agreements by provider or by funding. Both tables add up to every agreement, which the other
    table gives away whenever none of its rows is hidden, so each hides one more row beside a small
    one. Every figure in a row rests on the same schools, so when the count is hidden the days or
    the cost are too."""
    withheld = cells.withheld({row[key]: (row["n"], row["schools"]) for row in rows})
    out = []
    for row in rows:
        if cells.hidden(row["schools"]):
            count = extra = cells.fewer
        elif row[key] in withheld:
            count = extra = NOT_SHOWN
        else:
            count, extra = number(row["n"]), shown(row[other])
        out.append([labels[row[key]], count, extra])
    return out


def _direction(now: int, before: int) -> str:
    if now == before:
        return "the same as"
    return "up from" if now > before else "down from"


def _trend(partnership, period: Period, cells: Cells, terms: list[Term]) -> tuple[str, Table | None]:
    """Cases opened and closed in each of the last terms to this period's end (to the day the
    figures are counted, for a term not yet over), oldest first, and a sentence on the direction."""
    if len(terms) < 2:
        return "", None
    spans = [(term.starts_on, min(term.ends_on, period.cut)) for term in terms]
    counts = opened_and_closed_by_term(partnership, spans)
    rows = [
        [
            trend_label(term, period),
            cells.count(row["opened"], row["opened_schools"]),
            cells.count(row["closed"], row["closed_schools"]),
        ]
        for term, row in zip(terms, counts, strict=True)
    ]
    now, before = counts[-1], counts[-2]
    labels = (term_label(terms[-1]), term_label(terms[-2]))
    hidden = any(
        cells.hidden(row[f"{kind}_schools"]) for row in (now, before) for kind in ("opened", "closed")
    )
    sentence = (
        ""
        if hidden
        else (
            f" In the {labels[0].lower()}, {number(now['opened'])} case{'s were' if now['opened'] != 1 else ' was'} "
            f"opened, {_direction(now['opened'], before['opened'])} {number(before['opened'])} in the "
            f"{labels[1].lower()}, and {number(now['closed'])} closed ({number(before['closed'])} the term before)."
        )
    )
    made = table(
        "Cases opened and closed by term",
        ["Term", "Opened", "Closed"],
        rows,
        [1, 2],
    )
    return sentence, made


def support_section(
    partnership, period: Period, cells: Cells, covered: int, terms: list[Term] | None = None
) -> Section:
    """The support cases; `terms` are the last terms of the trend (read here if not given)."""
    casework = casework_figures(partnership, period.starts_on, period.cut)
    status_labels = dict(SHOWN_STATUSES)
    by_status, total = casework.by_status, casework.total
    total_hidden = cells.hidden(total["schools"])
    # The open statuses add up to the networks' open cases, and the closed ones to the cases closed
    # this term in the trend: within each, a hidden status never stands alone either.
    closed = {CaseStatus.CLOSED.value, CLOSED_WITHOUT_COMPLETION}
    statuses = cells.parts(
        {s: (by_status[s]["cases"], by_status[s]["schools"]) for s in status_labels if s in by_status},
        total_shown=not total_hidden,
        groups=(set(status_labels) - closed, closed),
    )
    status_rows = [[status_labels[s], cell] for s, cell in statuses.items()]
    # A case can have several priorities, but "No priority recorded" cannot share one, and with one
    # priority the rows add up to every case: hidden as a part of the total.
    priority_labels = [row["priorities__title"] or "No priority recorded" for row in casework.by_priority]
    priority_cells = cells.parts(
        {
            label: (row["cases"], row["schools"])
            for label, row in zip(priority_labels, casework.by_priority, strict=True)
        }
    )
    priority_rows = [[label, priority_cells[label]] for label in priority_labels]
    provider_labels, funding_labels = dict(ProviderType.choices), dict(Funding.choices)
    # Every figure in a row rests on the same schools, so when the count is hidden the days are too.
    provider_rows = _agreement_rows(
        casework.by_provider,
        "provider_type",
        provider_labels,
        cells,
        "days",
        lambda d: decimal_text(d or 0, 0),
    )
    funding_rows = _agreement_rows(
        casework.by_funding, "funding", funding_labels, cells, "cost", lambda c: money(c or 0)
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
            f"(90% within {p90} days) for the {len(days):,} case{'s' if len(days) != 1 else ''} whose support was agreed in the period."
        )
        timing_rows = [
            ["Cases with support agreed in the period", number(len(days))],
            ["Median days from identification to agreed support", median_text],
            ["90th percentile of days", number(p90)],
        ]
    # A case may be at a school that has since closed, so the schools are not said to be "of" those
    # the partnership covers: the base is given beside them.
    base = f"(the partnership covers {number(covered)} open state-funded schools)"
    if total_hidden:
        summary = f"Support cases were active at {cells.fewer.lower()} in the period {base}. "
    else:
        summary = (
            f"{number(total['cases'])} support case{'s were' if total['cases'] != 1 else ' was'} active in the "
            f"period, at {schools_text(total['schools'])} {base}. "
        )
    summary += timing
    terms = trend_terms(partnership, period) if terms is None else terms
    trend_sentence, trend_table = _trend(partnership, period, cells, terms)
    summary += trend_sentence
    all_cases = cells.count(total["cases"], total["schools"])
    tables = [
        table(
            f"Cases by status at {day_text(period.cut)}",
            ["Status", "Cases"],
            [*status_rows, ["All cases active in the period", all_cases]],
            [1],
            adds_up={"total": len(status_rows), "parts": list(range(len(status_rows)))},
        ),
        table("Cases by priority (a case can have several)", ["Priority", "Cases"], priority_rows, [1]),
        table(
            "Agreed support by provider",
            ["Provider", "Agreements", "Days of support"],
            provider_rows,
            [1, 2],
            adds_up={"total": None, "parts": list(range(len(provider_rows)))},
        ),
        table(
            "Agreed support by funding",
            ["Funding", "Agreements", "Cost"],
            funding_rows,
            [1, 2],
            adds_up={"total": None, "parts": list(range(len(funding_rows)))},
        ),
        table("Time from identification to agreed support", ["", "Figure"], timing_rows, [1]),
        *([trend_table] if trend_table else []),
    ]
    pairs = [
        (status_labels[s], by_status[s]["cases"])
        for s, cell in statuses.items()
        if cell not in (cells.fewer, NOT_SHOWN)
    ]
    return section(
        "support", "Support cases", summary, tables, chart("Support cases by status", pairs, "cases")
    )


def reviews_section(partnership, period: Period, cells: Cells, as_at_day: dt.date) -> Section:
    by_rating = ratings_by_rating(partnership, period.starts_on, period.cut)
    overdue = overdue_reviews(partnership, as_at_day)
    rated = sum(row["n"] for row in by_rating.values())
    # A school can have objectives rated more than one way: the schools behind the total are counted
    # once each, not added up from the rows.
    rated_schools = rated_schools_count(partnership, period.starts_on, period.cut)
    total_hidden = cells.hidden(rated_schools)
    shown = cells.parts(
        {r: (by_rating.get(r, {"n": 0})["n"], by_rating.get(r, {"schools": 0})["schools"]) for r in Rating},
        total_shown=not total_hidden,
    )
    rows = [[r.label, shown[r]] for r in Rating]
    if not rated:
        summary = "No objectives were rated at a progress review in the period."
    elif total_hidden:
        summary = f"Objectives were rated at progress reviews for fewer than {cells.minimum} schools."
    elif any(cell in (cells.fewer, NOT_SHOWN) for cell in shown.values()):
        summary = (
            f"{number(rated)} objective ratings were given at progress reviews in the period, at "
            f"{number(rated_schools)} schools; each rating's count is shown below where it rests on enough schools."
        )
    else:
        parts = [f"{shown[r].lower()} {r.label.lower()}" for r in Rating if r in by_rating]
        summary = (
            f"Of {number(rated)} objective ratings at progress reviews in the period, "
            + ", ".join(parts)
            + "."
        )
    overdue_text = cells.count(overdue["n"], overdue["schools"])
    summary += f" Reviews overdue at {day_text(as_at_day)}: {overdue_text.lower() if 'Fewer' in overdue_text else overdue_text}."
    tables = [
        table(
            "Objective ratings at progress reviews held in the period",
            ["Rating", "Objectives"],
            [*rows, ["All ratings", cells.count(rated, rated_schools)]],
            [1],
            adds_up={"total": len(rows), "parts": list(range(len(rows)))},
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
        if r in by_rating and shown[r] not in (cells.fewer, NOT_SHOWN)
    ]
    return section(
        "reviews",
        "Progress review ratings",
        summary,
        tables,
        chart("Objective ratings", pairs, "objectives"),
    )
