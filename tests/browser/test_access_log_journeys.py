"""An LA administrator searches the access log; a headteacher sees who looked at their school's
records; a sensitive export asks why first."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnership.models import AccessLogEntry
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def case_x(partnership_a, school_x, la_officer_a):
    return CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)


def test_an_la_administrator_searches_the_log(page, client_for, la_admin_a, head_x, case_x, school_y):
    # The head opens their school's case, and a refused attempt on the people page is logged too.
    client_for(head_x).get(reverse("support:case", kwargs={"partnership_slug": "pa", "case_id": case_x.pk}))
    client_for(head_x).get(reverse("partnership:people", kwargs={"partnership_slug": "pa"}))

    sign_in(page, la_admin_a)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Data sharing").click()
    page.get_by_role("link", name="Search the access log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access log")
    expect(page.get_by_role("status")).to_contain_text("2 entries")
    assert_accessible(page)

    page.get_by_label("Person (name or email address)").fill("hana")
    page.get_by_label("What they did").select_option(label="Viewed")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 entry match your search")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Hana Head")
    expect(row).to_contain_text(f"Support case {case_x.pk}")
    expect(row).to_contain_text("School X")

    page.get_by_label("School (name or URN)").fill("School Y")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("No entries match your search")

    page.get_by_role("link", name="Clear the search").click()
    page.get_by_label("From").fill("30/02/2026")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The from date must be a real date")
    assert_accessible(page)

    page.get_by_label("From").fill("")
    page.get_by_label("What they did").select_option(label="Refused")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tbody tr")).to_contain_text("Hana Head")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these entries as CSV").click()
    assert download.value.suggested_filename.startswith("pa-access-log-")
    assert AccessLogEntry.objects.filter(user=la_admin_a, action="export").count() == 1


def test_a_headteacher_sees_who_looked_at_their_schools_records(
    page, client_for, la_officer_a, head_x, case_x
):
    client_for(la_officer_a).get(
        reverse("support:case", kwargs={"partnership_slug": "pa", "case_id": case_x.pk})
    )
    sign_in(page, head_x)
    page.goto(f"/p/pa/schools/{case_x.school.urn}/")
    page.get_by_role("link", name="See who has seen this school's confidential records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen this school's records")
    expect(page.locator("tbody tr").filter(has_text="Oscar Officer")).to_contain_text(
        f"Support case {case_x.pk}"
    )
    assert_accessible(page)


def test_the_cases_export_asks_why_first(page, la_officer_a, case_x):
    sign_in(page, la_officer_a)
    page.goto("/p/pa/support/")
    page.get_by_role("link", name="Download as CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download support cases")
    page.get_by_role("button", name="Download the CSV file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you need this export")
    assert_accessible(page)
    page.get_by_label("Why do you need this export?").fill("Termly report to the board")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the CSV file").click()
    assert download.value.suggested_filename.startswith("pa-support-cases-")
    logged = AccessLogEntry.objects.get(action="export")
    assert (logged.user, logged.reason) == (la_officer_a, "Termly report to the board")
