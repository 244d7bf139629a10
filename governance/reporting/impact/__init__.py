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
from dataclasses import dataclass

from django.utils import timezone

from governance.terms import terms_for
from partnership.figures import Section, chart, number, table
from schools.selectors.figures import inspection_moves, results_change, results_years_held
from support.models import Objective
from support.models.reviews import Rating
from support.selectors.figures import closed_support, supported_school_ids

from ..snapshot.audience import Cells
from ..snapshot.period import year_label
from ..snapshot.wording import day_text
from .comparison import (
    KS2,
    KS4,
    RESULTS_LEFT_OUT,
    inspection_comparison,
    results_comparison,
    results_year,
    years_missing,
)

IMPACT_KEY = "impact"


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
        f"of {results_year(before)} to its results of {results_year(after)}, where both are held.",
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
        inspection_tables, sentences, inspection_notes = inspection_comparison(
            cells, moves, period, with_support
        )
        tables += inspection_tables
        summary += sentences
        notes += inspection_notes
        for measure in (KS2, KS4):
            if before not in held[measure.key_stage] or after not in held[measure.key_stage]:
                summary.append(years_missing(measure, held[measure.key_stage], before, after))
                continue
            rows = results_change(
                la_codes,
                key_stage=measure.key_stage,
                measure=measure.measure,
                edges=measure.edges,
                before_year=before,
                after_year=after,
                supported=supported,
                on=period.cut,
            )
            results_tables, sentences = results_comparison(cells, measure, rows, before, after, with_support)
            tables += results_tables
            summary += sentences
            if results_tables and RESULTS_LEFT_OUT not in notes:
                notes.append(RESULTS_LEFT_OUT)
        notes += _can_and_cannot(cells, period, before, after)
    if not with_support:
        missing = [
            years_missing(measure, held[measure.key_stage], before, after)
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
