"""The snapshot's figures on known data, for the board and the LA."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import CaseStudy
from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from partnership.models import DataCategory
from schools.importers.benchmarks import lait_dictionary_read, lait_read
from schools.models import KeyStage4Result
from schools.services.benchmarks import benchmarks_load, measures_load
from support.models import Objective, ObjectiveRating
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    InspectionFactory,
    KS2Factory,
    MembershipFactory,
    NeedsFlagFactory,
    NetworkFactory,
    PriorityFactory,
    ReviewFactory,
    SchoolFactory,
    SystemLeaderFactory,
    consent_in_force,
    published_agreement,
)

AS_AT = timezone.make_aware(dt.datetime(2026, 12, 15, 12, 0))


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@pytest.fixture
def known(partnership_a, la_officer_a, settings):
    """Six open schools in partnership A's LA with a term of activity; see each test for the sums."""
    settings.SMALL_CELL_MIN_SCHOOLS = 2
    p = partnership_a
    s = {n: SchoolFactory(name=f"School {n}", la_code="901") for n in range(1, 7)}
    s[6].phase = "Secondary"
    s[6].save()
    SchoolFactory(name="Closed school", la_code="901", status="Closed")
    SchoolFactory(name="Elsewhere", la_code="902")

    InspectionFactory(school=s[1], inspected_on=dt.date(2020, 1, 1), overall="good")
    InspectionFactory(school=s[2], inspected_on=dt.date(2019, 1, 1), overall="requires_improvement")
    InspectionFactory(school=s[2], inspected_on=dt.date(2026, 10, 1), overall="outstanding")
    InspectionFactory(school=s[3], inspected_on=dt.date(2018, 1, 1), overall="good")
    InspectionFactory(school=s[3], inspected_on=dt.date(2026, 11, 1), framework="report_card", overall="")
    InspectionFactory(school=s[4], inspected_on=dt.date(2021, 1, 1), overall="inadequate")
    InspectionFactory(school=s[5], inspected_on=dt.date(2026, 12, 20), overall="good")  # after the cut

    agreement = published_agreement(p)
    for n in (1, 2, 4):
        consent_in_force(agreement, s[n])
    consent_in_force(agreement, s[3], categories=[DataCategory.NEEDS])

    raised = at(dt.date(2026, 9, 5))
    NeedsFlagFactory(partnership=p, school=s[1], kind="inspection_below_good", raised_at=raised)
    NeedsFlagFactory(partnership=p, school=s[1], kind="ks2_below_la", raised_at=raised)
    NeedsFlagFactory(partnership=p, school=s[2], kind="ks2_below_la", raised_at=raised)
    NeedsFlagFactory(partnership=p, school=s[3], kind="report_card_concern", raised_at=raised)
    NeedsFlagFactory(partnership=p, school=s[5], kind="ks2_below_la", raised_at=raised)
    NeedsFlagFactory(partnership=p, school=s[6], kind="ks2_below_la", status="dismissed", raised_at=raised)

    reading, maths = (
        PriorityFactory(partnership=p, title="Reading"),
        PriorityFactory(partnership=p, title="Maths"),
    )

    def case(n, opened, status, closed=None, priorities=()):
        c = CaseFactory(
            partnership=p,
            school=s[n],
            lead_officer=la_officer_a,
            opened_on=opened,
            status=status,
            closed_on=closed,
        )
        c.priorities.set(priorities)
        return c

    c1 = case(1, dt.date(2026, 9, 10), "in_delivery", priorities=[reading])
    c2 = case(2, dt.date(2026, 9, 1), "closed", dt.date(2026, 11, 20))
    case(3, dt.date(2026, 10, 1), "identified", priorities=[reading, maths])
    c5 = case(5, dt.date(2026, 9, 1), "support_agreed")
    case(4, dt.date(2026, 1, 1), "closed", dt.date(2026, 6, 1))  # closed before the term
    c6 = case(6, dt.date(2026, 9, 1), "closed", dt.date(2026, 12, 1))

    a1 = AgreementFactory(
        case=c1, provider_type="system_leader", funding="partnership_budget", cost=1000, days=5,
        status="agreed", agreed_at=at(dt.date(2026, 9, 20)),
    )  # fmt: skip
    AgreementFactory(
        case=c2, provider_type="school", funding="grant", cost=500, days=2,
        status="agreed", agreed_at=at(dt.date(2026, 9, 5)),
    )  # fmt: skip
    a5 = AgreementFactory(
        case=c5, provider_type="external", funding="partnership_budget", cost=2500, days=4,
        status="agreed", agreed_at=at(dt.date(2026, 10, 1)),
    )  # fmt: skip
    AgreementFactory(case=c6, status="draft")  # never agreed: no time to agreed support

    def rate(agreement, held, ratings):
        review = ReviewFactory(agreement=agreement, due_on=held, held_on=held, status="rated")
        for rating in ratings:
            objective = Objective.objects.create(
                agreement=agreement,
                description="Reading",
                outcome_measure="70%",
                target_date=dt.date(2027, 7, 1),
            )
            ObjectiveRating.objects.create(review=review, objective=objective, rating=rating)

    rate(a1, dt.date(2026, 11, 1), ["on_track", "at_risk"])
    rate(a5, dt.date(2026, 11, 15), ["off_track"])
    ReviewFactory(agreement=a1, due_on=dt.date(2026, 12, 1))  # overdue at 15 December

    SystemLeaderFactory(partnership=p, designation="sle", capacity_days=10, committed_days=4)
    SystemLeaderFactory(partnership=p, designation="nle", capacity_days=20, committed_days=5)
    SystemLeaderFactory(partnership=p, designation="nle", capacity_days=50, committed_days=0, is_active=False)

    KS2Factory(school=s[1], academic_year=2025, pupils=30, rwm_expected_pct=60)
    KS2Factory(school=s[2], academic_year=2025, pupils=10, rwm_expected_pct=80)
    KS2Factory(school=s[1], academic_year=2024, pupils=30, rwm_expected_pct=50)
    KS2Factory(school=SchoolFactory(la_code="902"), academic_year=2025, pupils=500, rwm_expected_pct=10)
    KeyStage4Result.objects.create(
        school=s[4], academic_year=2025, pupils=100, progress8=-0.2, attainment8=45
    )
    KeyStage4Result.objects.create(school=s[6], academic_year=2025, pupils=100, progress8=0.4, attainment8=50)

    n1, n2 = (
        NetworkFactory(partnership=p, name="North triad"),
        NetworkFactory(partnership=p, name="South triad"),
    )
    MembershipFactory(network=n1, school=s[1], joined_on=dt.date(2025, 1, 1))
    MembershipFactory(network=n1, school=s[2], joined_on=dt.date(2025, 1, 1))
    MembershipFactory(network=n1, school=s[4], joined_on=dt.date(2025, 1, 1), left_on=dt.date(2026, 10, 1))
    MembershipFactory(network=n2, school=s[3], joined_on=dt.date(2025, 1, 1))
    MembershipFactory(network=n2, school=s[5], joined_on=dt.date(2025, 1, 1))

    CaseStudy.objects.create(
        partnership=p, case=c2, summary="Reading rose.", school_agreed_to_be_named=True, added_by=la_officer_a
    )
    CaseStudy.objects.create(
        partnership=p, case=c6, summary="Maths rose.", school_agreed_to_be_named=True, added_by=la_officer_a
    )
    term = terms_for(p, 2026)[0]
    return {"partnership": p, "term": term, "schools": s}


def snap(known, audience):
    return build_snapshot(known["partnership"], term=known["term"], audience=audience, as_at=AS_AT)


def section(snapshot, key):
    return next(s for s in snapshot["sections"] if s["key"] == key)


def table(sec, index=0):
    return {row[0]: row[1:] for row in sec["tables"][index]["rows"]}


def test_period_and_shape(known):
    s = snap(known, "la")
    assert s["period"] == {
        "kind": "termly",
        "key": "2026-autumn",
        "label": "Autumn term 2026",
        "starts_on": "2026-09-01",
        "ends_on": "2027-01-03",
        "previous_label": "Summer term 2026",
    }
    assert s["school_count"] == 6
    assert [sec["key"] for sec in s["sections"]] == [
        "inspections",
        "needs",
        "support",
        "reviews",
        "capacity",
        "outcomes",
        "disadvantaged_gap",
        "networks",
    ]
    assert json.loads(json.dumps(s)) == s
    assert [src["name"] for src in s["sources"]][-1] == "The partnership's own casework records"
    assert all(src["licence"] == "Open Government Licence v3.0" for src in s["sources"][:3])


def test_inspections_count_latest_outcomes_and_change_since_last_term(known):
    for audience in ("la", "board"):  # public data: the same for both
        sec = section(snap(known, audience), "inspections")
        rows = table(sec)
        assert rows["Outstanding"] == ["1", "+1"]
        assert rows["Good"] == ["1", "-1"]
        assert rows["Requires Improvement"] == ["0", "-1"]
        assert rows["Inadequate"] == ["1", "0"]
        assert "Satisfactory" not in rows
        assert rows["Report card (no overall grade)"] == ["1", "+1"]
        assert rows["Not inspected"] == ["2", "0"]
        assert rows["Good or outstanding (% of schools with an overall grade)"] == ["67%", "+17"]
        assert sec["summary"].startswith(
            "Of 3 schools with an overall effectiveness grade, 67% were good or outstanding at "
            "15 December 2026, up 17 points on the end of the summer term 2026."
        )
        moves = sec["tables"][1]["rows"]
        assert ["Requires Improvement", "Outstanding", "1"] in moves
        assert ["Good", "Report card", "1"] in moves
        assert sec["chart"]["values"] == [1, 1, 0, 1, 1, 2]


def test_needs_for_the_la_and_for_the_board(known):
    la = section(snap(known, "la"), "needs")
    assert table(la)["Flagged"] == ["4"]
    assert table(la)["Flagged, with an open support case"] == ["3"]
    assert la["summary"] == (
        "4 of the partnership's 6 open state-funded schools were flagged as possibly needing support at "
        "15 December 2026, and 3 of them had an open support case."
    )
    assert table(la, 1) == {
        "KS2 reading, writing and maths at the expected standard well below the LA average": ["3"],
        "Latest inspection judged Requires Improvement or Inadequate": ["1"],
        "Latest report card grades an area needs attention or urgent improvement": ["1"],
    }
    board = section(snap(known, "board"), "needs")
    # Every school is counted, whatever it consented to: the board's total is the LA's. One flagged
    # school has no open case, so that row is hidden, and the row beside it too: the total less it
    # would give it back.
    assert table(board) == {
        "Flagged": ["4"],
        "Flagged, with an open support case": ["Not shown"],
        "Flagged, without an open support case": ["Fewer than 2 schools"],
    }
    assert board["summary"].startswith(
        "4 of the partnership's 6 open state-funded schools were flagged as possibly needing support at "
        "15 December 2026."
    )
    assert "consent" not in board["summary"]
    assert board["chart"] is None


def test_support_for_the_la(known):
    sec = section(snap(known, "la"), "support")
    assert table(sec) == {
        "Identified": ["1"],
        "Support agreed": ["1"],
        "In delivery": ["1"],
        "Closed: support completed": ["2"],
        "All cases active in the period": ["5"],
    }
    assert table(sec, 1) == {"Reading": ["2"], "No priority recorded": ["3"], "Maths": ["1"]}
    assert table(sec, 2) == {
        "A system leader": ["1", "5"],
        "A school": ["1", "2"],
        "An external agency": ["1", "4"],
    }
    assert table(sec, 3) == {"The LA's partnership budget": ["2", "£3,500"], "A grant": ["1", "£500"]}
    assert table(sec, 4) == {
        "Cases with support agreed in the period": ["3"],
        "Median days from identification to agreed support": ["10"],
        "90th percentile of days": ["30"],
    }
    assert sec["summary"].startswith(
        "5 support cases were active in the period, at 5 schools (the partnership covers 6 open state-funded schools)."
    )
    assert "median of 10 days (90% within 30 days)" in sec["summary"]


def test_support_for_the_board_counts_every_school_and_hides_small_cells(known):
    sec = section(snap(known, "board"), "support")
    # Three statuses rest on one school each; the fourth is hidden too, or the total would give
    # their sum... and with it nothing, but the total less the fourth would give it back.
    assert table(sec) == {
        "Identified": ["Fewer than 2 schools"],
        "Support agreed": ["Fewer than 2 schools"],
        "In delivery": ["Fewer than 2 schools"],
        "Closed: support completed": ["Not shown"],
        "All cases active in the period": ["5"],
    }
    assert table(sec, 3) == {
        "The LA's partnership budget": ["Not shown", "Not shown"],
        "A grant": ["Fewer than 2 schools", "Fewer than 2 schools"],
    }
    assert table(sec, 4)["Median days from identification to agreed support"] == ["10"]
    assert sec["summary"].startswith(
        "5 support cases were active in the period, at 5 schools (the partnership covers 6 open state-funded schools)."
    )
    assert sec["chart"] is None or sec["chart"]["values"] == []
    rendered = json.dumps(snap(known, "board"))
    for n in (3, 5, 6):
        assert f"School {n}" not in rendered


def test_reviews(known):
    la = section(snap(known, "la"), "reviews")
    assert table(la) == {"On track": ["1"], "At risk": ["1"], "Off track": ["1"], "All ratings": ["3"]}
    assert table(la, 1) == {"Overdue": ["1"]}
    assert la["summary"] == (
        "Of 3 objective ratings at progress reviews in the period, 1 on track, 1 at risk, 1 off track. "
        "Reviews overdue at 15 December 2026: 1."
    )
    board = section(snap(known, "board"), "reviews")
    # Two schools had objectives rated (school 1 twice): the total rests on two, each rating on one.
    assert table(board) == {
        "On track": ["Fewer than 2 schools"],
        "At risk": ["Fewer than 2 schools"],
        "Off track": ["Fewer than 2 schools"],
        "All ratings": ["3"],
    }
    assert board["summary"].startswith(
        "3 objective ratings were given at progress reviews in the period, at 2 schools;"
    )


def test_capacity_outcomes_gap_networks_and_case_studies(known):
    s = snap(known, "board")
    capacity = section(s, "capacity")
    assert table(capacity)["All system leaders"] == ["2", "30.0", "9.0", "30%"]
    assert capacity["summary"] == (
        "At 15 December 2026, 2 system leaders available for support had 30.0 days of capacity for the "
        "autumn term 2026, of which 9.0 days (30%) were committed."
    )
    outcomes = section(s, "outcomes")
    assert table(outcomes, 0)["Partnership (all its schools)"] == ["65.0%", "2"]
    assert table(outcomes, 0)["England"] == ["Not held", ""]
    assert table(outcomes, 1)["Partnership (all its schools)"] == ["0.10", "2"]
    assert table(outcomes, 2)["Aford LA"] == ["47.5", "2"]
    assert (
        "KS2 2024 to 2025: reading, writing and maths at the expected standard 65.0%" in outcomes["summary"]
    )
    assert "National averages are not held" in outcomes["summary"]
    gap = section(s, "disadvantaged_gap")
    assert gap["tables"] == [] and gap["chart"] is None
    assert gap["summary"].startswith(
        "The performance-table files loaded so far hold no data on disadvantaged"
    )
    networks = section(s, "networks")
    # North's one open case is hidden, and South's too: the networks' open cases add up to the open
    # cases by status, which would give North's back.
    assert table(networks) == {
        "North triad": ["2", "100%", "Fewer than 2 schools"],
        "South triad": ["2", "No figure", "Not shown"],
    }
    assert table(section(snap(known, "la"), "networks"))["South triad"] == ["2", "No figure", "2"]
    # School 2 agreed and consents to share casework; school 6 agreed but has no consent in force.
    assert s["case_studies"] == [
        {"title": "School 2", "summary": "Reading rose."},
        {"title": "A secondary school", "summary": "Maths rose."},
    ]


def test_about_these_figures_says_the_base_the_consent_and_the_suppression_once(known):
    board, la = snap(known, "board"), snap(known, "la")
    # Schools 1, 2 and 4 consent to share casework and needs flags; school 3 its needs flags only.
    assert board["consent"] == la["consent"] == {"covered": 6, "support": 3, "needs": 4}
    about = " ".join(board["about"])
    assert "The partnership covers 6 schools" in about
    assert (
        "3 of the 6 schools (50%) consent to share their support casework, and 4 (67%) their needs flags"
        in about
    )
    assert about.count("Fewer than 2 schools") == 1
    assert "Not shown" in about
    assert "You see every figure exactly" in " ".join(la["about"])
    for sec in board["sections"]:
        assert "consent to the data-sharing agreement" not in sec["summary"], sec["key"]


def test_annual_snapshot_covers_the_year(known):
    s = build_snapshot(known["partnership"], academic_year=2026, audience="la", as_at=AS_AT)
    assert s["period"]["kind"] == "annual"
    assert s["period"]["label"] == "Academic year 2026 to 2027"
    assert s["period"]["previous_label"] == "Academic year 2025 to 2026"
    assert table(section(s, "inspections"))["Outstanding"] == ["1", "+1"]


def test_progress_is_reported_between_sections(known):
    seen = []
    build_snapshot(known["partnership"], term=known["term"], progress=lambda pct, note: seen.append(pct))
    assert seen == sorted(seen) and len(seen) >= 6


def _grow(partnership, n):
    for _ in range(n):
        school = SchoolFactory(la_code="901")
        InspectionFactory(school=school, overall="good")
        NeedsFlagFactory(partnership=partnership, school=school)
        c = CaseFactory(partnership=partnership, school=school, opened_on=dt.date(2026, 9, 2))
        AgreementFactory(case=c, status="agreed", agreed_at=at(dt.date(2026, 9, 20)))


@pytest.mark.parametrize("audience", ["la", "board"])
def test_query_count_does_not_grow_with_schools(partnership_a, audience):
    term = terms_for(partnership_a, 2026)[0]
    build_snapshot(partnership_a, term=term, audience=audience, as_at=AS_AT)  # makes last year's terms
    counts = []
    for n in (5, 45):
        _grow(partnership_a, n)
        partnership_a.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            build_snapshot(partnership_a, term=term, audience=audience, as_at=AS_AT)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # 27: one for the cases opened and closed in each of the last terms, and one for the outcomes of
    # the schools inspected in those terms, which the inspection outcomes by term start from.
    assert counts[0] <= 27


def test_a_hidden_provider_count_hides_its_days_too(known):
    """Every figure in a row rests on the same schools: hiding the count but printing the days would
    still say how much support one school had."""
    sec = section(snap(known, "board"), "support")
    providers = next(
        t for t in sec["tables"] if "Days" in " ".join(t["headers"]) or "days" in " ".join(t["headers"])
    )
    for row in providers["rows"]:
        if row[1].startswith("Fewer than"):
            assert row[2].startswith("Fewer than"), row
    la = section(snap(known, "la"), "support")
    la_providers = next(t for t in la["tables"] if t["caption"] == providers["caption"])
    assert all(not cell.startswith("Fewer than") for row in la_providers["rows"] for cell in row)
    assert any(row[1].startswith("Fewer than") for row in providers["rows"]), "the fixture must exercise it"


# --- Beside the published figures (decision 0034) -------------------------------------------------

LAIT = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n" + "".join(
    f"{code},,{period},{area},{value},{number},{region}\n"
    for code, period, area, value, number, region in [
        ("KS2RWM_Expected_STD", "2025 (prov)", "Aford", "59", "901.0", "East Midlands"),
        ("KS2RWM_Expected_STD", "2025 (Rev)", "Aford", "61", "901.0", "East Midlands"),
        ("KS2RWM_Expected_STD", "2025", "East Midlands", "60", "983.0", "NA"),
        ("KS2RWM_Expected_STD", "2025", "England", "62", "970.0", "NA"),
        ("AVG_Attain8_Score", "2025", "England", "45.9", "970.0", "NA"),
        ("AVG_Attain8_Score", "2025", "Aford", "x", "901.0", "East Midlands"),
        ("DAP_NEW_KS2_RWM", "2025", "Aford", "43", "901.0", "East Midlands"),
        ("NonDAP_NEW_KS2_RWM", "2025", "Aford", "68", "901.0", "East Midlands"),
        ("DAP_NEW_KS2_RWM", "2025", "England", "48", "970.0", "NA"),
        ("NonDAP_NEW_KS2_RWM", "2025", "England", "70", "970.0", "NA"),
        ("DAP_NEW_KS2_RWM", "2024", "Aford", "40", "901.0", "East Midlands"),
    ]
)
DICTIONARY = (
    '"Measure_short","Topic","Measure","Polarity","y_axis_name","Description","Last Update",'
    '"Methodology","Hyperlink(s)","Year_Type"\n'
    '"KS2RWM_Expected_STD","KS2","KS2 RWM","High","%","Expected standard.","45839","","","Academic Year"\n'
    '"AVG_Attain8_Score","KS4","Attainment 8","High","Score","Attainment 8.","45839","","","Academic Year"\n'
    '"DAP_NEW_KS2_RWM","KS2","KS2 RWM disadvantaged","High","%","Dis.","45839","","","Academic Year"\n'
    '"NonDAP_NEW_KS2_RWM","KS2","KS2 RWM others","High","%","Others.","45839","","","Academic Year"\n'
)


def _import(partnership, tmp_path, *, dictionary=True):
    path = tmp_path / "lait.csv"
    path.write_text(LAIT, encoding="utf-8")
    benchmarks_load(actor=None, rows=lait_read(path), reason="test", partnership=partnership)
    if dictionary:
        path = tmp_path / "dictionary.csv"
        path.write_text(DICTIONARY, encoding="utf-8")
        measures_load(actor=None, rows=lait_dictionary_read(path), reason="test")


def test_results_are_set_beside_the_published_figures_for_the_same_year(known, tmp_path):
    _import(known["partnership"], tmp_path)
    snapshot = snap(known, "board")
    outcomes = section(snapshot, "outcomes")
    ks2 = table(outcomes, 0)
    assert ks2["Partnership (all its schools)"] == ["65.0%", "2"]
    # 2025 is 2024 to 2025 for an academic-year measure; the revised figure wins over the provisional.
    assert ks2["Aford (published)"] == ["61%", ""]
    assert ks2["East Midlands (published)"] == ["60%", ""]
    assert ks2["England (published)"] == ["62%", ""]
    assert "England" not in ks2
    a8 = table(outcomes, 2)
    assert a8["England (published)"] == ["45.9", ""] and a8["Aford (published)"] == ["Not published", ""]
    assert table(outcomes, 1)["England"] == ["Not held", ""]  # no Progress 8 published
    assert (
        "Published for KS2 2024 to 2025: East Midlands 60%, England 62%; Aford's own 61%."
        in outcomes["summary"]
    )
    assert "they count every pupil at the area's state-funded schools" in outcomes["summary"]
    assert "National averages are not held" not in outcomes["summary"]
    assert outcomes["chart"]["labels"] == ["Partnership", "East Midlands (published)", "England (published)"]
    names = [source["name"] for source in snapshot["sources"]]
    assert "Published figures for the LA, its region and England" in names
    # The disadvantaged gap as published, for the latest year both figures are held for the LA.
    gap = section(snapshot, "disadvantaged_gap")
    assert table(gap, 0)["Aford"] == ["43%", "68%", "25"]
    assert table(gap, 0)["England"] == ["48%", "70%", "22"]
    assert (
        "As published for KS2 2024 to 2025, the gap in reading, writing and maths at the expected standard "
        "was 25 percentage points in Aford (England 22)." in gap["summary"]
    )


def test_without_the_dictionary_a_one_year_label_is_not_taken_for_an_academic_year(known, tmp_path):
    _import(known["partnership"], tmp_path, dictionary=False)
    outcomes = section(snap(known, "board"), "outcomes")
    assert table(outcomes, 0)["England"] == ["Not held", ""]
    assert "National averages are not held" in outcomes["summary"]


def test_support_opens_with_its_direction_over_the_last_terms(known):
    la = section(snap(known, "la"), "support")
    trend = la["tables"][-1]
    assert trend["caption"] == "Cases opened and closed by term"
    # Case 4 opened in January 2026 (the autumn term 2025, by the typical dates) and closed in June.
    rows = {row[0]: row[1:] for row in trend["rows"]}
    assert rows["Autumn term 2026 (to date)"] == ["5", "2"]
    assert rows["Summer term 2026"] == ["0", "1"]
    assert list(rows)[-1] == "Autumn term 2026 (to date)" and len(rows) == 4
    assert (
        "In the autumn term 2026, 5 cases were opened, up from 0 in the summer term 2026, and 2 closed "
        "(1 the term before)." in la["summary"]
    )
    # For the board the same rows, with small ones hidden, and no sentence built on them.
    board = section(snap(known, "board"), "support")
    board_rows = {row[0]: row[1:] for row in board["tables"][-1]["rows"]}
    assert board_rows["Autumn term 2026 (to date)"] == ["5", "2"]
    assert board_rows["Summer term 2026"] == ["0", "Fewer than 2 schools"]
    assert "were opened, up from" not in board["summary"]
