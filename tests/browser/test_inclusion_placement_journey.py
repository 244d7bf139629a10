"""An AP placement is made, reviewed and ended with reintegration, in a real browser: an LA
inclusion officer adds a provider and its quality assurance visit, places a pupil from the pupil's
page, records a review and ends the placement. axe-core runs on every page (decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from inclusion.models import APPlacement, APProvider, PlacementOutcome, PlacementReview, QAVisit
from inclusion.tests.world import build_world
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.browser.conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


@pytest.fixture
def officer_page(browser, live_server, world):
    context, page = _new_page(browser, live_server)
    sign_in(page, world.people["inclusion_officer"])
    yield page
    context.close()


def day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).strftime("%d/%m/%Y")


def test_an_ap_placement_is_made_reviewed_and_ended_with_reintegration(world, officer_page):
    page = officer_page
    pupil = world.pupils["x1"]

    # The officer adds a provider to the directory.
    page.goto("/p/pa/inclusion/")
    assert_accessible(page)
    page.get_by_role("link", name="Alternative provision providers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alternative provision providers")
    expect(page.get_by_text("No providers yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a provider")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Hilltop Learning")
    page.get_by_label("Registration (optional)").fill("Ofsted 654321")
    page.get_by_label("Contact name (optional)").fill("Hal Hill")
    page.get_by_label("Contact email address (optional)").fill("hal@hilltop.test")
    page.get_by_label("Reason").fill("A new provider for the north")
    page.get_by_role("button", name="Add provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hilltop Learning")
    expect(page.get_by_text("QA visit due")).to_be_visible()
    assert_accessible(page)

    # ...and records its quality assurance visit.
    page.get_by_role("link", name="Record a quality assurance visit").click()
    assert_accessible(page)
    page.get_by_label("Date of the visit").fill(day(-7))
    page.get_by_label("Meets the standard").check()
    page.get_by_label("Notes (optional)").fill("Good curriculum and a named safeguarding lead")
    page.get_by_label("Reason").fill("Annual visit")
    page.get_by_role("button", name="Record visit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("visit to Hilltop Learning")
    expect(page.get_by_text("Good curriculum and a named safeguarding lead")).to_be_visible()
    assert_accessible(page)
    assert QAVisit.objects.get(provider__name="Hilltop Learning").outcome == "meets"

    # From the pupil's page, the officer makes a placement: first with the end before the start.
    page.goto("/p/pa/inclusion/")
    page.get_by_role("link", name="Pupils", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=pupil.full_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pupil.full_name)
    assert_accessible(page)
    page.get_by_role("link", name="Make an AP placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make an alternative provision placement")
    assert_accessible(page)
    page.get_by_label("Provider", exact=True).select_option(label="Hilltop Learning")
    page.get_by_label("Start date").fill(day(0))
    page.get_by_label("End date (optional)").fill(day(-1))
    page.get_by_label("Days a week").fill("2.5")
    page.get_by_label("Cost (£)").fill("3200")
    page.get_by_label("The inclusion partnership's allocation").check()
    page.get_by_label("Review every (weeks)").fill("6")
    page.get_by_label("Reason").fill("Agreed at the partnership panel")
    page.get_by_role("button", name="Make placement").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The end date must be the same as or after the start date")
    expect(page.locator("#id_ends_on_error")).to_contain_text("The end date must be the same as or after")
    assert_accessible(page)
    assert not APPlacement.objects.exists()

    page.get_by_label("End date (optional)").fill(day(83))
    page.get_by_role("button", name="Make placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{pupil.full_name} at Hilltop Learning")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "placement at Hilltop Learning"
    )
    assert_accessible(page)
    placement = APPlacement.objects.get()
    assert (placement.days_per_week, placement.cost, placement.review_weeks) == (Decimal("2.5"), 3200, 6)

    # A review: how the pupil is getting on, and the next review date.
    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a review")
    assert_accessible(page)
    page.get_by_label("How is the pupil getting on?").fill("Settled, and working towards English GCSE")
    page.get_by_label("Attendance (optional)").fill("Every session so far")
    page.get_by_label("Date of the next review (optional)").fill(day(28))
    page.get_by_label("Reason").fill("Six-week review meeting")
    page.get_by_role("button", name="Record review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The review is recorded")
    expect(page.get_by_text("Settled, and working towards English GCSE")).to_be_visible()
    assert_accessible(page)
    review = PlacementReview.objects.get()
    assert review.next_review_on == dt.date.today() + dt.timedelta(days=28)

    # The pupil goes back to mainstream: the placement ends with reintegration.
    page.get_by_role("link", name="End the placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End the placement")
    expect(page.get_by_text("When you end the placement")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Last day of the placement").fill(day(0))
    page.get_by_label("Reintegrated into mainstream").check()
    page.get_by_label("Reason").fill("Back at School X full time")
    page.get_by_role("button", name="End placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{pupil.full_name} at Hilltop Learning")
    outcome = page.locator(".govuk-summary-list__row", has_text="Outcome")
    expect(outcome).to_contain_text("Reintegrated into mainstream")
    expect(page.get_by_role("link", name="End the placement")).to_have_count(0)
    assert_accessible(page)

    # The ended placement is in the list of all placements, and the directory counts it no longer.
    page.get_by_role("link", name="Placements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alternative provision placements")
    expect(page.get_by_text("No placements going on now.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Show").select_option(label="All placements")
    page.get_by_role("button", name="Apply").click()
    row = page.locator("tbody tr", has_text=pupil.full_name)
    expect(row).to_contain_text("Hilltop Learning")
    expect(row).to_contain_text("Reintegrated into mainstream")
    assert_accessible(page)
    page.goto("/p/pa/inclusion/providers/")
    expect(page.locator("tbody tr", has_text="Hilltop Learning")).to_contain_text("Meets the standard")
    assert_accessible(page)
    page.get_by_role("link", name="Hilltop Learning").click()
    page.get_by_role("link", name="Change the details").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Hilltop Learning")
    assert_accessible(page)

    placement.refresh_from_db()
    assert (placement.outcome, placement.ends_on) == (PlacementOutcome.REINTEGRATED, dt.date.today())
    assert placement.history.first().history_change_reason == "Back at School X full time"
    assert APProvider.objects.get(name="Hilltop Learning").history.first().history_change_reason == (
        "A new provider for the north"
    )
    # Every read of the placement's page was logged.
    reads = AccessLogEntry.objects.filter(record_type=RecordType.PUPIL_PLACEMENT, record_id=str(placement.pk))
    assert reads.count() >= 4
