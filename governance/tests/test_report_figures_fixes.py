"""Review fixes to the report figures: grade moves in the annual impact section, the board's needs
figures where needs and casework consent differ, and case studies kept to their own partnership."""

from __future__ import annotations

import datetime as dt

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
    assert [row[0] for row in section["tables"][2]["rows"]] == ["Inadequate", "Requires Improvement"]
    assert "Not inspected" not in str(section)
    assert section["tables"][3]["rows"] == [["First graded inspection in the year", "Fewer than 5 schools"]]
    assert "first graded inspection in the year and are not counted as moving" in section["summary"]
