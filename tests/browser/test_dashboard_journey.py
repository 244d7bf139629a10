"""A board member reads the termly dashboard in a real browser; an LA officer drills down and an LA
administrator changes a term's dates."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.terms import academic_year_of, terms_for
from tests.browser.conftest import _new_page, assert_accessible, sign_in, watch_csp
from tests.factories import InspectionFactory, SchoolFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def inspected(partnership_a, school_x, school_y):
    InspectionFactory(school=school_x, inspected_on=dt.date(2020, 3, 1), overall="good")
    InspectionFactory(school=school_y, inspected_on=dt.date(2021, 3, 1), overall="outstanding")
    SchoolFactory(name="School W", la_code="901")  # not inspected
    year = academic_year_of(timezone.localdate())
    return terms_for(partnership_a, year)


def test_board_member_reads_the_termly_dashboard(browser, live_server, board_member_a, inspected):
    context, page = _new_page(browser, live_server)
    violations = watch_csp(page)
    sign_in(page, board_member_a)
    page.goto(f"{live_server.url}/p/pa/")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Termly dashboard")
    assert_accessible(page)

    spring = inspected[1]
    page.get_by_label("Term", exact=True).select_option(spring.key)
    page.get_by_role("button", name="Show this term").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Termly dashboard: Spring term {spring.academic_year + 1}"
    )
    assert f"term={spring.key}" in page.url

    # The inspections chart is an image with a title, and its figures are in the table after it.
    chart = page.get_by_role("img", name="Latest inspection outcome of the partnership's open schools")
    expect(chart).to_be_visible()
    table = page.locator(
        "table", has=page.locator("caption", has_text="Latest inspection outcome of the 3 schools")
    )
    expect(table.get_by_role("row", name="Good 1")).to_be_visible()
    expect(table.get_by_role("row", name="Outstanding 1")).to_be_visible()
    expect(table.get_by_role("row", name="Not inspected 1")).to_be_visible()
    expect(
        page.get_by_text("Of 2 schools with an overall effectiveness grade, 100% were good or outstanding")
    ).to_be_visible()
    expect(page.get_by_text("You see totals for every school the partnership covers")).to_be_visible()
    assert page.get_by_role("link", name="Each school this term").count() == 0
    assert_accessible(page)
    context.close()
    assert not violations, violations


def test_la_officer_drills_down_and_admin_changes_term_dates(
    browser, live_server, la_officer_a, la_admin_a, inspected
):
    context, page = _new_page(browser, live_server)
    sign_in(page, la_officer_a)
    page.goto(f"{live_server.url}/p/pa/dashboard/")
    page.get_by_role("link", name="Each school this term").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Each school")
    page.get_by_label("Sort by").select_option("outcome")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row").nth(1)).to_contain_text("School X")
    assert_accessible(page)
    context.close()

    context, page = _new_page(browser, live_server)
    sign_in(page, la_admin_a)
    page.goto(f"{live_server.url}/p/pa/terms/")
    assert_accessible(page)
    autumn = inspected[0]
    page.get_by_role("link", name="Change the dates of the autumn term").first.click()
    page.get_by_label("Last day of the term").fill(f"01/01/{autumn.academic_year}")
    page.get_by_label("Why are the dates changing?").fill("The LA published its dates")
    page.get_by_role("button", name="Save the dates").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Last day of the term").fill(f"18/12/{autumn.academic_year}")
    page.get_by_role("button", name="Save the dates").click()
    expect(page.get_by_text("The LA published its dates")).to_be_visible()
    context.close()
