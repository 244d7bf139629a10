"""An LA administrator manages people; someone in two partnerships switches between them."""

import pytest
from playwright.sync_api import expect

from partnership.models import Role, User
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import RoleFactory

pytestmark = pytest.mark.browser


def test_admin_adds_a_person_and_ends_their_role(page, la_admin_a, school_x, school_y):
    sign_in(page, la_admin_a)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").first.click()
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's full name")
    assert_accessible(page)

    page.get_by_label("Full name").fill("Nia New")
    page.get_by_label("Email address").fill("nia@x.test")
    page.get_by_label("School staff").check()
    page.get_by_label("School", exact=True).select_option(label="School X")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Nia New has been added")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nia New")
    assert_accessible(page)

    page.get_by_role("link", name="End role as School staff, School X").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to end this role?")
    assert_accessible(page)
    page.get_by_label("Reason").fill("Left the school")
    page.get_by_role("button", name="End role").click()
    expect(page.get_by_role("heading", name="Past roles")).to_be_visible()

    page.get_by_role("link", name="History of School staff, School X").click()
    expect(page.get_by_text("Reason: Left the school")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.get(email="nia@x.test").roles.current().exists()


def test_adding_a_role_works_without_javascript(page_without_javascript, la_admin_a, head_x, school_y):
    page = page_without_javascript
    sign_in(page, la_admin_a)
    page.goto(f"/p/pa/people/{head_x.pk}/roles/add/")
    page.get_by_label("Governor", exact=True).check()
    page.get_by_label("School", exact=True).select_option(label="School Y")
    page.get_by_label("Reason").fill("Joined the governing board")
    page.get_by_role("button", name="Add role").click()
    expect(page.get_by_role("cell", name="Governor, School Y", exact=True)).to_be_visible()


def test_person_in_two_partnerships_switches(page, la_officer_b, partnership_a):
    RoleFactory(user=la_officer_b, partnership=partnership_a, role=Role.BOARD_MEMBER)
    sign_in(page, la_officer_b)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a partnership")
    assert_accessible(page)
    page.get_by_role("link", name="Partnership A").click()
    expect(page.get_by_text("Board member in A")).to_be_visible()
    page.get_by_role("link", name="Switch partnership").click()
    page.get_by_role("link", name="Partnership B").click()
    expect(page.get_by_text("LA officer in B")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Partnership B")


def test_headteacher_opens_their_school(page, head_x, school_x):
    sign_in(page, head_x)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("School X")
    expect(page.get_by_role("heading", name="Partnership records")).to_be_visible()
    assert_accessible(page)


def test_governor_finds_the_reports_meetings_and_consultations(page, governor_x):
    """Issue 17: each is in the governor's navigation, opens, and keeps the navigation there."""
    sign_in(page, governor_x)
    expect(page.get_by_role("heading", name="Published reports")).to_be_visible()
    expect(page.get_by_text("No report has been published yet.")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    for label, heading in [
        ("Reports", "Published reports"),
        ("Meetings", "Meetings"),
        ("Consultations", "Consultations"),
    ]:
        menu.get_by_role("link", name=label).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(menu.locator("[aria-current=page]")).to_have_text(label)
        assert_accessible(page)
