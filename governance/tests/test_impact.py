"""The annual report's impact section (decision 0037): schools that had support beside similar schools
that did not, counted over every school the partnership covers, with small cells hidden so that none
can be worked out, and saying so truthfully where there is nothing to compare.

Academic year 2023 to 2024 throughout (the terms of 2023; results numbered by the year they end, so
2022 to 2023 is the year before and 2023 to 2024 the year's own), made in December 2026.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone

from governance.reporting import render
from governance.reporting.impact import IMPACT_KEY, add_impact, impact_section
from governance.reporting.snapshot import build_snapshot
from partnership.figures import NOT_SHOWN
from tests.factories import (
    CaseFactory,
    InspectionFactory,
    KS2Factory,
    SchoolFactory,
    consent_in_force,
    published_agreement,
)
from tests.helpers import pinned_queries

YEAR = 2023
AS_AT = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))
BEFORE_YEAR = dt.date(2021, 5, 1)  # an inspection long before the year
IN_YEAR = dt.date(2024, 3, 1)
RI, GOOD, INADEQUATE = "requires_improvement", "good", "inadequate"
RI_PRIMARY = "Primary, Requires Improvement (or Satisfactory) at the start"


def _school(partnership, *, phase="Primary", start=RI, end=None, supported=False, ks2=None, name=None):
    """A school of partnership A's LA graded `start` before the year and, if `end`, inspected again in
    the year; with a case open in the year if `supported`; with KS2 results (before, after) if given."""
    school = SchoolFactory(la_code="901", phase=phase, **({"name": name} if name else {}))
    if start:
        InspectionFactory(school=school, inspected_on=BEFORE_YEAR, overall=start)
    if end:
        InspectionFactory(school=school, inspected_on=IN_YEAR, overall=end)
    if supported:
        CaseFactory(partnership=partnership, school=school, opened_on=dt.date(2023, 10, 2))
    if ks2:
        KS2Factory(school=school, academic_year=YEAR, rwm_expected_pct=ks2[0])
        KS2Factory(school=school, academic_year=YEAR + 1, rwm_expected_pct=ks2[1])
    return school


def _section(partnership, audience="board") -> dict:
    return impact_section(partnership, YEAR, audience=audience, as_at=AS_AT)


def _rows(section: dict, caption_start: str) -> dict[str, list[str]]:
    table = next(t for t in section["tables"] if t["caption"].startswith(caption_start))
    return {row[0]: row[1:] for row in table["rows"]}


def _report_text(partnership, audience="board") -> str:
    """The annual report's HTML as its reader gets it, tags removed."""
    snapshot = add_impact(
        build_snapshot(partnership, academic_year=YEAR, audience=audience, as_at=AS_AT), partnership, YEAR
    )
    html = render.report_html(snapshot)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def supported_improved(partnership_a):
    """Five primary schools graded Requires Improvement with support, all regraded Good in the year and
    their KS2 results up 15 points; five similar ones without support, regraded Requires Improvement
    again and their results down a point."""
    for n in range(5):
        _school(partnership_a, end=GOOD, supported=True, ks2=(55, 70), name=f"Helped {n}")
    for n in range(5):
        _school(partnership_a, end=RI, ks2=(55, 54), name=f"Unhelped {n}")


@pytest.fixture
def both_improved(partnership_a):
    """As above, but the five without support improved as well: Good, and KS2 up 10 points each."""
    for _n in range(5):
        _school(partnership_a, end=GOOD, supported=True, ks2=(52, 62))
    for _n in range(5):
        _school(partnership_a, end=GOOD, ks2=(52, 62))


def test_supported_schools_that_improved_beside_similar_ones_that_did_not(partnership_a, supported_improved):
    section = _section(partnership_a)
    moves = _rows(section, "Inspection grades")
    assert moves[f"{RI_PRIMARY}: with support"] == ["5", "5", "0", "0", "0", "0"]
    assert moves[f"{RI_PRIMARY}: similar schools without support"] == ["5", "0", "5", "0", "0", "0"]
    assert moves["With support, not compared"][0] == "0"
    results = _rows(section, "KS2 reading, writing and maths")
    primary_50 = "Primary, 50% to under 65% at the start"
    assert results[f"{primary_50}: with support"] == ["5", "55.0%", "70.0%", "+15.0"]
    assert results[f"{primary_50}: similar schools without support"] == ["5", "55.0%", "54.0%", "-1.0"]
    summary = section["summary"]
    assert summary.startswith(
        "5 of the partnership's 10 open state-funded schools had a support case open at some time in the "
        "academic year 2023 to 2024."
    )
    assert (
        "On inspection, 5 schools with support are compared with 5 schools without support of the same "
        "phase and starting grade. By the year's end 100% of those with support (5 schools) had a better "
        "grade and none a lower one, against 0% and 0% of the similar schools, weighted to the same mix "
        "of phase and starting grade; 0 and 0 respectively had not been inspected in the year."
    ) in summary
    assert (
        "KS2 reading, writing and maths at the expected standard, between the results of 2022 to 2023 and "
        "2023 to 2024: the 5 "
        "schools with support compared changed by +15.0 percentage points on average, the 5 schools "
        "without support in the same phase and starting band by -1.0, weighted to the same mix."
    ) in summary
    assert "No KS4 results are held for 2022 to 2023 or 2023 to 2024." in summary
    # The board reads the LA's figures here: nothing rests on fewer than 5 schools.
    assert _section(partnership_a, "la")["tables"] == section["tables"]

    text = _report_text(partnership_a)
    assert "Impact of support" in text
    assert "Inspection grades at the start of the year and by 31 August 2024" in text
    assert f"{RI_PRIMARY}: with support 5 5 0 0 0 0" in text
    assert "What it cannot show: that the support made the difference." in text
    assert "regression to the mean" in text
    assert "Helped" not in text and "Unhelped" not in text  # no school is named


def test_supported_and_similar_schools_that_both_improved(partnership_a, both_improved):
    section = _section(partnership_a)
    moves = _rows(section, "Inspection grades")
    assert moves[f"{RI_PRIMARY}: with support"] == moves[f"{RI_PRIMARY}: similar schools without support"]
    assert (
        "By the year's end 100% of those with support (5 schools) had a better grade and none a lower one, "
        "against 100% and 0% of the similar schools"
    ) in section["summary"]
    assert (
        "changed by +10.0 percentage points on average, the 5 schools without support in the same phase "
        "and starting band by +10.0, weighted to the same mix."
    ) in section["summary"]
    text = _report_text(partnership_a)
    assert "Primary, 50% to under 65% at the start: with support 5 52.0% 62.0% +10.0" in text
    assert (
        "Primary, 50% to under 65% at the start: similar schools without support 5 52.0% 62.0% +10.0" in text
    )


def test_every_school_counts_whoever_consented(partnership_a, supported_improved):
    """Consent governs what names a school, not the totals: the board's comparison is the same with
    one school consenting as with none."""
    before = _section(partnership_a)
    school = SchoolFactory(la_code="902")  # another LA's, so the figures are unchanged
    consent_in_force(published_agreement(partnership_a), school)
    assert _section(partnership_a) == before


def test_a_school_with_a_report_card_or_no_grade_is_never_counted_as_moving(partnership_a, settings):
    settings.SMALL_CELL_MIN_SCHOOLS = 1
    card = _school(partnership_a, supported=True)
    InspectionFactory(school=card, framework="report_card", overall="", inspected_on=dt.date(2024, 3, 1))
    _school(partnership_a, start=None, end=GOOD, supported=True)  # first inspected in the year
    _school(partnership_a, phase="Secondary", start=INADEQUATE, supported=True)  # no similar school
    _school(partnership_a)
    section = _section(partnership_a)
    moves = _rows(section, "Inspection grades")
    assert moves[f"{RI_PRIMARY}: with support"] == ["1", "0", "0", "0", "1", "0"]
    assert moves["With support, not compared"][0] == "2"
    assert (
        "On inspection, 1 school with support is compared with 1 school without support" in section["summary"]
    )
    assert any("Ofsted says it cannot be compared with the old grades" in note for note in section["notes"])
    assert any(
        note.startswith("Schools with support not compared on inspection") for note in section["notes"]
    )


@pytest.fixture
def mixed(partnership_a):
    """Three strata with few schools in some, so that cells are hidden at thresholds 2 to 5."""
    for n in range(3):
        _school(partnership_a, end=GOOD if n else RI, supported=True, ks2=(48, 60))
    _school(partnership_a, supported=True, ks2=(70, 75))
    for n in range(9):
        _school(partnership_a, end=GOOD if n < 4 else None, ks2=(45 + n, 50 + n))
    for n in range(2):
        _school(partnership_a, start=GOOD, end=GOOD if n else "outstanding", supported=True, ks2=(66, 68))
    for n in range(7):
        _school(partnership_a, start=GOOD, end=RI if n == 0 else None, ks2=(66 + n, 66))
    _school(partnership_a, phase="Secondary", start=INADEQUATE, end=RI, supported=True)
    for n in range(4):
        _school(partnership_a, phase="Secondary", start=INADEQUATE, end=INADEQUATE if n < 2 else None)
    _school(partnership_a, phase="Secondary", start=GOOD, supported=True)  # no similar school


def _number(cell: str) -> int | None:
    return int(cell.replace(",", "")) if re.fullmatch(r"\d[\d,]*", cell) else None


def _lines(rows: list[list[str]], *, parts_add_up: bool) -> list[list[tuple[int, int]]]:
    """How a comparison table adds up, worked out from its rows, not from the code that made it:
    (row, column) cells whose sum the reader knows. Rows come in pairs (with support, without) for
    each stratum, then the totals pair where there is more than one stratum, then the schools with
    support not compared."""
    body, left = rows[:-1], len(rows) - 1
    pairs = [(i, i + 1) for i in range(0, len(body), 2)]
    strata, totals = (pairs[:-1], pairs[-1]) if len(pairs) > 1 else (pairs, pairs[0])
    columns = range(1, len(rows[0])) if parts_add_up else [1]
    lines = [[(totals[0], 1), (left, 1)]]  # all with support, said in the summary
    for pair in pairs:
        lines += [[(pair[0], c), (pair[1], c)] for c in columns]  # their sum is public
        if parts_add_up:
            lines += [[(row, c) for c in columns] for row in pair]
    for group in (0, 1):
        for c in columns:
            lines.append([(pair[group], c) for pair in strata] + [(totals[group], c)])
    return lines


@pytest.mark.parametrize("threshold", [2, 3, 5])
def test_no_hidden_cell_can_be_worked_out_in_the_comparison_tables(partnership_a, mixed, settings, threshold):
    settings.SMALL_CELL_MIN_SCHOOLS = threshold
    board, la = _section(partnership_a), _section(partnership_a, "la")
    hidden_seen = 0
    for table, la_table in zip(board["tables"], la["tables"], strict=True):
        if not table["caption"].startswith(("Inspection grades", "KS2", "KS4")):
            continue
        rows, truth = table["rows"], la_table["rows"]
        assert [row[0] for row in rows] == [row[0] for row in truth]
        inspection = table["caption"].startswith("Inspection")
        for line in _lines(rows, parts_add_up=inspection):
            hidden = [(r, c) for r, c in line if _number(rows[r][c]) is None]
            # One hidden cell beside a known sum gives it back, unless it is truly nought.
            if len(hidden) == 1:
                r, c = hidden[0]
                assert _number(truth[r][c]) == 0, (threshold, table["caption"], rows[r][0], c)
        for row, la_row in zip(rows, truth, strict=True):
            for cell, exact in zip(row[1:], la_row[1:], strict=True):
                if cell in (NOT_SHOWN, f"Fewer than {threshold} schools"):
                    hidden_seen += 1
                else:
                    assert cell == exact  # what is shown is the LA's figure
            # An average rests on the row's schools: hidden with them.
            if not inspection and _number(row[1]) is None and row[2:] != ["", "", ""]:
                assert set(row[1:]) == {row[1]}
    assert hidden_seen, "the fixture must hide something"
    # The report draws the board's cells as they are, and says why they are hidden.
    text = _report_text(partnership_a)
    assert f"With support, not compared Fewer than {threshold} schools" in text
    assert f"any count resting on fewer than {threshold} schools is hidden" in text


def test_with_no_school_supported_the_section_says_so_and_shows_no_zeros(partnership_a):
    _school(partnership_a, end=GOOD)
    KS2Factory(school=_school(partnership_a), academic_year=2018)
    section = _section(partnership_a)
    assert section["summary"] == (
        "None of the partnership's 2 open state-funded schools had a support case open at any time in the "
        "academic year 2023 to 2024, so no school with support can be compared with similar schools "
        "without it. No support case closed in the year."
    )
    assert section["tables"] == [] and section["chart"] is None
    assert section["notes"] == [
        "No KS2 results are held for 2022 to 2023 or 2023 to 2024 (the latest held are for 2017 to 2018).",
        "No KS4 results are held for 2022 to 2023 or 2023 to 2024.",
    ]
    text = _report_text(partnership_a)
    assert "None of the partnership's 2 open state-funded schools had a support case open" in text


def test_with_no_results_for_the_year_and_nobody_inspected_the_section_says_so(partnership_a):
    for _n in range(5):
        _school(partnership_a, supported=True, ks2=None)
        KS2Factory(school=_school(partnership_a), academic_year=YEAR)  # the year before only
    section = _section(partnership_a)
    assert (
        "none of them was inspected in the year, so their grades tell nothing yet of a difference"
        in (section["summary"])
    )
    assert (
        "No KS2 results are held for 2023 to 2024 (the latest held are for 2022 to 2023)."
        in section["summary"]
    )
    assert not any(t["caption"].startswith("KS2") for t in section["tables"])


def test_the_closed_supports_records_count_every_school_and_hide_small_cells(partnership_a):
    for n in range(6):
        CaseFactory(
            partnership=partnership_a,
            school=_school(partnership_a),
            status="closed",
            closure="completed",
            opened_on=dt.date(2023, 9, 20),
            closed_on=dt.date(2024, 6, 1),
            impact_statement="Reading rose" if n < 5 else "",
            evidence_before="Data" if n < 2 else "",
        )
    rows = _rows(_section(partnership_a), "Support cases closed in the year")
    assert rows == {
        "With an impact statement": ["5"],
        "With evidence from before the support": ["Fewer than 5 schools"],
        "With evidence from after the support": ["0"],
    }
    assert "Reading rose" not in str(_section(partnership_a, "la"))


def test_the_query_count_does_not_grow_with_schools(partnership_a):
    impact_section(partnership_a, YEAR, as_at=AS_AT)  # makes the year's terms, reads the LAs
    for n in (5, 40):
        for i in range(n):
            _school(partnership_a, end=GOOD if i % 2 else None, supported=i % 3 == 0, ks2=(50 + i % 30, 60))
        # The terms, inspections, the years of results held (2), KS2 (KS4 is not held), closed
        # support (3); the partnership's LAs were read on the first run.
        with pinned_queries(8):
            impact_section(partnership_a, YEAR, as_at=AS_AT)
    snapshot = {
        "audience": "board",
        "as_at": AS_AT.isoformat(),
        "period": {"starts_on": "2023-09-01", "ends_on": "2024-08-31"},
        "sections": [],
    }
    with pinned_queries(7):  # the year's days come from the snapshot
        made = add_impact(snapshot, partnership_a, YEAR)
    assert made["sections"][0]["key"] == IMPACT_KEY


def test_the_ratings_counted_are_those_of_each_closed_cases_final_rated_review(partnership_a):
    from support.models import ObjectiveRating
    from tests.factories import AgreementFactory, ObjectiveFactory, ReviewFactory

    case = CaseFactory(
        partnership=partnership_a,
        school=_school(partnership_a),
        status="closed",
        closure="completed",
        opened_on=dt.date(2023, 9, 20),
        closed_on=dt.date(2024, 6, 1),
    )
    agreement = AgreementFactory(case=case)
    objective = ObjectiveFactory(agreement=agreement, outcome="met")
    for held_on, status, rating in [
        (dt.date(2023, 12, 1), "quality_assured", "off_track"),
        (dt.date(2024, 3, 1), "rated", "on_track"),
        (dt.date(2024, 5, 1), "due", "at_risk"),  # due, not rated: not the final rating
    ]:
        review = ReviewFactory(agreement=agreement, due_on=held_on, held_on=held_on, status=status)
        ObjectiveRating.objects.create(review=review, objective=objective, rating=rating)
    section = _section(partnership_a, "la")
    assert _rows(section, "Final review ratings") == {"On track": ["1"], "At risk": ["0"], "Off track": ["0"]}
    assert _rows(section, "Objectives of support") == {"Met": ["1"], "Partly met": ["0"], "Not met": ["0"]}
    assert section["chart"]["labels"] == ["On track", "At risk", "Off track"]
    # The board reads one school's ratings as too few to show, and no chart that would give them away.
    board = _section(partnership_a)
    assert _rows(board, "Final review ratings")["On track"] == ["Fewer than 5 schools"]
    assert board["chart"] is None
