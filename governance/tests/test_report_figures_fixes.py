"""Review fixes to the report figures: grade moves in the annual impact section, the board's needs
figures where needs and casework consent differ, and case studies kept to their own partnership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from governance.reporting.impact import grade_movements, impact_section
from governance.terms import terms_for
from tests.factories import InspectionFactory, SchoolFactory


def test_grade_moves_count_only_open_schools_moving_between_two_real_grades(partnership_a):
    starts_on = terms_for(partnership_a, 2026)[0].starts_on
    schools = [SchoolFactory(la_code="901") for _ in range(6)]
    moved, first, closed, first_day, same, inspected_later = schools
    closed.status = "Closed"
    closed.save()
    InspectionFactory(school=moved, inspected_on=dt.date(2022, 3, 1), overall="requires_improvement")
    InspectionFactory(school=moved, inspected_on=dt.date(2027, 2, 1), overall="good")
    # A first inspection is not a move from "Not inspected".
    InspectionFactory(school=first, inspected_on=dt.date(2027, 3, 1), overall="good")
    # A closed school is not counted, however its grade changed.
    InspectionFactory(school=closed, inspected_on=dt.date(2022, 3, 1), overall="inadequate")
    InspectionFactory(school=closed, inspected_on=dt.date(2027, 3, 1), overall="good")
    # An inspection on the year's first day is in the year, not the grade it started with.
    InspectionFactory(school=first_day, inspected_on=dt.date(2021, 3, 1), overall="inadequate")
    InspectionFactory(school=first_day, inspected_on=starts_on, overall="good")
    InspectionFactory(school=same, inspected_on=dt.date(2021, 3, 1), overall="good")
    InspectionFactory(school=inspected_later, inspected_on=dt.date(2028, 1, 1), overall="good")

    moves, first_graded = grade_movements(
        partnership_a, starts_on, terms_for(partnership_a, 2026)[-1].ends_on
    )
    assert dict(moves) == {("Requires Improvement", "Good"): 1, ("Inadequate", "Good"): 1}
    assert first_graded == 1

    section = impact_section(partnership_a, 2026)
    assert [row[0] for row in section["tables"][3]["rows"]] == ["Inadequate", "Requires Improvement"]
    assert "Not inspected" not in str(section)
    assert section["tables"][4]["rows"] == [["First graded inspection in the year", "Fewer than 5 schools"]]
    assert "first graded inspection in the year and are not counted as moving" in section["summary"]


def test_a_case_study_must_be_of_its_own_partnerships_case_and_the_snapshot_ignores_one_that_is_not(
    partnership_a, partnership_b, school_x, school_z, la_officer_a
):
    from django.core.exceptions import ValidationError

    from governance.models import CaseStudy
    from governance.reporting.snapshot import build_snapshot
    from tests.factories import CaseFactory

    closed = {"status": "closed", "opened_on": dt.date(2026, 9, 1), "closed_on": dt.date(2026, 11, 1)}
    own = CaseFactory(partnership=partnership_a, school=school_x, **closed)
    other = CaseFactory(partnership=partnership_b, school=school_z, **closed)
    stray = CaseStudy(partnership=partnership_a, case=other, summary="Not ours", added_by=la_officer_a)
    with pytest.raises(ValidationError) as refused:
        stray.full_clean()
    assert refused.value.message_dict == {"case": ["Choose a support case of this partnership"]}
    good = CaseStudy(partnership=partnership_a, case=own, summary="Reading rose.", added_by=la_officer_a)
    good.full_clean()
    good.save()
    stray.save()  # as if added some other way, bypassing the checks

    as_at = timezone.make_aware(dt.datetime(2027, 1, 10, 9))
    term = terms_for(partnership_a, 2026)[0]
    snapshot = build_snapshot(partnership_a, term=term, audience="board", as_at=as_at)
    assert [study["summary"] for study in snapshot["case_studies"]] == ["Reading rose."]
