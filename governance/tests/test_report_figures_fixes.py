"""Review fixes to the report figures: grade moves in the annual impact section, the board's needs
figures where needs and casework consent differ, and case studies kept to their own partnership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from governance.reporting.impact import impact_section
from governance.terms import terms_for
from tests.factories import CaseFactory, InspectionFactory, SchoolFactory


def test_grade_moves_count_only_open_schools_moving_between_two_real_grades(partnership_a):
    """The impact comparison (decision 0037) counts the open schools, a first inspection is not a move
    from "Not inspected", and an inspection on the year's first day belongs to the year."""
    starts_on = terms_for(partnership_a, 2026)[0].starts_on
    schools = [SchoolFactory(la_code="901") for _ in range(7)]
    moved, peer, first_day, peer_inadequate, first, closed, inspected_later = schools
    closed.status = "Closed"
    closed.save()
    for school in (moved, peer, closed, inspected_later):
        InspectionFactory(school=school, inspected_on=dt.date(2022, 3, 1), overall="requires_improvement")
    InspectionFactory(school=moved, inspected_on=dt.date(2027, 2, 1), overall="good")
    InspectionFactory(school=closed, inspected_on=dt.date(2027, 3, 1), overall="good")
    InspectionFactory(school=first_day, inspected_on=dt.date(2021, 3, 1), overall="inadequate")
    InspectionFactory(school=first_day, inspected_on=starts_on, overall="good")
    InspectionFactory(school=peer_inadequate, inspected_on=dt.date(2021, 3, 1), overall="inadequate")
    InspectionFactory(school=first, inspected_on=dt.date(2027, 3, 1), overall="good")
    InspectionFactory(school=inspected_later, inspected_on=dt.date(2028, 1, 1), overall="good")
    for school in (moved, first_day, first, closed):
        CaseFactory(partnership=partnership_a, school=school, opened_on=dt.date(2026, 10, 1))

    as_at = timezone.make_aware(dt.datetime(2027, 9, 10, 9))
    section = impact_section(partnership_a, 2026, audience="la", as_at=as_at)
    rows = {row[0]: row[1:] for row in section["tables"][0]["rows"]}
    ri, inadequate = (
        "Primary, Requires Improvement (or Satisfactory) at the start",
        "Primary, Inadequate at the start",
    )
    assert rows[f"{ri}: with support"] == ["1", "1", "0", "0", "0", "0"]
    assert rows[f"{ri}: similar schools without support"] == ["2", "0", "0", "0", "0", "2"]
    assert rows[f"{inadequate}: with support"] == ["1", "1", "0", "0", "0", "0"]
    assert rows[f"{inadequate}: similar schools without support"] == ["1", "0", "0", "0", "0", "1"]
    assert rows["With support, not compared"][0] == "1"
    assert "Not inspected at the start" not in str(section)
    assert section["summary"].startswith(
        "3 of the partnership's 6 open state-funded schools had a support case"
    )


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
