"""An LA inclusion officer sets this year's allocation for an inclusion partnership and records
what was spent on home base provision, in a real browser, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from inclusion.selectors.funding import current_financial_year, financial_year_label
from inclusion.tests.world import build_world
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_server, partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


def test_an_inclusion_officer_sets_the_allocation_and_records_spending(page, world):
    year = financial_year_label(current_financial_year())
    sign_in(page, world.people["inclusion_officer"])

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Inclusion").click()
    page.get_by_role("link", name="Partnerships and funding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnerships and funding")
    expect(page.get_by_role("row", name="North")).to_contain_text("None set")
    assert_accessible(page)

    page.get_by_role("link", name="North").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North")
    expect(page.get_by_text(f"No allocation for this financial year, {year}, yet.")).to_be_visible()
    assert_accessible(page)

    # This year's allocation: first with a slip in the amount, then right.
    page.get_by_role("link", name="Set an allocation").click()
    expect(page.get_by_label("Financial year")).to_have_value(str(current_financial_year()))
    page.get_by_label("Amount allocated, in pounds (£)").fill("150,000 pounds")
    page.get_by_role("button", name="Save allocation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the amount in pounds as a number")
    expect(page.get_by_role("alert")).to_contain_text("Enter why you are setting this allocation")
    assert_accessible(page)
    page.get_by_label("Amount allocated, in pounds (£)").fill("£150,000")
    page.get_by_label("Why are you making this change?").fill("High needs block agreed by cabinet")
    page.get_by_role("button", name="Save allocation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North")
    expect(page.get_by_text(f"The allocation for {year} is £150,000.")).to_be_visible()
    assert_accessible(page)

    # Spending on home base provision.
    page.get_by_role("link", name=f"Record spending for {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record spending")
    assert_accessible(page)
    page.get_by_label("Home base provision").check()
    page.get_by_label("Amount spent, in pounds (£)").fill("45000")
    page.get_by_label("Description (optional)").fill("Home base teacher, autumn and spring terms")
    page.get_by_label("Why are you making this change?").fill("Invoice from the fund-holder school")
    page.get_by_role("button", name="Save spending").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North")
    section = page.get_by_role("region", name=re.compile(rf"^{year}"))
    expect(section).to_contain_text(re.compile(r"Spent\s*£45,000 \(30% of the allocation\)"))
    expect(section).to_contain_text(re.compile(r"Remaining\s*£105,000"))
    by_category = section.get_by_role("table", name=f"Spending by category, {year}")
    expect(by_category.get_by_role("row", name="Home base provision")).to_contain_text("£45,000")
    assert_accessible(page)

    page.get_by_role("link", name="Partnerships and funding").click()
    expect(page.get_by_role("row", name="North")).to_contain_text(
        re.compile(r"£150,000\s*£45,000\s*£105,000")
    )
    assert_accessible(page)
