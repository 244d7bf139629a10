"""Last term's figures read the same after this term's changes (issue 17, item 6): case status,
system leaders' capacity, the latest results and needs flags are all counted as at the term's last
day, from the records' history and the results' publication, not as they are today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from schools.models import KeyStage4Result
from schools.selectors.figures import latest_results_year
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    InspectionFactory,
    KS2Factory,
    NeedsFlagFactory,
    ReviewFactory,
    SchoolFactory,
    SystemLeaderFactory,
)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _recorded_on(record, day: dt.date) -> None:
    """Date a record's latest history entry to `day`, as if the change had been made then."""
    latest = record.history.order_by("-history_date", "-history_id").first()
    record.history.filter(history_id=latest.history_id).update(history_date=_at(day))


def _save(record, reason: str) -> None:
    record._change_reason = reason
    record.save()


@pytest.fixture
def last_term(partnership_a, la_officer_a, settings):
    """Summer term 2026 as it stood at its end: five schools, four flagged in May (one flag dismissed
    in June), two cases in delivery, a system leader with 4 of 10 days committed, KS2 and KS4 results
    for 2024 to 2025."""
    settings.SMALL_CELL_MIN_SCHOOLS = 2
    summer = next(t for t in terms_for(partnership_a, 2025) if t.kind == "summer")
    schools = [SchoolFactory(name=f"School {n}", la_code="901") for n in range(1, 6)]
    for school, grade in zip(
        schools, ["good", "good", "requires_improvement", "inadequate", "good"], strict=True
    ):
        InspectionFactory(school=school, inspected_on=dt.date(2022, 3, 1), overall=grade)
    may, june = dt.date(2026, 5, 1), dt.date(2026, 6, 1)
    flags = []
    for school in schools[:4]:
        flag = NeedsFlagFactory(
            partnership=partnership_a, school=school, kind="ks2_below_la", raised_at=_at(may)
        )
        _recorded_on(flag, may)
        flags.append(flag)
    flags[3].status, flags[3].dismissed_at = "dismissed", _at(june)
    _save(flags[3], "Dismissed: known cause")
    _recorded_on(flags[3], june)
    cases = [
        CaseFactory(
            partnership=partnership_a,
            school=school,
            lead_officer=la_officer_a,
            opened_on=may,
            status="in_delivery",
        )
        for school in schools[:2]
    ]
    for case in cases:
        _recorded_on(case, may)
    review = ReviewFactory(agreement=AgreementFactory(case=cases[0]), due_on=june)
    leader = SystemLeaderFactory(
        partnership=partnership_a, designation="sle", capacity_days=10, committed_days=4
    )
    _recorded_on(leader, may)
    for school, (before, after) in zip(schools[:2], [(50, 60), (70, 80)], strict=True):
        KS2Factory(school=school, academic_year=2024, pupils=30, rwm_expected_pct=before)
        KS2Factory(school=school, academic_year=2025, pupils=30, rwm_expected_pct=after)
    KeyStage4Result.objects.create(
        school=schools[4], academic_year=2025, pupils=100, progress8=-0.2, attainment8=45
    )
    return {
        "term": summer,
        "schools": schools,
        "flags": flags,
        "case": cases[0],
        "leader": leader,
        "review": review,
    }


def _this_terms_changes(partnership, officer, last_term) -> None:
    """What happens after the summer term, recorded today: flags raised, dismissed and cleared, the
    leader's days committed and a new leader, this year's results, a case closed, another opened, a
    school inspected, a review held late."""
    schools, flags = last_term["schools"], last_term["flags"]
    NeedsFlagFactory(partnership=partnership, school=schools[4], kind="ks2_below_la")
    flags[0].status, flags[0].dismissed_at = "dismissed", timezone.now()
    _save(flags[0], "Dismissed: support under way")
    flags[1].status = "cleared"
    _save(flags[1], "Evidence refreshed")
    flags[3].status, flags[3].dismissed_at = "open", None  # reopened on new evidence
    _save(flags[3], "Evidence refreshed")
    leader = last_term["leader"]
    leader.committed_days, leader.capacity_days = 10, 12
    _save(leader, "Autumn commitments")
    SystemLeaderFactory(partnership=partnership, designation="nle", capacity_days=20, committed_days=15)
    for school in schools[:2]:
        KS2Factory(school=school, academic_year=2026, pupils=30, rwm_expected_pct=20)
    KeyStage4Result.objects.create(
        school=schools[4], academic_year=2026, pupils=100, progress8=1.5, attainment8=70
    )
    case = last_term["case"]
    case.status, case.closed_on, case.closure = "closed", timezone.localdate(), "completed"
    _save(case, "Support completed")
    CaseFactory(
        partnership=partnership, school=schools[2], lead_officer=officer, opened_on=timezone.localdate()
    )
    InspectionFactory(school=schools[3], inspected_on=timezone.localdate(), overall="good")
    # A school closes and another opens: last term still covered the one and not the other.
    schools[4].status, schools[4].close_date = "Closed", timezone.localdate()
    schools[4].save()
    SchoolFactory(name="New free school", la_code="901", status="Open", open_date=timezone.localdate())


def _sections(snapshot: dict) -> dict:
    return {sec["key"]: sec for sec in snapshot["sections"]}


def _rows(section: dict, index: int = 0) -> dict:
    return {row[0]: row[1:] for row in section["tables"][index]["rows"]}


@pytest.mark.parametrize("audience", ["la", "board"])
def test_last_terms_dashboard_reads_the_same_after_this_terms_changes(
    partnership_a, la_officer_a, last_term, audience
):
    term = last_term["term"]
    as_at = timezone.now()
    before = build_snapshot(partnership_a, term=term, audience=audience, as_at=as_at)
    figures = _sections(before)
    # The figures are last term's, not empty: three schools flagged (the fourth flag was dismissed
    # in June), the cases in delivery, 4 of 10 days committed, the 2024 to 2025 results.
    assert _rows(figures["needs"])["Flagged"] == ["3"]
    assert _rows(figures["support"])["In delivery"] == ["2"]
    assert _rows(figures["capacity"])["All system leaders"] == ["1", "10.0", "4.0", "40%"]
    if audience == "la":
        assert _rows(figures["reviews"], 1)["Overdue"] == ["1"]
    assert figures["outcomes"]["tables"][0]["caption"].startswith(
        f"KS2 Reading, writing and maths at the expected standard, 2024 to 2025, the latest published by "
        f"{term.ends_on.day} {term.ends_on:%B %Y}"
    )
    assert _rows(figures["outcomes"], 0)["Partnership (all its schools)"] == ["70.0%", "2"]
    assert _rows(figures["outcomes"], 1)["Partnership (all its schools)"] == ["-0.20", "1"]

    _this_terms_changes(partnership_a, la_officer_a, last_term)

    after = build_snapshot(partnership_a, term=term, audience=audience, as_at=as_at)
    for key, section in _sections(after).items():
        assert section == figures[key], key
    assert after["about"] == before["about"]
    assert after["covered_schools"] == before["covered_schools"] == 5
    # Today's figures do see the changes.
    today = build_snapshot(partnership_a, academic_year=2026, audience="la")
    assert _rows(_sections(today)["capacity"])["All system leaders"][:3] == ["2", "32.0", "25.0"]


def test_results_count_from_their_publication_not_their_import():
    assert latest_results_year(2, dt.date(2026, 7, 22)) == 2025
    assert latest_results_year(4, dt.date(2026, 7, 22)) == 2025
    assert latest_results_year(4, dt.date(2026, 10, 1)) == 2026
    assert latest_results_year(2, dt.date(2026, 11, 30)) == 2025
    assert latest_results_year(2, dt.date(2026, 12, 18)) == 2026


def test_a_flag_is_counted_by_its_status_at_the_end_of_the_term(partnership_a, last_term):
    """Dismissed in June: not counted at the end of the summer term, though it is open again now."""
    flags = last_term["flags"]
    flags[3].status = "open"
    _save(flags[3], "Evidence refreshed")
    snapshot = build_snapshot(partnership_a, term=last_term["term"], audience="la")
    assert _rows(_sections(snapshot)["needs"])["Flagged"] == ["3"]
    current = next(t for t in terms_for(partnership_a, 2026) if t.kind == "autumn")
    snapshot = build_snapshot(partnership_a, term=current, audience="la")
    assert _rows(_sections(snapshot)["needs"])["Flagged"] == ["4"]


def test_last_terms_school_by_school_table_reads_the_same_too(
    partnership_a, la_officer_a, last_term, client_for
):
    """The LA's drill-down counts each school's open flags and shows its case's status as they
    stood at the end of the term, as the figures do."""
    from .test_dashboard import url

    client = client_for(la_officer_a)

    def rows():
        response = client.get(url("dashboard-schools", term=last_term["term"].key))
        assert response.status_code == 200
        return [
            (row["school"].name, row["outcome"], row["case_status"], row["school"].open_flags)
            for row in response.context["rows"]
        ]

    before = rows()
    assert before[:4] == [
        ("School 1", "Good", "In delivery", 1),
        ("School 2", "Good", "In delivery", 1),
        ("School 3", "Requires Improvement", "", 1),
        ("School 4", "Inadequate", "", 0),
    ]
    _this_terms_changes(partnership_a, la_officer_a, last_term)
    assert rows() == before
