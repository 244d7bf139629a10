"""Inspection outcomes: the latest overall grade of each open school, the change since the end of the
period before, and the outcomes at the end of each of the last terms. Public register data (Ofsted
publishes every school's outcome), shown whole to both audiences (decision 0017): no cell is hidden,
so none can be worked out."""

from __future__ import annotations

from collections import Counter

from governance.models import Term
from partnership.figures import Section, Table, chart, number, percent, percent_value, section, table
from schools.models.inspections import OverallGrade
from schools.selectors.figures import grades_of_schools_inspected_since, inspection_outcomes

from .period import Period, term_label, trend_label
from .wording import day_text, schools_text, signed

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


def grade_label(grade: str | None) -> str:
    if grade is NOT_INSPECTED:
        return "Not inspected"
    if grade == REPORT_CARD:
        return "Report card"
    return OverallGrade(grade).label


def graded(counts: Counter) -> int:
    return sum(counts[g] for g in GRADE_ORDER)


def good(counts: Counter) -> int:
    return sum(counts[g] for g in GOOD_OR_BETTER)


def _at_term_ends(la_codes: list[str], period: Period, terms: list[Term], now: Counter) -> list[Counter]:
    """The schools open on the day counted, by their latest grade at the end of each of the last
    terms (to the day counted, for a term not over): as at that day, less the schools inspected since
    the first of them, plus those schools as they were at each end. The set of schools is the same in
    every term, and the table's caption says so. One query, over the few schools inspected in those
    terms."""
    days = [min(term.ends_on, period.cut) for term in terms]
    changed = grades_of_schools_inspected_since(la_codes, days[0], days)
    base = Counter(now)
    for row in changed:
        base[row["grades"][-1]] -= row["schools"]
    ends = [Counter(base) for _ in days]
    for row in changed:
        for index, grade in enumerate(row["grades"]):
            ends[index][grade] += row["schools"]
    return ends


def _trend(period: Period, terms: list[Term], ends: list[Counter]) -> tuple[str, Table | None]:
    """The outcomes at the end of each of the last terms, oldest first, and a sentence on the share
    good or outstanding from the first of them to the last, in the words the table uses."""
    rows = [
        [
            trend_label(term, period),
            number(graded(c)),
            percent(good(c), graded(c)),
            number(c[REPORT_CARD]),
            number(c[NOT_INSPECTED]),
        ]
        for term, c in zip(terms, ends, strict=True)
    ]
    first, last = ends[0], ends[-1]
    sentence = ""
    if graded(first) and graded(last):
        was, now = percent(good(first), graded(first)), percent(good(last), graded(last))
        since = f"the end of the {term_label(terms[0]).lower()}"
        if all(percent(good(c), graded(c)) == now for c in ends):
            # A term not over by the day counted has no end yet: the summary gave its figure.
            over = len(terms) - (terms[-1].ends_on > period.cut)
            sentence = f" The share good or outstanding was {now} at the end of each of the last {over} terms"
            sentence += " too." if over < len(terms) else "."
        elif was == now:
            sentence = f" It was {now} at {since} too, {len(terms) - 1} terms before."
        else:
            rose = good(last) * graded(first) > good(first) * graded(last)
            sentence = (
                f" Over the last {len(terms)} terms the share good or outstanding {'rose' if rose else 'fell'} "
                f"from {was} at {since} to {now} at {day_text(period.cut)}."
            )
        if first[REPORT_CARD] != last[REPORT_CARD]:
            sentence += (
                f" Schools whose latest inspection is a report card went from {number(first[REPORT_CARD])} "
                f"to {number(last[REPORT_CARD])}."
            )
    # The same schools in every row, those open on the day counted, so the rows differ only by
    # inspections: a school that closed in these terms is not in the earlier rows, one that opened is
    # "Not inspected" in the rows before it opened.
    made = table(
        f"Latest inspection outcomes at the end of each term, of the schools open at {day_text(period.cut)}",
        ["Term", "With an overall grade", "Good or outstanding (%)", "Report card", "Not inspected"],
        rows,
        [1, 2, 3, 4],
    )
    return sentence, made


def inspections_section(la_codes: list[str], period: Period, terms: list[Term]) -> tuple[Section, int]:
    """The section, and how many open schools it counts: one query, and one more for the trend over
    the last terms (`terms`), shown from three terms (with two, the change on the term before is the
    summary's own)."""
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

    shown = [g for g in GRADE_ORDER if g != OverallGrade.SATISFACTORY or now[g] or before[g]]
    rows = [[OverallGrade(g).label, number(now[g]), signed(now[g] - before[g])] for g in shown]
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
        change = signed(points)
    else:
        change = f"{'up' if went_up else 'down'} less than 1"
    rows.append(["Good or outstanding (% of schools with an overall grade)", text_now, change])
    others = [
        [
            "Report card (no overall grade)",
            number(now[REPORT_CARD]),
            signed(now[REPORT_CARD] - before[REPORT_CARD]),
        ],
        ["Not inspected", number(now[NOT_INSPECTED]), signed(now[NOT_INSPECTED] - before[NOT_INSPECTED])],
    ]
    if pct_now is None:
        summary = f"None of the {schools_text(total)} has an overall effectiveness grade."
    else:
        summary = (
            f"Of {schools_text(graded(now))} with an overall effectiveness grade, {text_now} were good or "
            f"outstanding at {day_text(period.cut)}"
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
        f" {schools_text(now[REPORT_CARD]).capitalize()} had a report card, which has no overall grade and is "
        f"counted separately; {number(now[NOT_INSPECTED])} had not been inspected."
    )
    trend_sentence, trend_table = "", None
    if len(terms) >= 3:
        trend_sentence, trend_table = _trend(period, terms, _at_term_ends(la_codes, period, terms, now))
    summary += trend_sentence
    move_rows = [
        [grade_label(frm), grade_label(to), number(count)]
        for (frm, to), count in sorted(moves.items(), key=lambda item: (-item[1], str(item[0])))
    ]
    tables = [
        table(
            f"Latest inspection outcome of the {schools_text(total)} open at {day_text(period.cut)}",
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
        *([trend_table] if trend_table else []),
    ]
    drawn = chart(
        "Latest inspection outcome of the partnership's open schools",
        [(OverallGrade(g).label, now[g]) for g in shown]
        + [("Report card", now[REPORT_CARD]), ("Not inspected", now[NOT_INSPECTED])],
        "schools",
    )
    return section("inspections", "Inspection outcomes", summary, tables, drawn), total
