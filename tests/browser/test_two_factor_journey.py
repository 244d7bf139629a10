"""A headteacher sets up two-factor sign-in, signs in with it, and ends a session they do not need."""

import re
from base64 import b32decode

import pytest
from playwright.sync_api import expect

from partnership.models import SignInSession
from tests.browser.conftest import _new_page, assert_accessible, sign_in
from tests.factories import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]


def test_headteacher_sets_up_two_factor_and_ends_another_session(browser, live_server, head_x, partnership_a):
    context, page = _new_page(browser, live_server)

    # Password first; then, before anything else, set-up.
    sign_in(page, head_x)
    assert "/account/two-factor/set-up/" in page.url
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    assert_accessible(page)

    # The key for typing into an app by hand, read as a person would, makes the code.
    page.get_by_text("I cannot scan the QR code").click()
    key = b32decode(page.locator("#two-factor-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("link", name="Enter the 6-digit code from your authenticator app")
    ).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(totp_code(key))
    page.get_by_role("button", name="Continue").click()

    # Recovery codes, once.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    assert page.url.endswith(f"/p/{partnership_a.slug}/")

    # A second browser, say a school laptop, signs in with a recovery code.
    other_context, other = _new_page(browser, live_server)
    sign_in(other, head_x)
    assert "/account/two-factor/code/" in other.url
    assert_accessible(other)
    other.get_by_label("Code", exact=True).fill(codes[0])
    other.get_by_role("button", name="Continue").click()
    expect(other.get_by_text("You used a recovery code. You have 9 left.")).to_be_visible()

    # Sign out, and in again with the app's code.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, head_x, code=lambda: totp_code(key, steps_ahead=1))
    assert page.url.endswith(f"/p/{partnership_a.slug}/")

    # End the laptop's session from the sessions page.
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Your sessions").click()
    expect(page.get_by_text("This session", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^End this session")).click()
    expect(page.get_by_role("heading", name="Are you sure you want to end this session?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="End this session").click()
    expect(page.get_by_text("That session has ended.")).to_be_visible()
    assert SignInSession.objects.filter(user=head_x).count() == 1

    other.goto(f"{live_server.url}/p/{partnership_a.slug}/")
    assert "/sign-in/" in other.url
    other_context.close()
    context.close()
