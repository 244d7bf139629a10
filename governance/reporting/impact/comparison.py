"""The comparison at the heart of the impact section (decision 0037): schools with support beside
similar schools without, by phase and starting band, for inspection grades and for KS2 and KS4
results, with every count suppressed along every line its table adds up.

Each table has two rows a stratum (phase and starting band): the schools with support and the
similar schools without; then the totals over the strata where there are several; then the schools
with support not compared. The lines along which a table adds up are listed in `_cells`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from partnership.disclosure import hidden_along, read_as_not_shown
from partnership.figures import NOT_SHOWN, decimal_text, half_up, number, percent, percent_text, table
from schools.models.inspections import REPORT_CARDS_FROM, OverallGrade

from ..snapshot.audience import Cells
from ..snapshot.wording import day_text, schools_text

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


def results_year(year: int) -> str:
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
    # A line of small cells alone, their sum known: one reads "Not shown", which may be none.
    blurred = read_as_not_shown(counts, small, hidden, lines) if cells.suppress else set()
    return {
        key: NOT_SHOWN
        if key in blurred
        else cells.fewer
        if key in small
        else NOT_SHOWN
        if key in hidden
        else number(value)
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


def inspection_comparison(
    cells: Cells, rows: list[dict], period, supported: int
) -> tuple[list, list[str], list[str]]:
    """The inspection comparison from `schools.selectors.figures.inspection_moves`' rows: its table,
    its sentence for the summary, and its notes. `supported` is every covered school with support."""
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


def results_comparison(
    cells: Cells, measure: ResultsMeasure, rows: list[dict], before: int, after: int, supported: int
) -> tuple[list, list[str]]:
    """The comparison of one key stage's results from `schools.selectors.figures.results_change`'
    rows, between the academic years `before` and `after` (numbered by the year they end): its table
    and its sentence for the summary."""
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
            f"{measure.title}: no school with support has results held for both {results_year(before)} and "
            f"{results_year(after)} beside a similar school without support, so none is compared."
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
        f"{results_year(before)}, each school's figure counting once"
    )
    headers = [
        "Schools compared",
        "Schools",
        f"Average, {results_year(before)}",
        f"Average, {results_year(after)}",
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
    between = f"{measure.title}, between the results of {results_year(before)} and {results_year(after)}"
    if _shown(with_) and _shown(without):
        sentence = (
            f"{between}: the {with_n} with support compared changed by {with_} {points} on average, the "
            f"{without_n} without support in the same phase and starting band by {without}, weighted to "
            "the same mix."
        )
    elif _shown(texts[(ALL, WITH, "schools")]) and _shown(texts[(ALL, WITHOUT, "schools")]):
        sentence = (
            f"{between}: {with_n} with support {_are(texts[(ALL, WITH, 'schools')])} compared with "
            f"{without_n} without support in the same phase and starting band; the changes over all of "
            "them are not shown, as some groups have too few schools."
        )
    else:
        sentence = (
            f"{between}: schools with support are compared with similar schools without support in the "
            "table below; the totals are not shown, as some groups have too few schools."
        )
    return tables, [sentence]


def years_missing(measure: ResultsMeasure, held: list[int], before: int, after: int) -> str:
    missing = [results_year(year) for year in (before, after) if year not in held]
    latest = f" (the latest held are for {results_year(max(held))})" if held else ""
    return f"No {measure.title.split(' ', 1)[0]} results are held for {' or '.join(missing)}{latest}."
