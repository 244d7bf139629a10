"""Each section opens with its direction over the last terms or years (issue 17, item 3): inspection
outcomes at the end of each term and KS2 over the years held. The sentence says what the table shows,
and each term's figure in the trend is that term's own figure."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from tests.factories import InspectionFactory, KS2Factory, SchoolFactory

AS_AT = timezone.make_aware(dt.datetime(2026, 12, 15, 12, 0))


@pytest.fixture
def history(partnership_a):
    """Four schools whose outcomes move term by term, and KS2 results for four years."""
    terms_for(partnership_a, 2025)
    a, b, c, d = (SchoolFactory(name=f"School {n}", la_code="901") for n in "ABCD")
    InspectionFactory(school=a, inspected_on=dt.date(2020, 1, 1), overall="good")
    InspectionFactory(school=b, inspected_on=dt.date(2020, 1, 1), overall="requires_improvement")
    InspectionFactory(school=b, inspected_on=dt.date(2026, 3, 1), overall="good")  # spring
    InspectionFactory(school=c, inspected_on=dt.date(2020, 1, 1), overall="inadequate")
    InspectionFactory(school=c, inspected_on=dt.date(2026, 11, 1), framework="report_card", overall="")
    InspectionFactory(school=d, inspected_on=dt.date(2026, 6, 1), overall="good")  # summer
    for school, values in ((a, (60, 64, 70, 30)), (b, (50, 60, 66, 30))):
        for year, value in zip((2023, 2024, 2025, 2026), values, strict=True):
            KS2Factory(school=school, academic_year=year, pupils=30, rwm_expected_pct=value)
    return {"autumn": terms_for(partnership_a, 2026)[0]}


def _section(snapshot: dict, key: str) -> dict:
    return next(sec for sec in snapshot["sections"] if sec["key"] == key)


def _table(section: dict, caption: str) -> dict:
    return next(t for t in section["tables"] if t["caption"].startswith(caption))


def _percent(cell: str) -> float:
    return float(cell.rstrip("%"))


def test_inspection_outcomes_by_term_match_each_terms_own_figures(partnership_a, history):
    snapshot = build_snapshot(partnership_a, term=history["autumn"], audience="la", as_at=AS_AT)
    inspections = _section(snapshot, "inspections")
    trend = _table(inspections, "Latest inspection outcomes at the end of each term")
    rows = trend["rows"]
    assert [row[0] for row in rows] == [
        "Autumn term 2025",
        "Spring term 2026",
        "Summer term 2026",
        "Autumn term 2026 (to date)",
    ]
    assert [row[2] for row in rows] == ["33%", "67%", "75%", "100%"]
    assert [row[3] for row in rows] == ["0", "0", "0", "1"]
    # Each past term's figure is the one its own dashboard gives.
    terms = {t.key: t for t in [*terms_for(partnership_a, 2025), history["autumn"]]}
    for row, key in zip(rows, ["2025-autumn", "2025-spring", "2025-summer"], strict=False):
        own = build_snapshot(partnership_a, term=terms[key], audience="la", as_at=AS_AT)
        headline = {r[0]: r[1] for r in _section(own, "inspections")["tables"][0]["rows"]}
        assert headline["Good or outstanding (% of schools with an overall grade)"] == row[2], key
    # The sentence says what the table shows, first term to last.
    summary = inspections["summary"]
    assert (
        " Over the last 4 terms the share good or outstanding rose from 33% at the end of the autumn term "
        "2025 to 100% at 15 December 2026. Schools whose latest inspection is a report card went from 0 to 1."
    ) in summary
    said = re.search(r"(rose|fell) from (\d+)% .* to (\d+)% at", summary)
    first, last = _percent(rows[0][2]), _percent(rows[-1][2])
    assert (float(said[2]), float(said[3])) == (first, last)
    assert said[1] == ("rose" if last > first else "fell")


def test_a_term_with_the_same_share_at_both_ends_says_so(partnership_a):
    terms_for(partnership_a, 2025)
    SchoolFactory(la_code="901")
    InspectionFactory(school=SchoolFactory(la_code="901"), inspected_on=dt.date(2020, 1, 1), overall="good")
    snapshot = build_snapshot(
        partnership_a, term=terms_for(partnership_a, 2026)[0], audience="la", as_at=AS_AT
    )
    summary = _section(snapshot, "inspections")["summary"]
    assert "The share good or outstanding was 100% at the end of each of the last 3 terms too." in summary
    assert "report card went from" not in summary


def test_ks2_over_the_years_held_and_its_direction(partnership_a, history):
    snapshot = build_snapshot(partnership_a, term=history["autumn"], audience="la", as_at=AS_AT)
    outcomes = _section(snapshot, "outcomes")
    years = _table(outcomes, "KS2 reading, writing and maths at the expected standard over the years held")
    assert years["caption"].endswith("the latest published by 15 December 2026, weighted by pupils")
    assert [row[:3] for row in years["rows"]] == [
        ["2022 to 2023", "55.0%", "2"],
        ["2023 to 2024", "62.0%", "2"],
        ["2024 to 2025", "68.0%", "2"],
        ["2025 to 2026", "30.0%", "2"],
    ]
    # The latest year is the headline's, and the sentence's changes are the table's.
    assert {r[0]: r[1] for r in outcomes["tables"][0]["rows"]}["Partnership (all its schools)"] == "30.0%"
    assert (
        "That is down 38.0 points on 2024 to 2025 (68.0%), and down 25.0 points on 2022 to 2023 (55.0%), "
        "the first year held."
    ) in outcomes["summary"]
    said = re.search(r"That is (up|down) ([\d.]+) points on .*? \(([\d.]+)%\)", outcomes["summary"])
    latest, before = _percent(years["rows"][-1][1]), _percent(years["rows"][-2][1])
    assert said[1] == ("up" if latest > before else "down")
    assert float(said[2]) == pytest.approx(abs(latest - before))
    assert float(said[3]) == before


def test_last_summers_ks2_trend_ends_with_the_year_published_by_then(partnership_a, history):
    summer = next(t for t in terms_for(partnership_a, 2025) if t.kind == "summer")
    snapshot = build_snapshot(partnership_a, term=summer, audience="la", as_at=AS_AT)
    outcomes = _section(snapshot, "outcomes")
    years = _table(outcomes, "KS2 reading, writing and maths at the expected standard over the years held")
    assert [row[0] for row in years["rows"]][-1] == "2024 to 2025"
    assert "That is up 6.0 points on 2023 to 2024 (62.0%)" in outcomes["summary"]
    assert "Results are those the Department for Education had published by" in outcomes["summary"]


def test_the_boards_trends_are_the_las_public_data_shown_whole(partnership_a, history, settings):
    """Inspections and results are public data (decision 0017): the board's trend tables hide no
    cell, so there is nothing to work out from a total."""
    settings.SMALL_CELL_MIN_SCHOOLS = 5
    board, la = (
        build_snapshot(partnership_a, term=history["autumn"], audience=audience, as_at=AS_AT)
        for audience in ("board", "la")
    )
    for key in ("inspections", "outcomes"):
        assert _section(board, key) == _section(la, key), key
        for table in _section(board, key)["tables"]:
            assert not any(
                "Fewer than" in cell or cell == "Not shown" for row in table["rows"] for cell in row
            )


def test_a_share_back_where_it_was_says_so_and_the_table_shows_the_dip(partnership_a):
    terms_for(partnership_a, 2025)
    steady, dipped = SchoolFactory(la_code="901"), SchoolFactory(la_code="901")
    InspectionFactory(school=steady, inspected_on=dt.date(2020, 1, 1), overall="good")
    InspectionFactory(school=dipped, inspected_on=dt.date(2020, 1, 1), overall="good")
    InspectionFactory(school=dipped, inspected_on=dt.date(2026, 2, 1), overall="inadequate")
    InspectionFactory(school=dipped, inspected_on=dt.date(2026, 11, 1), overall="good")
    snapshot = build_snapshot(
        partnership_a, term=terms_for(partnership_a, 2026)[0], audience="la", as_at=AS_AT
    )
    inspections = _section(snapshot, "inspections")
    rows = _table(inspections, "Latest inspection outcomes at the end of each term")["rows"]
    assert [row[2] for row in rows] == ["100%", "50%", "50%", "100%"]
    assert inspections["summary"].endswith(
        " It was 100% at the end of the autumn term 2025 too, 3 terms before."
    )
