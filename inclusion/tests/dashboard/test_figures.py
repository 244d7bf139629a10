"""The inclusion figures (decision 0021) add up on the known world: the counts, the pupils on roll from
the school register or estimated from the key stage 4 cohort, and never another partnership's records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from governance.reporting import snapshot as snapshot_module
from governance.reporting.snapshot import build_snapshot
from inclusion.models import FundingSource, PlacementOutcome, PlanType
from inclusion.selectors.figures import NO_PLAN, ScopeFigures, Tally, academic_year_span, inclusion_figures
from inclusion.tables import Reader, dashboard_sections, denominator_sentence
from schools.models import KeyStage4Result
from tests.helpers import text_of

from .conftest import YEAR, autumn, inclusion_section, known_figures, known_url, on, rows_of, sections_for

pytestmark = pytest.mark.django_db


# --- The numbers --------------------------------------------------------------------------------


def test_the_figures_add_up_on_a_known_world(world):
    figures = known_figures(world)
    county = figures.scope
    north, south = figures.areas
    assert (north.name, south.name) == ("North", "South")
    assert (north.schools, north.pupils_on_roll, south.pupils_on_roll, county.pupils_on_roll) == (
        2,
        1000,
        400,
        1400,
    )

    assert county.exclusions_by_year == {
        **{year: Tally() for year in range(YEAR - 4, YEAR - 1)},
        YEAR - 1: Tally(1, 1),
        YEAR: Tally(3, 3),
    }
    assert (north.exclusions, north.consulted, north.flagged) == (Tally(2, 2), Tally(1, 1), Tally(1, 1))
    assert (south.exclusions, south.consulted, south.flagged) == (Tally(1, 1), Tally(), Tally(1, 1))
    assert county.flagged == Tally(2, 2)
    assert (north.consultations, south.consultations, county.consultations) == (
        Tally(2, 2),
        Tally(1, 1),
        Tally(3, 3),
    )

    assert (north.referrals_open, north.referrals_made) == (Tally(2, 2), Tally(2, 2))
    assert (south.referrals_open, south.referrals_made) == (Tally(), Tally(1, 1))
    assert north.open_by_plan[PlanType.HOME_BASE] == Tally(1, 1)
    assert north.open_by_plan[NO_PLAN] == Tally(1, 1)

    assert (north.sessions_possible, north.sessions_attended, north.sessions_out) == (100, 80, 30)
    assert (
        county.sessions_possible,
        county.sessions_attended,
        county.sessions_out,
        county.attendance_pupils,
    ) == (
        150,
        105,
        40,
        3,
    )

    assert (county.ap_current, county.ap_current_days) == (Tally(1, 1), Decimal("2.5"))
    assert (county.ap_started, county.ap_started_cost) == (Tally(3, 3), Decimal("6000"))
    assert county.ap_by_funding[FundingSource.HIGH_NEEDS] == (Tally(1, 1), Decimal("1000"))
    assert county.ap_ended == Tally(2, 2)
    # 1 to 28 November, and 1 February to 28 March: the last day counts.
    assert county.ap_ended_days == 28 + (on(3, 28) - on(2, 1)).days + 1
    assert county.ap_by_outcome[PlacementOutcome.REINTEGRATED] == Tally(1, 1)
    assert south.ap_by_outcome[PlacementOutcome.SPECIALIST] == Tally(1, 1)

    assert (north.allocation_by_year[YEAR], south.allocation_by_year[YEAR]) == (
        Decimal(100000),
        Decimal(50000),
    )
    assert county.allocation_by_year[YEAR] == Decimal(150000)
    assert north.spend_by_year[YEAR] == {"staff": Decimal(30000), "ap_placements": Decimal(20000)}
    assert sum(county.spend_by_year[YEAR].values()) == Decimal(60000)


# --- Pupils on roll where the register has no number ----------------------------------------------


def _register_cohort_and_neither(world):
    """X keeps its register number (600; its KS4 cohort is ignored). Y has no register number but
    KS4 cohorts: 150, then 180, then a year with no number, so its latest cohort is 180 and its
    estimate 900. W has neither."""
    x, y, w = (world.schools[key] for key in ("x", "y", "w"))
    for school in (y, w):
        school.pupils = None
        school.save()
    for school, year, pupils in ((x, 2018, 100), (y, 2016, 150), (y, 2017, 180), (y, 2018, None)):
        KeyStage4Result.objects.create(school=school, academic_year=year, pupils=pupils)


COUNTY_ROLL = (
    "Pupils on roll at the 3 member schools on {day}: 1,500 (from the school register for 1 school; "
    "estimated for 1 school as five times its latest Year 11 cohort, because the register holds no "
    "number for it; not known for 1 school, which is left out, because the register holds no number "
    "for it and the performance tables no key stage 4 cohort). The same numbers are used for every "
    "year, since the portal holds no earlier census."
)


def test_pupils_on_roll_come_from_the_register_or_five_times_the_latest_ks4_cohort(world):
    _register_cohort_and_neither(world)
    figures = known_figures(world)
    north, south = figures.areas
    county = figures.scope
    # (schools, from the register, pupils, estimated, pupils, not known, pupils on roll)
    assert [
        (
            scope.schools,
            scope.schools_from_register,
            scope.pupils_from_register,
            scope.schools_estimated,
            scope.pupils_estimated,
            scope.schools_without_numbers,
            scope.pupils_on_roll,
        )
        for scope in (north, south, county)
    ] == [(2, 1, 600, 1, 900, 0, 1500), (1, 0, 0, 0, 0, 1, 0), (3, 1, 600, 1, 900, 1, 1500)]


def test_the_page_says_how_pupils_on_roll_were_found_and_rates_them(world, client_for):
    _register_cohort_and_neither(world)
    response = client_for(world.people["inclusion_officer"]).get(known_url())
    sections = sections_for(response)
    compared = rows_of(sections["compared"])
    # North: 2 exclusions over 1,500 pupils; South: no number for its one school, so no rate.
    assert compared["North"][:4] == ["2", "1,500", "2", "1.33"]
    assert compared["South"][:4] == ["1", "0", "1", "No figure"]
    assert compared["All partnerships"][:4] == ["3", "1,500", "3", "2.00"]
    day = f"{academic_year_span(YEAR)[1].day} August {YEAR + 1}"
    summary = sections["exclusions"]["summary"]
    assert ", 2.00 per 1,000 pupils on roll. " + COUNTY_ROLL.format(day=day) in summary
    assert (
        "Pupils on roll are the school register's numbers where it holds one, and otherwise estimated as "
        "five times the school's latest Year 11 cohort (North, 1 of 2 schools estimated; South, 0 of 1 "
        "school estimated and 1 not known, left out)."
    ) in sections["compared"]["summary"]
    assert "five times the school's latest Year 11 cohort" in text_of(response)  # the definitions
    south = client_for(world.people["inclusion_officer"]).get(known_url(world.partnerships["south"]))
    assert rows_of(sections_for(south)["exclusions"])[f"{YEAR} to {YEAR + 1}"] == ["1", "No figure"]
    assert "Pupils on roll at the 1 member school on" in sections_for(south)["exclusions"]["summary"]


def test_with_every_number_in_the_register_the_page_says_so(world):
    sections = dashboard_sections(known_figures(world), Reader(None), period="the year")
    assert "1,400 (from the school register for 3 schools). The same numbers" in sections[1]["summary"]
    assert "Pupils on roll are the school register's numbers for every school." in sections[0]["summary"]


def test_an_area_with_no_member_schools_says_there_are_none_to_count_against():
    sentence = denominator_sentence(ScopeFigures(area_id=1, name="Empty"), dt.date(2026, 8, 31))
    assert sentence == (
        "There were no member schools at 31 August 2026, so there are no pupils on roll to count against."
    )


def test_the_report_says_how_pupils_on_roll_were_found(world, settings):
    settings.SMALL_PUPIL_COUNT_MIN = 1  # nothing hidden, to check the rate
    _register_cohort_and_neither(world)
    partnership = world.partnerships["north"].partnership
    term = autumn(world)
    snapshot = build_snapshot(partnership, term=term, audience="board")
    section = inclusion_section(snapshot)
    cut = snapshot_module._period(partnership, term, None, timezone.now()).cut
    # In the autumn term, x1's and x2's exclusions: 2 over 1,500 pupils.
    assert rows_of(section)["North"][:4] == ["2", "1,500", "2", "1.33"]
    assert COUNTY_ROLL.format(day=f"{cut.day} {cut:%B %Y}") in section["summary"]
    source = next(s for s in snapshot["sources"] if s["name"] == "The inclusion partnerships' own records")
    assert "five times the school's latest key stage 4 cohort" in source["detail"]


def test_another_partnerships_records_are_never_counted(world):
    figures = known_figures(world)
    assert [area.name for area in figures.areas] == ["North", "South"]
    assert figures.scope.exclusions == Tally(3, 3)
    assert figures.scope.allocation_by_year[YEAR] == Decimal(150000)
    # And B's own figures hold only B's.
    starts_on, ends_on = academic_year_span(YEAR)
    b = inclusion_figures(world.partnerships["bee"].partnership, starts_on=starts_on, cut=ends_on)
    assert b.scope.exclusions == Tally(1, 1) and b.scope.allocation_by_year[YEAR] == Decimal(999999)
