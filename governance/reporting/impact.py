"""The impact section of the annual report (decision 0037): schools that had support compared with
similar schools that did not, and what the records of support closed in the year hold.

Counted over every school the partnership covers (decision 0017, revised), for the audience of the
snapshot it joins: the board and the public see small cells hidden, and one more wherever a hidden
one could be worked out. Inspection grades, results, phases and who is open are public, so the
schools of a phase with a grade or a results band, with support and without, add up to a number
anyone can work out: the two groups are suppressed together (`partnership.disclosure.hidden_along`).
No school is named; only counts and averages leave the database, never a statement or evidence text.

The comparison, precisely:
- A school with support is one of the partnership's open state-funded schools with a support case
  of the partnership open on at least one day of the year (opened by its last day, or the day the
  report was made if earlier, and not closed before its first), whatever its status or how it closed.
- Similar schools without support are the other open state-funded schools of the same phase that
  started the year in the same band and had no case open on any day of it.
- Inspection band: the overall grade of the latest inspection before the year's first day
  (Satisfactory, used before September 2012, is counted with Requires Improvement: both were grade
  3), compared with the latest by its last day. A report card has no overall grade and is never
  compared with one. Results band: the school's figure for the academic year before (KS2 reading,
  writing and maths at the expected standard: under 50%, 50% to under 65%, 65% to under 80%, 80% or
  more; KS4 Attainment 8: under 40, 40 to under 50, 50 to under 60, 60 or more), compared with its
  figure for the year itself, for schools with both held.
- Totals over several strata weight the similar schools' averages and shares to the mix of the
  schools with support, so that they still compare like with like.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from governance.terms import terms_for
from partnership.disclosure import hidden_along
from partnership.figures import (
    NOT_SHOWN,
    Section,
    chart,
    decimal_text,
    half_up,
    number,
    percent,
    percent_text,
    table,
)
from schools.models.inspections import REPORT_CARDS_FROM, OverallGrade
from schools.selectors.figures import inspection_moves, results_change, results_years_held
from support.models import Objective
from support.models.reviews import Rating
from support.selectors.figures import closed_support, supported_school_ids

from .snapshot.audience import Cells
from .snapshot.period import year_label
from .snapshot.wording import day_text, schools_text

IMPACT_KEY = "impact"

WITH, WITHOUT = "with", "without"
GROUPS = (WITH, WITHOUT)
ALL = ("", 0)  # the stratum of the totals over every stratum compared
LEFT = ("", -1)  # the schools with support not compared

# Grade 1 is best. Satisfactory and Requires Improvement were both grade 3.
GRADE_BAND = {
    OverallGrade.OUTSTANDING: 1,
    OverallGrade.GOOD: 2,
    OverallGrade.SATISFACTORY: 3,
    OverallGrade.REQUIRES_IMPROVEMENT: 3,
    OverallGrade.INADEQUATE: 4,
}
GRADE_BAND_LABEL = {
    1: "Outstanding",
    2: "Good",
    3: "Requires Improvement (or Satisfactory)",
    4: "Inadequate",
}
MOVES = [
    ("schools", "Schools"),
    ("better", "Inspected: better grade"),
    ("same", "Inspected: same grade"),
    ("lower", "Inspected: lower grade"),
    ("report_card", "Inspected: report card, no grade to compare"),
    ("not_inspected", "Not inspected in the year"),
]
RESULTS_LEFT_OUT = (
    "Schools with support not compared on results have no figure held for both years at that key stage "
    "(a secondary school has no KS2 results and a primary school none at KS4, and a figure the "
    "Department for Education withheld is not held), or no similar school without support."
)
PHASE_ORDER = [
    "Nursery",
    "Primary",
    "Middle deemed primary",
    "Middle deemed secondary",
    "Secondary",
    "All-through",
]


@dataclass(frozen=True)
class ResultsMeasure:
    key_stage: int
    measure: str  # the field of the key stage's results
    title: str
    edges: list[Decimal]  # where one starting band ends and the next begins
    percent: bool  # a percentage of pupils, or a score

    def band_label(self, band: int) -> str:
        edges = [self.text(edge, places=0) for edge in self.edges]
        if band == 0:
            return f"under {edges[0]}"
        if band == len(edges):
            return f"{edges[-1]} or more"
        return f"{edges[band - 1]} to under {edges[band]}"

    def text(self, value: Decimal, *, places: int = 1) -> str:
        return percent_text(value, places=places) if self.percent else decimal_text(value, places)


KS2 = ResultsMeasure(
    2,
    "rwm_expected_pct",
    "KS2 reading, writing and maths at the expected standard",
    [Decimal(50), Decimal(65), Decimal(80)],
    percent=True,
)
KS4 = ResultsMeasure(
    4, "attainment8", "KS4 Attainment 8", [Decimal(40), Decimal(50), Decimal(60)], percent=False
)


def add_impact(snapshot: dict, partnership, academic_year: int) -> dict:
    """The snapshot with an impact section, for its own audience and period, unless the figures
    builder already gave one."""
    if any(section.get("key") == IMPACT_KEY for section in snapshot.get("sections", [])):
        return snapshot
    period = snapshot.get("period") or {}
    ends_on = dt.date.fromisoformat(period["ends_on"]) if period.get("ends_on") else None
    starts_on = dt.date.fromisoformat(period["starts_on"]) if period.get("starts_on") else None
    as_at = dt.datetime.fromisoformat(snapshot["as_at"]) if snapshot.get("as_at") else None
    section = impact_section(
        partnership,
        academic_year,
        audience=snapshot.get("audience", "board"),
        starts_on=starts_on,
        ends_on=ends_on,
        as_at=as_at,
    )
    return {**snapshot, "sections": [*snapshot.get("sections", []), section]}


def _ay(year: int) -> str:
    """A results year, numbered by the year it ends: "2024 to 2025"."""
    return f"{year - 1} to {year}"


def _phase_key(phase: str) -> tuple:
    return (PHASE_ORDER.index(phase) if phase in PHASE_ORDER else len(PHASE_ORDER), phase)


def _phase(phase: str) -> str:
    return phase or "Phase not recorded"


# --- Suppression across a comparison table ------------------------------------------------------


def _cells(
    cells: Cells, counts: dict, strata: list, columns: list[str], *, parts_add_up: bool, supported: int
) -> dict:
    """Each count's text. The lines along which they add up: with support and without, to the schools
    of the stratum, which anyone can count from public data; each stratum's counts to the totals
    row; where `parts_add_up`, the outcomes of a row to its schools; and the schools with support
    compared and not compared, to all the schools with support (`supported`, said in the summary)."""
    counts = {**counts, (LEFT, WITH, "schools"): supported - counts[(ALL, WITH, "schools")]}
    lines = [[(ALL, WITH, "schools"), (LEFT, WITH, "schools")]]
    for stratum in [ALL, *strata]:
        for column in columns:
            lines.append([(stratum, WITH, column), (stratum, WITHOUT, column)])
        if parts_add_up:
            lines.extend([(stratum, group, column) for column in columns] for group in GROUPS)
    for group in GROUPS:
        for column in columns:
            lines.append([*((stratum, group, column) for stratum in strata), (ALL, group, column)])
    small = {key for key, value in counts.items() if cells.hidden(value)}
    hidden = hidden_along(counts, small, lines) if cells.suppress else set()
    return {
        key: cells.fewer if key in small else NOT_SHOWN if key in hidden else number(value)
        for key, value in counts.items()
    }


def _shown(text: str) -> bool:
    return text != NOT_SHOWN and not text.startswith("Fewer than")


def _are(text: str) -> str:
    return "is" if text == "1" else "are"


def _words(text: str) -> str:
    """A count of schools in a sentence: "12 schools", "fewer than 5 schools", "a number of schools
    not shown"."""
    if text == NOT_SHOWN:
        return "a number of schools not shown"
    if text.startswith("Fewer than"):
        return text[0].lower() + text[1:]
    return schools_text(int(text.replace(",", "")))


# --- The inspection comparison ------------------------------------------------------------------


def _inspection_counts(rows: list[dict]) -> tuple[dict, list]:
    """Counts by (stratum, group, outcome), for the strata with schools both with support and
    without, and the totals over them."""
    counts: dict = defaultdict(int)
    for row in rows:
        band = GRADE_BAND.get(row["start"])
        if band is None:
            continue
        if not row["inspected"]:
            outcome = "not_inspected"
        elif row["end"] not in GRADE_BAND:
            outcome = "report_card"
        else:
            after = GRADE_BAND[row["end"]]
            outcome = "better" if after < band else "lower" if after > band else "same"
        key = (row["phase"] or "", band)
        group = WITH if row["supported"] else WITHOUT
        counts[(key, group, "schools")] += row["schools"]
        counts[(key, group, outcome)] += row["schools"]
    return _matched(counts, [column for column, _ in MOVES])


def _matched(counts: dict, columns: list[str]) -> tuple[dict, list]:
    """The counts of the strata with schools both with support and without, in order, and the totals
    over them."""
    strata = sorted(
        {s for s, group, _ in counts if group == WITH and counts.get((s, WITHOUT, "schools"))},
        key=lambda s: (_phase_key(s[0]), s[1]),
    )
    kept = {(s, g, c): counts.get((s, g, c), 0) for s in strata for g in GROUPS for c in columns}
    for group in GROUPS:
        for column in columns:
            kept[(ALL, group, column)] = sum(counts.get((s, group, column), 0) for s in strata)
    return kept, strata


def _row_label(stratum, group: str, band_label, *, weighted: bool = False) -> str:
    who = "with support" if group == WITH else "similar schools without support"
    if stratum == ALL:
        return f"All compared: {who}" + (
            ", averages weighted to the same mix" if weighted and group == WITHOUT else ""
        )
    if stratum == LEFT:
        return "With support, not compared"
    phase, band = stratum
    return f"{_phase(phase)}, {band_label(band)} at the start: {who}"


def _rows(
    texts: dict, strata: list, columns: list[str], band_label, more=None, *, weighted=False
) -> list[list[str]]:
    """A row for each group of each stratum, the totals where there is more than one stratum, and
    the schools with support not compared."""
    shown = strata if len(strata) == 1 else [*strata, ALL]
    rows = [
        [
            _row_label(s, g, band_label, weighted=weighted),
            *(more(s, g) if more else [texts[(s, g, c)] for c in columns]),
        ]
        for s in shown
        for g in GROUPS
    ]
    left = texts[(LEFT, WITH, "schools")]
    return [*rows, [_row_label(LEFT, WITH, band_label), left, *([""] * (len(rows[0]) - 2))]]


def _inspection_part(
    cells: Cells, rows: list[dict], period, supported: int
) -> tuple[list, list[str], list[str]]:
    counts, strata = _inspection_counts(rows)
    notes = []
    if supported > counts.get((ALL, WITH, "schools"), 0):
        notes.append(
            "Schools with support not compared on inspection had no overall grade at the start of the "
            "year (not inspected, or inspected under the report cards), or no school of the same phase "
            "and grade without support to compare with."
        )
    if not strata:
        return [], ["None of them could be compared on inspection."], notes
    columns = [c for c, _ in MOVES]
    texts = _cells(cells, counts, strata, columns, parts_add_up=True, supported=supported)
    caption = (
        f"Inspection grades at the start of the year and by {day_text(period.cut)}: schools with support "
        "and similar schools without, by phase and grade at the start"
    )
    headers = ["Schools compared", *(label for _, label in MOVES)]
    tables = [
        table(caption, headers, _rows(texts, strata, columns, GRADE_BAND_LABEL.get), [1, 2, 3, 4, 5, 6])
    ]
    total = {group: {c: texts[(ALL, group, c)] for c in columns} for group in GROUPS}
    raw = {group: {c: counts[(ALL, group, c)] for c in columns} for group in GROUPS}
    if _shown(total[WITH]["schools"]) and _shown(total[WITHOUT]["schools"]):
        compared = (
            f"On inspection, {_words(total[WITH]['schools'])} with support {_are(total[WITH]['schools'])} "
            f"compared with {_words(total[WITHOUT]['schools'])} without support of the same phase and "
            "starting grade"
        )
    else:
        compared = (
            "On inspection, schools with support are compared with similar schools without support of the "
            "same phase and starting grade"
        )
    inspected = [c for c in columns if c not in ("schools", "not_inspected")]
    if all(total[g][c] == "0" for g in GROUPS for c in inspected):
        sentence = (
            f"{compared}: none of them was inspected in the year, so their grades tell nothing yet of a "
            "difference."
        )
    elif all(_shown(text) for text in texts.values()):
        n = raw[WITH]["schools"]
        like = {c: _weighted_share(counts, strata, c) for c in ("better", "lower")}
        lower = raw[WITH]["lower"]
        sentence = (
            f"{compared}. By the year's end {percent(raw[WITH]['better'], n)} of those with support "
            f"({_words(total[WITH]['better'])}) had a better grade and "
            + (f"{percent(lower, n)} a lower one" if lower else "none a lower one")
            + f", against {like['better']} and {like['lower']} of the similar schools, weighted to the same "
            f"mix of phase and starting grade; {total[WITH]['not_inspected']} and "
            f"{total[WITHOUT]['not_inspected']} respectively had not been inspected in the year."
        )
    else:
        sentence = (
            f"{compared}, in the table below; too few schools are in some of its groups for the totals to be "
            "shown."
        )
    if period.cut >= REPORT_CARDS_FROM or raw[WITH]["report_card"] + raw[WITHOUT]["report_card"]:
        notes.append(
            f"Schools inspected from {day_text(REPORT_CARDS_FROM)} have a report card, which has no overall "
            "grade; Ofsted says it cannot be compared with the old grades, so such a school is counted "
            "apart, neither better nor worse."
        )
    return tables, [sentence], notes


def _weighted_share(counts: dict, strata: list, column: str) -> str:
    """The share of the similar schools with an outcome, as if they had the mix of phases and
    starting grades of the schools with support."""
    weights = {s: counts[(s, WITH, "schools")] for s in strata}
    share = sum(
        (
            Decimal(weights[s]) * counts[(s, WITHOUT, column)] / counts[(s, WITHOUT, "schools")]
            for s in strata
        ),
        Decimal(0),
    )
    return percent(share, sum(weights.values()))


# --- The results comparison ---------------------------------------------------------------------


def _signed(value: Decimal) -> str:
    rounded = half_up(value, 1)
    return f"+{decimal_text(value, 1)}" if rounded > 0 else decimal_text(value, 1)


def _weighted(means: dict, kept: dict, strata: list) -> list[Decimal]:
    """The similar schools' averages as if they had the mix of phases and starting bands of the
    schools with support: each stratum's average weighted by its schools with support."""
    weights = {s: kept[(s, WITH, "schools")] for s in strata}
    total = sum(weights.values())
    return [
        sum((weights[s] * means[(s, WITHOUT)][place] for s in strata), Decimal(0)) / total
        for place in range(3)
    ]


def _results_part(
    cells: Cells, measure: ResultsMeasure, rows: list[dict], before: int, after: int, supported: int
) -> tuple[list, list[str]]:
    counts: dict = defaultdict(int)
    sums: dict = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for row in rows:
        key = ((row["phase"] or "", row["band"]), WITH if row["supported"] else WITHOUT)
        counts[(*key, "schools")] += row["schools"]
        for place, name in enumerate(("before_avg", "after_avg", "change")):
            sums[key][place] += Decimal(row[name]) * row["schools"]
    kept, strata = _matched(counts, ["schools"])
    if not strata:
        return [], [
            f"{measure.title}: no school with support has results held for both {_ay(before)} and "
            f"{_ay(after)} beside a similar school without support, so none is compared."
        ]
    texts = _cells(cells, kept, strata, ["schools"], parts_add_up=False, supported=supported)
    means = {
        key: [total / kept[(*key, "schools")] for total in sums[key]] for key in sums if key[0] in strata
    }
    means[(ALL, WITH)] = [
        sum((sums[(s, WITH)][place] for s in strata), Decimal(0)) / kept[(ALL, WITH, "schools")]
        for place in range(3)
    ]
    means[(ALL, WITHOUT)] = _weighted(means, kept, strata)
    # The similar schools' averages over every stratum are weighted to the mix of the schools with
    # support, so shown only where every stratum's are: otherwise the weights would give back hidden
    # counts.
    every_stratum = all(_shown(texts[(s, g, "schools")]) for s in strata for g in GROUPS)

    def averages(stratum, group) -> list[str]:
        text = texts[(stratum, group, "schools")]
        if not _shown(text):
            return [text, text, text, text]  # every figure of the row rests on the same schools
        if (stratum, group) == (ALL, WITHOUT) and not every_stratum:
            return [text, NOT_SHOWN, NOT_SHOWN, NOT_SHOWN]
        before_avg, after_avg, change = means[(stratum, group)]
        return [text, measure.text(before_avg), measure.text(after_avg), _signed(change)]

    points = "percentage points" if measure.percent else "points"
    caption = (
        f"{measure.title}: schools with support and similar schools without, by phase and band in "
        f"{_ay(before)}, each school's figure counting once"
    )
    headers = [
        "Schools compared",
        "Schools",
        f"Average, {_ay(before)}",
        f"Average, {_ay(after)}",
        f"Change ({points})",
    ]
    tables = [
        table(
            caption,
            headers,
            _rows(texts, strata, ["schools"], measure.band_label, averages, weighted=True),
            [1, 2, 3, 4],
        )
    ]
    with_, without = (averages(ALL, group)[3] for group in GROUPS)
    with_n, without_n = (_words(texts[(ALL, group, "schools")]) for group in GROUPS)
    if _shown(with_) and _shown(without):
        sentence = (
            f"{measure.title}, between the results of {_ay(before)} and {_ay(after)}: the {with_n} with "
            f"support compared changed by {with_} {points} on average, the {without_n} without support in "
            f"the same phase and starting band by {without}, weighted to the same mix."
        )
    elif _shown(texts[(ALL, WITH, "schools")]) and _shown(texts[(ALL, WITHOUT, "schools")]):
        sentence = (
            f"{measure.title}, between the results of {_ay(before)} and {_ay(after)}: {with_n} with support "
            f"{_are(texts[(ALL, WITH, 'schools')])} compared with {without_n} without support in the same "
            "phase and starting band; the changes over all of them are not shown, as some groups have too "
            "few schools."
        )
    else:
        sentence = (
            f"{measure.title}, between the results of {_ay(before)} and {_ay(after)}: schools with support "
            "are compared with similar schools without support in the table below; the totals are not "
            "shown, as some groups have too few schools."
        )
    return tables, [sentence]


def _years_missing(measure: ResultsMeasure, held: list[int], before: int, after: int) -> str:
    missing = [_ay(year) for year in (before, after) if year not in held]
    latest = f" (the latest held are for {_ay(max(held))})" if held else ""
    return f"No {measure.title.split(' ', 1)[0]} results are held for {' or '.join(missing)}{latest}."


# --- What the records of closed support hold ----------------------------------------------------


def _closed_part(
    cells: Cells, partnership, starts_on: dt.date, cut: dt.date
) -> tuple[list, list[str], dict | None]:
    closed = closed_support(partnership, starts_on, cut)
    counts = closed.counts
    if not counts["cases"]:
        return [], ["No support case closed in the year."], None
    record_rows = [
        ["With an impact statement", cells.count(counts["statement"], counts["statement_schools"])],
        ["With evidence from before the support", cells.count(counts["before"], counts["before_schools"])],
        ["With evidence from after the support", cells.count(counts["after"], counts["after_schools"])],
    ]
    outcome_rows = [
        [
            label,
            cells.count(
                closed.outcomes.get(value, {}).get("n", 0), closed.outcomes.get(value, {}).get("schools", 0)
            ),
        ]
        for value, label in Objective._meta.get_field("outcome").choices
    ]
    rating_rows = [
        [
            label,
            cells.count(
                closed.ratings.get(value, {}).get("n", 0), closed.ratings.get(value, {}).get("schools", 0)
            ),
        ]
        for value, label in Rating.choices
    ]
    tables = [
        table(
            "Support cases closed in the year: what their records hold (the cases closed are counted in the "
            "support cases section)",
            ["Measure", "Cases"],
            record_rows,
            [1],
        ),
        table(
            "Objectives of support closed in the year, as judged at closure",
            ["Outcome", "Objectives"],
            outcome_rows,
            [1],
        ),
        table(
            "Final review ratings of the objectives of support closed in the year",
            ["Rating", "Objectives"],
            rating_rows,
            [1],
        ),
    ]
    drawn = None
    if not any(cells.hidden(closed.ratings.get(v, {}).get("schools", 0)) for v, _ in Rating.choices):
        drawn = chart(
            "Final review ratings of the objectives of support closed in the year",
            [(label, closed.ratings.get(value, {}).get("n", 0)) for value, label in Rating.choices],
            "objectives",
            none_if_all_nought=True,
        )
    return tables, [], drawn


# --- The section ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    starts_on: dt.date
    ends_on: dt.date
    cut: dt.date


def _can_and_cannot(cells: Cells, period: _Period, before: int, after: int) -> list[str]:
    return [
        "What this comparison can show: whether schools that had support fared better or worse over the "
        "year than schools that started it in the same place (the same phase, and the same inspection "
        "grade or results band) and had none.",
        "What it cannot show: that the support made the difference. Schools are not given support at "
        "random but because they were judged to need it, and only phase and starting band are matched, "
        "not leadership changes, pupil numbers, the school's own plans or help from elsewhere. Schools "
        "chosen at a low point tend to move back towards the average whatever is done (regression to "
        "the mean), so some rise among them is to be expected without support; matching the starting "
        "band lessens this but does not remove it.",
        "Small numbers: with few schools in a group, one school moves an average or a count a long way, "
        "so a difference of one or two schools means little"
        + (
            f"; any count resting on fewer than {cells.minimum} schools is hidden, with the matching count "
            "for the other group, since the two add up to a number anyone can work out from public data."
            if cells.suppress
            else "."
        ),
        f"The years held: a school's grade at the start is its latest before {day_text(period.starts_on)}, "
        f"and at the end its latest by {day_text(period.cut)}; most schools are inspected once in several "
        "years, so few are inspected within one. Results are one year's change, from a school's results "
        f"of {_ay(before)} to its results of {_ay(after)}, where both are held.",
        "Totals over several phases and starting bands add up schools that started in different places. "
        "So that they still compare like with like, the similar schools' averages and shares in the "
        "totals are weighted to the mix of the schools with support: each phase and band counts as "
        "many times as it has schools with support.",
        "Who is counted: a school with support is one of the partnership's open state-funded schools "
        "with a support case open on at least one day of the year, whatever its status or how it closed "
        "(cases closed without completion, and cases where support was not yet agreed, included), so "
        "that support that did not work is not left out. Similar schools without support are the other "
        "open state-funded schools of the same phase and starting band with no case open in the year; "
        "some may have had support in earlier years.",
    ]


def impact_section(
    partnership,
    academic_year: int,
    *,
    audience: str = "board",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    as_at: dt.datetime | None = None,
) -> Section:
    """The impact section for an academic year (numbered by the year it starts, as terms are), for
    the board or the LA. At most eight queries whatever the number of schools, and one more each for
    the partnership's LAs and the year's terms where they are not already known."""
    cells = Cells(audience)
    if starts_on is None or ends_on is None:
        terms = terms_for(partnership, academic_year)
        starts_on, ends_on = terms[0].starts_on, terms[-1].ends_on
    today = timezone.localtime(as_at).date() if as_at else timezone.localdate()
    period = _Period(starts_on, ends_on, min(ends_on, today))
    la_codes = partnership.la_codes
    # Results are numbered by the academic year they end: the year before's, and the year's own.
    before, after = academic_year, academic_year + 1
    supported = supported_school_ids(partnership, period.starts_on, period.cut)
    moves = inspection_moves(la_codes, period.starts_on, period.cut, supported)
    covered = sum(row["schools"] for row in moves)
    with_support = sum(row["schools"] for row in moves if row["supported"])
    held = results_years_held(la_codes)

    summary: list[str] = []
    notes: list[str] = []
    tables: list = []
    label = year_label(academic_year).removeprefix("Academic year ")
    if not with_support:
        summary.append(
            f"None of the partnership's {number(covered)} open state-funded schools had a support case "
            f"open at any time in the academic year {label}, so no school with support can be compared with "
            "similar schools without it."
        )
    else:
        shown = cells.count(with_support, with_support)
        summary.append(
            f"{shown} of the partnership's {number(covered)} open state-funded schools had a support "
            f"case open at some time in the academic year {label}."
        )
        inspection_tables, sentences, inspection_notes = _inspection_part(cells, moves, period, with_support)
        tables += inspection_tables
        summary += sentences
        notes += inspection_notes
        for measure in (KS2, KS4):
            if before not in held[measure.key_stage] or after not in held[measure.key_stage]:
                summary.append(_years_missing(measure, held[measure.key_stage], before, after))
                continue
            rows = results_change(
                la_codes,
                key_stage=measure.key_stage,
                measure=measure.measure,
                edges=measure.edges,
                before_year=before,
                after_year=after,
                supported=supported,
            )
            results_tables, sentences = _results_part(cells, measure, rows, before, after, with_support)
            tables += results_tables
            summary += sentences
            if results_tables and RESULTS_LEFT_OUT not in notes:
                notes.append(RESULTS_LEFT_OUT)
        notes += _can_and_cannot(cells, period, before, after)
    if not with_support:
        missing = [
            _years_missing(measure, held[measure.key_stage], before, after)
            for measure in (KS2, KS4)
            if before not in held[measure.key_stage] or after not in held[measure.key_stage]
        ]
        notes += missing
    closed_tables, closed_sentences, drawn = _closed_part(cells, partnership, period.starts_on, period.cut)
    tables += closed_tables
    summary += closed_sentences
    made: Section = {
        "key": IMPACT_KEY,
        "title": "Impact of support",
        "summary": " ".join(summary),
        "tables": tables,
        "chart": drawn,
        "notes": notes,
    }
    return made
