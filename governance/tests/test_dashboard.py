"""The termly dashboard, its school-by-school drill-down for the LA, and the term dates page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Term
from governance.terms import academic_year_of, term_on, terms_for
from partnership.models import AccessLogEntry, DataCategory
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    InspectionFactory,
    NeedsFlagFactory,
    ReviewFactory,
    SchoolFactory,
    consent_in_force,
    published_agreement,
)
from tests.helpers import text_of


def url(name, **query):
    base = reverse(f"governance:{name}", args=["pa"])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def casework(partnership_a, school_x, school_y, la_officer_a):
    """X consents to share its casework with the board; Y does not. Both have an open case."""
    agreement = published_agreement(partnership_a)
    consent_in_force(agreement, school_x, categories=[DataCategory.SUPPORT, DataCategory.NEEDS])
    today = timezone.localdate()
    for school in (school_x, school_y):
        InspectionFactory(school=school, inspected_on=dt.date(2020, 1, 1), overall="requires_improvement")
        NeedsFlagFactory(partnership=partnership_a, school=school)
        case = CaseFactory(
            partnership=partnership_a,
            school=school,
            lead_officer=la_officer_a,
            opened_on=today,
            status="escalated",
        )
        AgreementFactory(case=case, status="agreed", agreed_at=timezone.now())
    return agreement


def test_board_member_sees_totals_of_every_school_with_small_cells_hidden(
    casework, board_member_a, client_for
):
    response = client_for(board_member_a).get(url("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You see totals for every school the partnership covers" in page
    # Two schools, one consenting: both are counted, and two is a small cell.
    text = text_of(response)
    assert "Fewer than 5 schools of the partnership's 2 open state-funded schools were flagged" in text
    assert "1 of the 2 schools (50%) consents to share their support casework" in text
    assert page.count('id="about"') == 1
    assert "School X" not in page and "School Y" not in page
    assert reverse("governance:dashboard-schools", args=["pa"]) not in page
    assert 'role="img"' in page and '<title id="chart-inspections-title">' in page
    assert "style=" not in page


def test_la_officer_sees_every_figure_with_links_to_the_schools_behind_them(
    casework, la_officer_a, client_for
):
    page = client_for(la_officer_a).get(url("dashboard")).content.decode()
    assert (
        "2 of the partnership&#x27;s 2 open state-funded schools were flagged as possibly needing support"
        in page
    )
    assert "Fewer than" not in page
    assert reverse("governance:dashboard-schools", args=["pa"]) in page
    assert reverse("schools:needs", args=["pa"]) in page
    assert reverse("support:cases", args=["pa"]) + "?status=escalated" in page


@pytest.mark.parametrize("persona", ["head_x", "governor_x", "la_officer_b"])
def test_dashboard_is_not_found_for_anyone_else(persona, personas, client_for):
    assert client_for(personas[persona]).get(url("dashboard")).status_code == 404
    assert client_for(personas[persona]).get(url("dashboard-schools")).status_code == 404


def test_partner_organisation_cannot_see_the_dashboard(partnership_a, client_for):
    from partnership.models import Role
    from tests.factories import RoleFactory, UserFactory

    partner = UserFactory()
    RoleFactory(user=partner, partnership=partnership_a, role=Role.PARTNER)
    assert client_for(partner).get(url("dashboard")).status_code == 404


def test_board_member_cannot_drill_down(board_member_a, client_for):
    assert client_for(board_member_a).get(url("dashboard-schools")).status_code == 404


def test_term_chooser_lists_the_terms_and_shows_the_chosen_one(partnership_a, board_member_a, client_for):
    year = academic_year_of(timezone.localdate())
    response = client_for(board_member_a).get(url("dashboard", term=f"{year - 1}-spring"))
    assert response.status_code == 404  # last year's terms have not been made: nothing to choose
    terms_for(partnership_a, year - 1)
    response = client_for(board_member_a).get(url("dashboard", term=f"{year - 1}-spring"))
    assert response.status_code == 200
    assert f"Termly dashboard: Spring term {year}" in response.content.decode()
    keys = set(Term.objects.filter(partnership=partnership_a).values_list("academic_year", "kind"))
    assert {(year, "autumn"), (year + 1, "summer")} <= keys
    assert client_for(board_member_a).get(url("dashboard", term="nonsense")).status_code == 404


def test_default_term_is_the_current_one(partnership_a, la_officer_a, client_for):
    current = term_on(partnership_a, timezone.localdate())
    page = client_for(la_officer_a).get(url("dashboard")).content.decode()
    assert f'<option value="{current.key}" selected>' in page


def _schools(partnership, n, officer, agreement=None):
    for _ in range(n):
        school = SchoolFactory(la_code="901")
        if agreement is not None:
            consent_in_force(agreement, school)
        InspectionFactory(school=school, overall="good")
        NeedsFlagFactory(partnership=partnership, school=school)
        case = CaseFactory(partnership=partnership, school=school, lead_officer=officer)
        ReviewFactory(agreement=AgreementFactory(case=case), due_on=dt.date(2020, 1, 1))


@pytest.mark.parametrize("persona", ["board_member_a", "la_officer_a"])
def test_dashboard_query_count_is_pinned_and_does_not_grow(
    persona, personas, partnership_a, client_for, django_assert_num_queries
):
    client = client_for(personas[persona])
    client.get(url("dashboard"))  # makes the terms
    agreement = published_agreement(partnership_a)
    # 35: the inclusion partnerships section asks once whether there are any (there are none here),
    # the published figures for the LA, its region and England are read once (decision 0034), and the
    # schools the partnership covers are counted once, with how many consent to what, and the
    # schools with objectives rated once, and the last terms and the cases opened and closed in
    # each, two, and the outcomes of the schools inspected in the last terms, one (for the inspection
    # outcomes by term). Both audiences count the same schools.
    expected = 35
    for n in (5, 45):
        _schools(partnership_a, n, personas["la_officer_a"], agreement)
        with django_assert_num_queries(expected):
            assert client.get(url("dashboard")).status_code == 200


def test_drill_down_lists_each_school_and_is_logged(casework, la_officer_a, school_x, school_y, client_for):
    response = client_for(la_officer_a).get(url("dashboard-schools", sort="case"))
    assert response.status_code == 200
    rows = list(response.context["rows"])
    assert [row["school"].pk for row in rows] == [school_x.pk, school_y.pk]
    assert rows[0]["outcome"] == "Requires Improvement" and rows[0]["case_status"] == "Escalated"
    assert rows[0]["school"].open_flags == 1
    entry = AccessLogEntry.objects.get(user=la_officer_a, record_type="support_cases")
    assert entry.description.startswith("Termly dashboard, each school:")


def test_drill_down_query_count_is_pinned_and_does_not_grow(
    partnership_a, la_officer_a, client_for, django_assert_num_queries
):
    client = client_for(la_officer_a)
    client.get(url("dashboard-schools"))
    for n in (5, 45):
        _schools(partnership_a, n, la_officer_a)
        with django_assert_num_queries(11):
            response = client.get(url("dashboard-schools", sort="flags"))
        assert response.status_code == 200


def test_drill_down_bad_sort_and_page_do_not_fail(la_officer_a, client_for):
    assert client_for(la_officer_a).get(url("dashboard-schools", sort="drop", page="zz")).status_code == 200


# --- Term dates ---------------------------------------------------------------------------------


@pytest.fixture
def autumn(partnership_a):
    year = academic_year_of(timezone.localdate())
    return terms_for(partnership_a, year)[0]


def test_term_dates_page_lists_this_and_next_year(autumn, la_officer_a, client_for):
    response = client_for(la_officer_a).get(url("term-dates"))
    assert response.status_code == 200
    page = response.content.decode()
    year = autumn.academic_year
    assert f"Academic year {year} to {year + 1}" in page and f"Academic year {year + 1} to {year + 2}" in page
    assert "Change" not in page.split("<h2")[0] or "term-date" not in page  # officers read only
    assert reverse("governance:term-date-edit", args=["pa", autumn.pk]) not in page


@pytest.mark.parametrize("persona", ["board_member_a", "head_x", "la_officer_b"])
def test_term_dates_are_not_found_outside_the_la(persona, personas, client_for):
    assert client_for(personas[persona]).get(url("term-dates")).status_code == 404


def test_la_officer_may_not_change_term_dates(autumn, la_officer_a, client_for):
    edit = reverse("governance:term-date-edit", args=["pa", autumn.pk])
    assert client_for(la_officer_a).get(edit).status_code == 403


def _post(client, term, starts, ends, reason="The LA published its dates"):
    return client.post(
        reverse("governance:term-date-edit", args=["pa", term.pk]),
        {"starts_on": starts, "ends_on": ends, "reason": reason},
    )


def test_la_admin_changes_term_dates_with_a_reason_and_history(autumn, la_admin_a, client_for):
    client = client_for(la_admin_a)
    year = autumn.academic_year
    response = _post(client, autumn, f"03/09/{year}", f"19/12/{year}")
    assert response.status_code == 302
    autumn.refresh_from_db()
    assert autumn.starts_on == dt.date(year, 9, 3) and autumn.ends_on == dt.date(year, 12, 19)
    assert autumn.history.first().history_change_reason == "The LA published its dates"
    page = client.get(url("term-dates")).content.decode()
    assert "Alice Admin: The LA published its dates" in page


@pytest.mark.parametrize(
    "starts,ends,message",
    [
        ("19/12/{y}", "03/09/{y}", "The term must end after it starts"),
        ("20/08/{y}", "19/12/{y}", "The term must start on or after 1 September {y}"),
        ("03/09/{y}", "10/01/{y1}", "The term must end before the spring term {y1} starts on"),
        ("31/02/{y}", "19/12/{y}", "First day of the term must be a real date"),
        ("", "19/12/{y}", "Enter the first day of the term"),
    ],
)
def test_term_dates_are_validated(autumn, la_admin_a, client_for, starts, ends, message):
    y, y1 = autumn.academic_year, autumn.academic_year + 1
    response = _post(client_for(la_admin_a), autumn, starts.format(y=y, y1=y1), ends.format(y=y, y1=y1))
    assert response.status_code == 200
    assert message.format(y=y, y1=y1) in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_summer_term_must_not_run_into_next_year(partnership_a, la_admin_a, client_for):
    year = academic_year_of(timezone.localdate())
    summer = terms_for(partnership_a, year)[2]
    response = _post(
        client_for(la_admin_a), summer, summer.starts_on.strftime("%d/%m/%Y"), f"05/09/{year + 1}"
    )
    assert f"The term must end on or before 31 August {year + 1}" in response.content.decode()


def test_term_dates_change_needs_a_reason(autumn, la_admin_a, client_for):
    response = _post(
        client_for(la_admin_a), autumn, autumn.starts_on.strftime("%d/%m/%Y"), "19/12/2099", reason=""
    )
    assert "Enter why the dates are changing" in response.content.decode()
