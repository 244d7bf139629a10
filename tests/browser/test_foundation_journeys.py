"""Each persona in a real browser: signing in, their home page and navigation, and accessibility."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.navigation import EXPECTED_NAVIGATION

pytestmark = pytest.mark.browser

NAVIGATION = {
    **EXPECTED_NAVIGATION,
    "head_y": EXPECTED_NAVIGATION["head_x"],
    "la_officer_b": EXPECTED_NAVIGATION["la_officer_a"],
}


@pytest.mark.parametrize("persona", sorted(NAVIGATION))
def test_each_persona_signs_in_to_their_own_home_page(persona, personas, page):
    user = personas[persona]
    sign_in(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home page")
    expect(page.get_by_text(f"Signed in as {user.full_name}")).to_be_visible()
    nav = page.get_by_role("navigation", name="Menu").get_by_role("link")
    expect(nav).to_have_text(NAVIGATION[persona])
    assert_accessible(page)


def test_sign_in_page_and_its_error_summary_are_accessible(page, db):
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your email address")
    expect(page.locator("#id_username_error")).to_contain_text("Enter your email address")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)
    # The summary's link takes the person to the field.
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_wrong_password_then_right_password(page, head_x):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(head_x.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    sign_in(page, head_x)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home page")


def test_not_found_page_is_accessible(page, head_x):
    sign_in(page, head_x)
    response = page.goto("/p/pa/people/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_outsider_from_partnership_b_sees_not_found_for_partnership_a(page, la_officer_b, school_x):
    sign_in(page, la_officer_b)
    for path in ["/p/pa/", "/p/pa/people/", f"/p/pa/schools/{school_x.urn}/"]:
        assert page.goto(path).status == 404


def test_password_reset_pages_are_accessible(page, db):
    page.goto("/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page)
    page.get_by_label("Email address").fill("someone@a.test")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)


def test_public_pages_are_accessible(page, db):
    for path, heading in [
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)


def test_signing_out(page, head_x):
    sign_in(page, head_x)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_accessible(page)
    page.goto("/p/pa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_forbidden_page_is_accessible(page, la_officer_a):
    sign_in(page, la_officer_a)
    response = page.goto("/p/pa/people/add/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot make this change")
    assert_accessible(page)


def test_history_page_is_accessible(page, la_admin_a, head_x):
    sign_in(page, la_admin_a)
    page.get_by_role("link", name="See the history of the partnership's record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership A")
    page.goto(f"/p/pa/people/{head_x.pk}/")
    page.get_by_role("link", name="See the history of this account").click()
    expect(page.get_by_role("heading", name="Created", exact=False).first).to_be_visible()
    assert_accessible(page)
