"""The data-sharing agreement from publication to a partner's access and its end (issue 7):
an administrator publishes the agreement with its effective date, the headteacher records who chairs
the governors, the headteacher and the chair of governors consent (each with their own name), a
diocese representative then sees the school's support case and stops seeing it once consent is
withdrawn, and the headteacher sees the diocese's access in the school's access log."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partnership.models import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import CaseFactory, RoleFactory, UserFactory
from tests.helpers import future

pytestmark = pytest.mark.browser


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_publish_consent_share_withdraw_and_see_who_looked(
    page, la_admin_a, la_officer_a, head_x, school_x, partnership_a
):
    chair = UserFactory(full_name="Chidi Chair", email="chidi@x.test")
    RoleFactory(user=chair, partnership=partnership_a, role=Role.GOVERNOR, school=school_x)
    diocese = UserFactory(full_name="Dee Diocese", email="dee@diocese.test")
    RoleFactory(user=diocese, partnership=partnership_a, role=Role.PARTNER)
    case = CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)

    # An administrator drafts and publishes the agreement.
    sign_in(page, la_admin_a)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Data sharing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data-sharing agreement")
    assert_accessible(page)
    page.get_by_role("link", name="Draft the agreement").click()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the purposes of sharing")
    assert_accessible(page)
    page.get_by_label("The purposes of sharing").fill("To improve outcomes through school-to-school support.")
    page.get_by_label("Support casework").check()
    page.get_by_label("Needs flags").check()
    page.get_by_label("Yes").check()
    page.get_by_label("The partners who receive data").fill("The Diocese of Leicester's education team.")
    page.get_by_label("The lawful basis").fill("Public task, UK GDPR Article 6(1)(e).")
    page.get_by_label("How long data is kept").fill("Six years after support ends.")
    page.get_by_label("Security measures").fill("Two-factor sign-in and an access log.")
    page.get_by_label("How subject access requests are handled").fill("The LA's data protection officer.")
    page.get_by_label("Review date").fill("01/09/2027")
    page.get_by_label("Termination and sanctions").fill("A partner that breaches it loses access.")
    page.get_by_label("Reason").fill("Agreed by the strategic group")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data-sharing agreement, version 1")
    assert_accessible(page)
    page.get_by_role("link", name="Publish this version").click()
    assert_accessible(page)
    page.get_by_label("Effective date").fill(future(1))
    page.get_by_label("Reason").fill("Agreed by the strategic group on 1 September")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 1 is published")
    sign_out(page)

    # Before consent, the diocese sees nothing of the school's support.
    sign_in(page, diocese)
    page.goto(f"/p/pa/support/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    sign_out(page)

    # The headteacher records who chairs the governors, then signs first, choosing the kinds of data.
    sign_in(page, head_x)
    page.goto(f"/p/pa/schools/{school_x.urn}/")
    page.get_by_role("link", name="See the school's consent, sign or withdraw it").click()
    expect(page.get_by_text("Not consented")).to_be_visible()
    expect(page.get_by_text("No chair of governors or trust's delegate is recorded")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the chair of governors").click()
    page.get_by_role("button", name="Record the chair").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the chair of governors")
    assert_accessible(page)
    page.get_by_label("Chidi Chair").check()
    page.get_by_label("Reason").fill("Elected at the autumn meeting")
    page.get_by_role("button", name="Record the chair").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Chidi Chair is recorded as chair of governors"
    )
    expect(page.get_by_text("Chidi Chair, chair of governors since")).to_be_visible()
    page.get_by_role("link", name="Read and sign").click()
    page.get_by_role("button", name="Sign and consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Type your full name to sign")
    assert_accessible(page)
    page.get_by_label("Support casework").check()
    page.get_by_label("Your full name").fill("Hana Head")
    page.get_by_label("I have read the agreement").check()
    page.get_by_role("button", name="Sign and consent").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("comes into force when")
    expect(page.get_by_text("Waiting for the chair of governors")).to_be_visible()
    sign_out(page)

    # The chair countersigns.
    sign_in(page, chair)
    page.goto(f"/p/pa/schools/{school_x.urn}/consent/")
    page.get_by_role("link", name="Read and sign").click()
    expect(page.get_by_text("You sign as the school's chair of governors")).to_be_visible()
    page.get_by_label("Your full name").fill("Hana Head")
    page.get_by_label("I have read the agreement").check()
    page.get_by_role("button", name="Sign and consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Type your name as the portal holds it")
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Chidi Chair")
    page.get_by_label("I have read the agreement").check()
    page.get_by_role("button", name="Sign and consent").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("consent is now in force")
    expect(page.get_by_text("Consent in force")).to_be_visible()
    sign_out(page)

    # Now the diocese sees the school's support case.
    sign_in(page, diocese)
    page.goto("/p/pa/support/")
    page.get_by_role("link", name="School X").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("School X")
    sign_out(page)

    # The headteacher withdraws consent; the diocese loses sight of the case at once.
    sign_in(page, head_x)
    page.goto(f"/p/pa/schools/{school_x.urn}/consent/")
    page.get_by_role("link", name="Withdraw consent").click()
    assert_accessible(page)
    page.get_by_label("Reason").fill("The new governing board wants to review the agreement")
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_text("Consent withdrawn")).to_be_visible()
    sign_out(page)

    sign_in(page, diocese)
    page.goto(f"/p/pa/support/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    sign_out(page)

    # The headteacher sees the diocese's view, and its refused view, in the school's access log.
    sign_in(page, head_x)
    page.goto(f"/p/pa/schools/{school_x.urn}/")
    page.get_by_role("link", name="See who has seen this school's confidential records").click()
    log = page.locator("main")
    expect(log).to_contain_text("Dee Diocese")
    assert_accessible(page)
