"""The figures for one partnership and one period, built once as a plain JSON-safe dict.

The dashboard shows a snapshot built live; a report freezes one. The shape is described in this
package's __init__. Every section is a handful of aggregate queries whatever the number of schools:
nothing here loops over schools with a query each.

Two audiences (decision 0017):
- "board": aggregates only. Support casework, needs flags and reviews are counted only for schools
  whose consent in force covers that kind of data, and a cell resting on fewer than
  SMALL_CELL_MIN_SCHOOLS schools (but more than none) is shown as "Fewer than N schools".
  Inspections and results are public register data and are shown whole.
- "la": everything, unsuppressed.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from governance.models import CaseStudy, Term, TermKind
from governance.terms import previous_term, terms_for
from partnership.consent import consenting_school_ids, consents_in_force
from partnership.disclosure import threshold
from partnership.figures import (
    chart,
    decimal_text,
    fewer_than,
    half_up,
    money,
    number,
    percent,
    percent_text,
    percent_value,
    section,
    table,
)
from partnership.models import DataCategory, Partnership
from schools.models.inspections import OverallGrade
from schools.models.leaders import Designation
from schools.models.needs import TriggerKind
from schools.selectors.figures import (
    capacity_by_designation,
    flagged_schools_by_kind,
    inspection_outcomes,
    ks2_results,
    ks4_results,
    network_grades,
    network_members,
    open_flags,
)
from support.inclusion_tables import report_section as inclusion_section
from support.models.agreements import Funding, ProviderType
from support.models.cases import CaseStatus
from support.models.reviews import Rating
from support.selectors.figures import (
    casework_figures,
    flagged_schools_with_open_case,
    open_cases_by_network,
    overdue_reviews,
    ratings_by_rating,
)
from support.selectors.inclusion_figures import inclusion_figures, inclusion_partnerships_of

SCHEMA = 1
AUDIENCES = ("board", "la")

OGL = "Open Government Licence v3.0"
SOURCES = [
    {
        "name": "Get Information About Schools",
        "detail": "The register of schools: names, phases, local authorities and whether they are open. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        "licence": OGL,
    },
    {
        "name": "Ofsted inspection outcomes",
        "detail": "The latest inspection of each school, under the overall effectiveness framework or as "
        "a report card. Contains public sector information licensed under the Open Government "
        "Licence v3.0.",
        "licence": OGL,
    },
    {
        "name": "School performance tables",
        "detail": "Key stage 2 and key stage 4 results published by the Department for Education. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        "licence": OGL,
    },
    {
        "name": "The partnership's own casework records",
        "detail": "Needs flags, support cases, support agreements, progress reviews and system leaders' "
        "capacity, as recorded in this portal.",
        "licence": "",
    },
]

INCLUSION_SOURCE = {
    "name": "The inclusion partnerships' own records",
    "detail": "Permanent exclusions, consultations with chairs, referrals of pupils at risk, attendance, "
    "alternative provision placements and funding, as recorded in this portal, counted without naming "
    "any pupil; pupils on roll from Get Information About Schools or, where it holds no number, estimated "
    "as five times the school's latest key stage 4 cohort in the school performance tables.",
    "licence": "",
}

# Legacy grades, best first. Report cards have no overall grade and are never mapped onto these.
GRADE_ORDER = [
    OverallGrade.OUTSTANDING,
    OverallGrade.GOOD,
    OverallGrade.SATISFACTORY,
    OverallGrade.REQUIRES_IMPROVEMENT,
    OverallGrade.INADEQUATE,
]
GOOD_OR_BETTER = {OverallGrade.OUTSTANDING, OverallGrade.GOOD}
REPORT_CARD = ""  # a latest inspection with no overall grade is a report card
NOT_INSPECTED = None

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Period:
    kind: str
    key: str
    label: str
    starts_on: dt.date
    ends_on: dt.date
    previous_label: str
    previous_ends_on: dt.date
    cut: dt.date  # the day figures are counted at: the period's end, or the as_at day if earlier

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "previous_label": self.previous_label,
        }


def term_label(term: Term) -> str:
    year = term.academic_year if term.kind == TermKind.AUTUMN else term.academic_year + 1
    return f"{term.get_kind_display()} {year}"


def year_label(academic_year: int) -> str:
    return f"Academic year {academic_year} to {academic_year + 1}"


def _period(partnership, term, academic_year, as_at: dt.datetime) -> Period:
    today = timezone.localtime(as_at).date()
    if term is not None:
        before = previous_term(term)
        return Period(
            kind="termly",
            key=term.key,
            label=term_label(term),
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            previous_label=term_label(before),
            previous_ends_on=before.ends_on,
            cut=min(term.ends_on, today),
        )
    terms = terms_for(partnership, academic_year)
    return Period(
        kind="annual",
        key=str(academic_year),
        label=year_label(academic_year),
        starts_on=terms[0].starts_on,
        ends_on=terms[-1].ends_on,
        previous_label=year_label(academic_year - 1),
        previous_ends_on=terms[0].starts_on - dt.timedelta(days=1),
        cut=min(terms[-1].ends_on, today),
    )


# --- Formatting ---------------------------------------------------------------------------------


# Percentages, rates, measures, tables, charts and sections come from partnership.figures, so that
# a figure here reads as it does in the inclusion figures (decision 0022).


def _signed(value: int | float) -> str:
    if value == 0:
        return "0"
    return f"+{value:,}" if value > 0 else f"-{abs(value):,}"


def _schools(value: int) -> str:
    return f"{value:,} school" if value == 1 else f"{value:,} schools"


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class Cells:
    """Counts for one audience: the board's cells on too few schools are suppressed."""

    def __init__(self, audience: str):
        self.suppress = audience == "board"
        self.minimum = threshold()

    def hidden(self, schools: int) -> bool:
        return self.suppress and 0 < schools < self.minimum

    @property
    def fewer(self) -> str:
        return fewer_than(self.minimum, "schools")

    def count(self, value: int, schools: int) -> str:
        return self.fewer if self.hidden(schools) else number(value)

    @property
    def note(self) -> str:
        return (
            f" A figure that rests on fewer than {self.minimum} schools is shown as "
            f"“{self.fewer}”, so that no school can be identified."
        )


# --- Queries ------------------------------------------------------------------------------------


def _consenting(partnership, category: str):
    """The schools whose consent in force covers `category`: a subquery on PostgreSQL, so that a
    national partnership's tens of thousands of ids never travel as parameters; a set elsewhere
    (SQLite, which the demo runs on, has no JSON containment lookup)."""
    if connection.vendor == "postgresql":
        return consents_in_force(partnership).filter(categories__contains=[category]).values("school_id")
    return consenting_school_ids(partnership, category)


def _consent(partnership, audience: str) -> dict:
    """For the board, the schools whose consent in force covers each category; for the LA, None:
    no restriction."""
    if audience != "board":
        return {DataCategory.SUPPORT: None, DataCategory.NEEDS: None}
    return {
        category: _consenting(partnership, category)
        for category in (DataCategory.SUPPORT, DataCategory.NEEDS)
    }


def _grade_label(grade: str | None) -> str:
    if grade is NOT_INSPECTED:
        return "Not inspected"
    if grade == REPORT_CARD:
        return "Report card"
    return OverallGrade(grade).label


# --- Sections -----------------------------------------------------------------------------------


def _inspections(la_codes: list[str], period: Period) -> tuple[dict, int]:
    crosstab = inspection_outcomes(la_codes, period.cut, period.previous_ends_on)
    now: Counter = Counter()
    before: Counter = Counter()
    moves: Counter = Counter()
    for row in crosstab:
        now[row["now"]] += row["schools"]
        before[row["before"]] += row["schools"]
        if row["now"] != row["before"]:
            moves[(row["before"], row["now"])] += row["schools"]
    total = sum(now.values())

    def graded(counts) -> int:
        return sum(counts[g] for g in GRADE_ORDER)

    def good(counts) -> int:
        return sum(counts[g] for g in GOOD_OR_BETTER)

    shown = [g for g in GRADE_ORDER if g != OverallGrade.SATISFACTORY or now[g] or before[g]]
    rows = [[OverallGrade(g).label, number(now[g]), _signed(now[g] - before[g])] for g in shown]
    pct_now, pct_before = percent_value(good(now), graded(now)), percent_value(good(before), graded(before))
    text_now, text_before = percent(good(now), graded(now)), percent(good(before), graded(before))
    # The change in points is the change in the shares as written. Where they read differently but
    # round to the same number (99.6% reads "more than 99%", 100% reads "100%"), it is not nought
    # either: "down less than 1".
    went_up = good(now) * graded(before) > good(before) * graded(now)
    points = None if pct_now is None or pct_before is None else pct_now - pct_before
    if points is None:
        change = "No figure"
    elif points or text_now == text_before:
        change = _signed(points)
    else:
        change = f"{'up' if went_up else 'down'} less than 1"
    rows.append(["Good or outstanding (% of schools with an overall grade)", text_now, change])
    others = [
        [
            "Report card (no overall grade)",
            number(now[REPORT_CARD]),
            _signed(now[REPORT_CARD] - before[REPORT_CARD]),
        ],
        ["Not inspected", number(now[NOT_INSPECTED]), _signed(now[NOT_INSPECTED] - before[NOT_INSPECTED])],
    ]
    if pct_now is None:
        summary = f"None of the {_schools(total)} has an overall effectiveness grade."
    else:
        summary = (
            f"Of {_schools(graded(now))} with an overall effectiveness grade, {text_now} were good or "
            f"outstanding at {_date(period.cut)}"
        )
        if points is None:
            summary += "."
        elif text_now == text_before:
            summary += f", the same as at the end of the {period.previous_label.lower()}."
        else:
            moved = f"{abs(points)} point{'s' if abs(points) != 1 else ''}" if points else "less than 1 point"
            summary += (
                f", {'up' if went_up else 'down'} {moved} on the end of the {period.previous_label.lower()}."
            )
    summary += (
        f" {_schools(now[REPORT_CARD]).capitalize()} had a report card, which has no overall grade and is "
        f"counted separately; {number(now[NOT_INSPECTED])} had not been inspected."
    )
    move_rows = [
        [_grade_label(frm), _grade_label(to), number(count)]
        for (frm, to), count in sorted(moves.items(), key=lambda item: (-item[1], str(item[0])))
    ]
    tables = [
        table(
            f"Latest inspection outcome of the {_schools(total)} open at {_date(period.cut)}",
            ["Outcome", "Schools", f"Change since the end of the {period.previous_label.lower()}"],
            rows + others,
            [1, 2],
        ),
        table(
            f"Schools whose latest outcome changed since the end of the {period.previous_label.lower()}",
            ["From", "To", "Schools"],
            move_rows or [["No change", "", "0"]],
            [2],
        ),
    ]
    drawn = chart(
        "Latest inspection outcome of the partnership's open schools",
        [(OverallGrade(g).label, now[g]) for g in shown]
        + [("Report card", now[REPORT_CARD]), ("Not inspected", now[NOT_INSPECTED])],
        "schools",
    )
    return section("inspections", "Inspection outcomes", summary, tables, drawn), total


def _needs(partnership, period: Period, cells: Cells, consent) -> dict:
    needs_ids, support_ids = consent[DataCategory.NEEDS], consent[DataCategory.SUPPORT]
    flags = open_flags(partnership, period.cut, needs_ids)
    by_kind = flagged_schools_by_kind(flags)
    # Whether a flagged school has an open case combines two kinds of data, so for the board it is
    # worked out only over schools whose consent covers both needs flags and support casework: a
    # school sharing only its flags would otherwise be counted "without an open support case" even
    # when it has one.
    totals = flagged_schools_with_open_case(flags, partnership, period.cut, support_ids)
    flagged, with_case, combined = totals["schools"], totals["with_case"], totals["both"]
    rows = [
        [TriggerKind(kind).label, cells.count(count, count)]
        for kind, count in sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
    ]
    if cells.hidden(flagged):
        summary = f"{cells.fewer} were flagged as possibly needing support."
    else:
        summary = (
            f"{_schools(flagged).capitalize()} {'was' if flagged == 1 else 'were'} flagged as possibly "
            f"needing support at {_date(period.cut)}"
        )
        if not flagged:
            summary += "."
        elif support_ids is None:
            summary += f", and {cells.count(with_case, with_case).lower()} of them had an open support case."
        else:
            summary += (
                f". Of the {cells.count(combined, combined).lower()} of them whose consent also covers "
                f"their support casework, {cells.count(with_case, with_case).lower()} had an open support case."
            )
    if needs_ids is not None:
        summary += (
            " Built only from schools whose consent to the data-sharing agreement covers their needs "
            "flags; whether a flagged school has an open case is counted only for schools whose consent "
            "covers both their needs flags and their support casework." + cells.note
        )
    without = combined - with_case
    if support_ids is None:
        split = [
            ["Flagged, with an open support case", cells.count(with_case, with_case)],
            ["Flagged, without an open support case", cells.count(without, without)],
        ]
    else:
        split = [
            ["Flagged, consent also covers support casework", cells.count(combined, combined)],
            ["Of those, with an open support case", cells.count(with_case, with_case)],
            ["Of those, without an open support case", cells.count(without, without)],
        ]
    tables = [
        table(
            "Schools flagged as possibly needing support",
            ["", "Schools"],
            [["Flagged", cells.count(flagged, flagged)], *split],
            [1],
        ),
        table("Flags by trigger (a school can have several)", ["Trigger", "Schools"], rows, [1]),
    ]
    pairs = [
        (label, value)
        for label, value in (("With an open case", with_case), ("Without an open case", without))
        if not cells.hidden(value)
    ]
    drawn = (
        None
        if cells.hidden(flagged) or not flagged
        else chart("Flagged schools and open cases", pairs, "schools")
    )
    return section("needs", "Schools that may need support", summary, tables, drawn)


def _percentile(values: list[int], fraction: float) -> int:
    """The nearest-rank percentile: the smallest value with at least `fraction` of values at or below."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def _support(partnership, period: Period, cells: Cells, consent) -> dict:
    support_ids = consent[DataCategory.SUPPORT]
    casework = casework_figures(partnership, period.starts_on, period.cut, support_ids)
    status_labels = dict(CaseStatus.choices)
    by_status, total = casework.by_status, casework.total
    status_rows = [
        [status_labels[s], cells.count(by_status[s]["cases"], by_status[s]["schools"])]
        for s in CaseStatus
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
            cells.fewer if cells.hidden(row["schools"]) else number(int(row["days"] or 0)),
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
            f"period, at {_schools(total['schools'])}. "
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
        for s in CaseStatus
        if s in by_status and not cells.hidden(by_status[s]["schools"])
    ]
    return section(
        "support", "Support cases", summary, tables, chart("Support cases by status", pairs, "cases")
    )


def _reviews(partnership, period: Period, cells: Cells, consent, as_at_day: dt.date) -> dict:
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
    summary += f" Reviews overdue at {_date(as_at_day)}: {overdue_text.lower() if 'Fewer' in overdue_text else overdue_text}."
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
            f"Progress reviews overdue at {_date(as_at_day)}",
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


def _capacity(partnership) -> dict:
    labels = dict(Designation.choices)
    rows_by = capacity_by_designation(partnership)
    leaders = sum(r["leaders"] for r in rows_by)
    capacity = sum((r["capacity"] or Decimal(0) for r in rows_by), Decimal(0))
    committed = sum((r["committed"] or Decimal(0) for r in rows_by), Decimal(0))
    rows = [
        [
            labels[r["designation"]],
            number(r["leaders"]),
            decimal_text(r["capacity"], 1),
            decimal_text(r["committed"], 1),
            percent(r["committed"] or 0, r["capacity"] or 0),
        ]
        for r in rows_by
    ]
    used = percent(committed, capacity)
    if leaders:
        rows.append(
            [
                "All system leaders",
                number(leaders),
                decimal_text(capacity, 1),
                decimal_text(committed, 1),
                used,
            ]
        )
        summary = (
            f"{number(leaders)} system leader{'s' if leaders != 1 else ''} available for support had "
            f"{decimal_text(capacity, 1)} days of capacity this term, of which {decimal_text(committed, 1)} "
            f"days ({used}) were committed."
        )
    else:
        summary = "No system leaders are available for support."
    tables = [
        table(
            "System leaders' capacity this term",
            ["Designation", "Leaders", "Capacity (days)", "Committed (days)", "Used"],
            rows,
            [1, 2, 3, 4],
        )
    ]
    pairs = [
        (
            labels[r["designation"]],
            percent_value(r["committed"] or 0, r["capacity"] or 0) or 0,
            percent(r["committed"] or 0, r["capacity"] or 0),
        )
        for r in rows_by
    ]
    return section(
        "capacity",
        "System leaders' capacity",
        summary,
        tables,
        chart("Capacity used by designation", pairs, "%"),
    )


def _average(parts: list[tuple[Decimal, int, int]]) -> Decimal | None:
    pupils = sum(p for _, p, _ in parts)
    return sum((w for w, _, _ in parts), Decimal(0)) / pupils if pupils else None


def _latest_year(data: dict, measure: str) -> int | None:
    years = [year for (_, year), values in data.items() if values.get(measure, (0, 0, 0))[1]]
    return max(years) if years else None


def _ay(year: int) -> str:
    return f"{year - 1} to {year}"


NATIONAL_NOT_HELD = (
    "National averages are not held in the portal, so no national comparison is shown; compare with the "
    "Department for Education's published national figures."
)


def _measure(value: Decimal | None, places: int, unit: str) -> str:
    return percent_text(value, places=places) if unit == "%" else decimal_text(value, places)


def _percent_bar(label: str, value: Decimal | None) -> tuple[str, float, str]:
    """A bar of a pupil-weighted percentage, to one place as the tables show it."""
    return (label, float(half_up(value or 0, 1)), percent_text(value, places=1))


def _outcomes(la_names: dict[str, str], ks2: dict, ks4: dict) -> dict:
    tables, summary_parts, pairs = [], [], []
    measures = [
        ("KS2", ks2, "rwm", "Reading, writing and maths at the expected standard", 1, "%"),
        ("KS4", ks4, "p8", "Progress 8", 2, ""),
        ("KS4", ks4, "a8", "Attainment 8", 1, ""),
    ]
    for stage, data, measure, title, places, unit in measures:
        year = _latest_year(data, measure)
        if year is None:
            summary_parts.append(f"No {stage} {title.lower() if stage == 'KS2' else title} results are held.")
            continue
        parts = {code: data[(code, year)][measure] for code in la_names if (code, year) in data}
        overall = _average(list(parts.values()))
        schools = sum(s for _, _, s in parts.values())
        rows = [["Partnership (all its schools)", _measure(overall, places, unit), number(schools)]]
        for code, name in la_names.items():
            if code in parts:
                rows.append(
                    [f"{name} LA", _measure(_average([parts[code]]), places, unit), number(parts[code][2])]
                )
        rows.append(["England", "Not held", ""])
        tables.append(
            table(
                f"{stage} {title}, {_ay(year)}, weighted by pupils",
                ["Area", title if unit != "%" else f"{title} (%)", "Schools"],
                rows,
                [1, 2],
            )
        )
        summary_parts.append(
            f"{stage} {_ay(year)}: {title.lower() if stage == 'KS2' else title} "
            f"{_measure(overall, places, unit)} across the partnership's schools, weighted by pupils."
        )
        if measure == "rwm" and overall is not None:
            pairs.append(_percent_bar("Partnership", overall))
            pairs.extend(
                _percent_bar(f"{la_names[code]} LA", _average([parts[code]]))
                for code in la_names
                if code in parts and len(la_names) > 1
            )
    summary = " ".join(summary_parts) + " " + NATIONAL_NOT_HELD
    drawn = chart("KS2 reading, writing and maths at the expected standard", pairs, "%")
    return section("outcomes", "Key stage 2 and key stage 4 outcomes", summary, tables, drawn)


def _disadvantaged_gap(partnership, ks2: dict, ks4: dict) -> dict:
    tables, parts, pairs = [], [], []
    year = _latest_year(ks2, "dis")
    if year is not None:
        dis = _average([v["dis"] for (_, y), v in ks2.items() if y == year])
        oth = _average([v["oth"] for (_, y), v in ks2.items() if y == year])
        gap = oth - dis
        tables.append(
            table(
                f"KS2 reading, writing and maths at the expected standard, {_ay(year)}",
                ["Pupils", "At the expected standard (%)"],
                [
                    ["Disadvantaged pupils", percent_text(dis, places=1)],
                    ["Other pupils", percent_text(oth, places=1)],
                    ["Gap (points)", decimal_text(gap, 1)],
                ],
                [1],
            )
        )
        parts.append(f"At KS2 in {_ay(year)} the gap was {decimal_text(gap, 1)} percentage points.")
        pairs = [_percent_bar("Disadvantaged pupils", dis), _percent_bar("Other pupils", oth)]
    year4 = _latest_year(ks4, "dis")
    if year4 is not None:
        dis = _average([v["dis"] for (_, y), v in ks4.items() if y == year4])
        oth = _average([v["oth"] for (_, y), v in ks4.items() if y == year4])
        tables.append(
            table(
                f"KS4 Progress 8, {_ay(year4)}",
                ["Pupils", "Progress 8"],
                [
                    ["Disadvantaged pupils", decimal_text(dis, 2)],
                    ["Other pupils", decimal_text(oth, 2)],
                    ["Gap", decimal_text(oth - dis, 2)],
                ],
                [1],
            )
        )
        parts.append(f"At KS4 in {_ay(year4)} the Progress 8 gap was {decimal_text(oth - dis, 2)}.")
    if not parts:
        summary = (
            "No data on disadvantaged pupils is held: the performance-table files loaded so far do not "
            "include it, so the gap cannot be shown."
        )
    else:
        summary = " ".join(parts) + " Figures are weighted by all pupils at the end of the key stage."
    drawn = chart("KS2 expected standard: disadvantaged and other pupils", pairs, "%")
    return section("disadvantaged_gap", "The disadvantaged gap", summary, tables, drawn)


def _networks(partnership, period: Period, cells: Cells, consent) -> dict:
    support_ids = consent[DataCategory.SUPPORT]
    members = network_members(partnership, period.cut)
    networks: dict[int, dict] = {}
    for row in network_grades(members, period.cut):
        entry = networks.setdefault(
            row["network_id"], {"name": row["network__name"], "schools": 0, "good": 0, "graded": 0}
        )
        entry["schools"] += row["schools"]
        if row["grade"] in GOOD_OR_BETTER:
            entry["good"] += row["schools"]
        if row["grade"] in GRADE_ORDER:
            entry["graded"] += row["schools"]
    cases = open_cases_by_network(members, partnership, period.cut, support_ids)
    rows, pairs = [], []
    for network_id, entry in sorted(networks.items(), key=lambda item: item[1]["name"]):
        open_cases = cases.get(network_id, {"cases": 0, "schools": 0})
        good_pct = percent_value(entry["good"], entry["graded"])
        good_text = percent(entry["good"], entry["graded"])
        rows.append(
            [
                entry["name"],
                number(entry["schools"]),
                good_text,
                cells.count(open_cases["cases"], open_cases["schools"]),
            ]
        )
        if good_pct is not None:
            pairs.append((entry["name"], good_pct, good_text))
    if rows:
        summary = (
            f"{len(rows):,} network{'s' if len(rows) != 1 else ''} with schools at {_date(period.cut)}. "
            "Good or outstanding is the share of each network's schools with an overall effectiveness grade."
        )
    else:
        summary = "The partnership has no networks with schools in them."
    if support_ids is not None:
        summary += (
            " Open cases are counted only for schools whose consent to the data-sharing agreement covers "
            "their support casework." + cells.note
        )
    tables = [
        table(
            "Networks",
            ["Network", "Schools", "Good or outstanding", "Open support cases"],
            rows,
            [1, 2, 3],
        )
    ]
    return section(
        "networks", "Networks", summary, tables, chart("Good or outstanding schools by network", pairs, "%")
    )


def _phase_title(phase: str) -> str:
    phase = (phase or "").strip().lower()
    if not phase or phase == "not applicable":
        return "A school"
    article = "An" if phase[0] in "aeiou" else "A"
    return f"{article} {phase} school"


def _case_studies(partnership, period: Period) -> list[dict]:
    """Closed cases in the period that the LA chose as case studies. A school is named only if it
    agreed and its consent in force covers support casework, whoever the snapshot is for: reports
    are read outside the LA."""
    studies = list(
        CaseStudy.objects.filter(
            partnership=partnership,
            case__partnership=partnership,  # never another partnership's case, however it was added
            case__status=CaseStatus.CLOSED,
            case__closed_on__gte=period.starts_on,
            case__closed_on__lte=period.cut,
        )
        .select_related("case__school")
        .order_by("case__closed_on", "pk")
    )
    wanting = {study.case.school_id for study in studies if study.school_agreed_to_be_named}
    consenting = set()
    if wanting:
        rows = (
            consents_in_force(partnership)
            .filter(school_id__in=wanting)
            .values_list("school_id", "categories")
        )
        consenting = {
            school_id for school_id, categories in rows if DataCategory.SUPPORT in (categories or [])
        }
    out = []
    for study in studies:
        school = study.case.school
        named = study.school_agreed_to_be_named and school.pk in consenting
        out.append({"title": school.name if named else _phase_title(school.phase), "summary": study.summary})
    return out


def _inclusion(partnership, period: Period) -> dict | None:
    """The inclusion partnerships' figures (decision 0021), or None for a partnership without any.
    Small numbers of pupils are hidden for both audiences: reports are published, and ordinary LA
    officers may not see the pupils either."""
    ips = inclusion_partnerships_of(partnership)
    if not ips:
        return None
    figures = inclusion_figures(
        partnership, starts_on=period.starts_on, cut=period.cut, inclusion_partnerships=ips
    )
    return inclusion_section(figures, period=f"the {period.label.lower()}")


# --- The snapshot -------------------------------------------------------------------------------


def build_snapshot(
    partnership: Partnership,
    *,
    term: Term | None = None,
    academic_year: int | None = None,
    audience: str = "board",
    as_at: dt.datetime | None = None,
    progress: Progress | None = None,
) -> dict:
    """The figures for a term (termly) or an academic year (annual), for the board or the LA."""
    if (term is None) == (academic_year is None):
        raise ValueError("Give a term or an academic year, not both")
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}")
    as_at = as_at or timezone.now()
    step = progress or (lambda percent, note: None)
    period = _period(partnership, term, academic_year, as_at)
    cells = Cells(audience)
    consent = _consent(partnership, audience)

    step(5, "Inspection outcomes")
    la_names = {la.code: la.name for la in partnership.local_authorities.all()}
    inspections, school_count = _inspections(list(la_names), period)
    step(20, "Schools that may need support")
    needs = _needs(partnership, period, cells, consent)
    step(30, "Support cases")
    support = _support(partnership, period, cells, consent)
    step(45, "Progress reviews")
    reviews = _reviews(partnership, period, cells, consent, timezone.localtime(as_at).date())
    step(55, "System leaders' capacity")
    capacity = _capacity(partnership)
    step(65, "Results")
    ks2, ks4 = ks2_results(list(la_names)), ks4_results(list(la_names))
    outcomes = _outcomes(la_names, ks2, ks4)
    gap = _disadvantaged_gap(partnership, ks2, ks4)
    step(80, "Networks")
    networks = _networks(partnership, period, cells, consent)
    step(85, "Inclusion partnerships")
    inclusion = _inclusion(partnership, period)
    step(90, "Case studies")
    studies = _case_studies(partnership, period)
    return {
        "schema": SCHEMA,
        "as_at": as_at.isoformat(),
        "partnership": {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "slug": partnership.slug,
        },
        "period": period.as_dict(),
        "audience": audience,
        "school_count": school_count,
        "sections": [inspections, needs, support, reviews, capacity, outcomes, gap, networks]
        + ([inclusion] if inclusion else []),
        "case_studies": studies,
        "sources": [dict(source) for source in SOURCES] + ([dict(INCLUSION_SOURCE)] if inclusion else []),
    }
