"""Inspection outcomes: the latest overall grade of each open school, and the change since the end
of the period before. Public register data, shown whole to both audiences."""

from __future__ import annotations

from collections import Counter

from partnership.figures import Section, chart, number, percent, percent_value, section, table
from schools.models.inspections import OverallGrade
from schools.selectors.figures import inspection_outcomes

from .period import Period
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


def inspections_section(la_codes: list[str], period: Period) -> tuple[Section, int]:
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
    ]
    drawn = chart(
        "Latest inspection outcome of the partnership's open schools",
        [(OverallGrade(g).label, now[g]) for g in shown]
        + [("Report card", now[REPORT_CARD]), ("Not inspected", now[NOT_INSPECTED])],
        "schools",
    )
    return section("inspections", "Inspection outcomes", summary, tables, drawn), total
