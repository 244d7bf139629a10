"""A governor of a supported school reads the termly brief of its support once the headteacher has
approved it (issue 17, item 7; decision 0036): the LA prepares it, the governor gets a 404 for it
before approval, the headteacher approves it with a note, and the governor reads it from the message
and from their home page, on a desktop and on a 375-pixel phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from support.models import ObjectiveRating, TermlyBrief
from tests.browser.conftest import _new_page, assert_accessible, sign_in
from tests.factories import AgreementFactory, CaseFactory, ObjectiveFactory, ReviewFactory

pytestmark = pytest.mark.browser

PHONE = 375


@pytest.fixture
def supported_school(partnership_a, school_x, la_officer_a):
    case = CaseFactory(
        partnership=partnership_a, school=school_x, lead_officer=la_officer_a, status="in_delivery"
    )
    agreement = AgreementFactory(case=case, status="agreed")
    reading = ObjectiveFactory(agreement=agreement, description="Raise attainment in reading")
    held = ReviewFactory(agreement=agreement, status="quality_assured", held_on=dt.date(2026, 10, 20))
    ObjectiveRating.objects.create(review=held, objective=reading, rating="on_track")
    ReviewFactory(agreement=agreement, due_on=dt.date(2027, 1, 15))
    return case


def test_a_governor_reads_the_brief_the_headteacher_approved_and_not_before(
    browser, live_server, supported_school, la_officer_a, head_x, governor_x, tmp_path
):
    contexts = []

    def page_for(user, **options):
        context, page = _new_page(browser, live_server, **options)
        contexts.append(context)
        sign_in(page, user)
        return page

    # The lead officer prepares this term's brief from the case's page.
    officer = page_for(la_officer_a)
    officer.goto(f"/p/pa/support/cases/{supported_school.pk}/")
    expect(officer.get_by_role("heading", name="Briefs for the school's governors")).to_be_visible()
    officer.get_by_role("button", name="Prepare this term's brief for governors").click()
    expect(officer.get_by_text("Not yet approved.")).to_be_visible()
    expect(
        officer.get_by_text("Hana Head, the school's headteacher in the portal, approves it.")
    ).to_be_visible()
    assert_accessible(officer)
    brief = TermlyBrief.objects.get(case=supported_school)
    address = f"/p/pa/support/briefs/{brief.pk}/"

    # Before approval the governor gets a 404, and their home page has no brief to offer.
    governor = page_for(governor_x)
    assert governor.goto(address).status == 404
    governor.goto("/p/pa/")
    expect(governor.get_by_text("No brief has been shared with you.")).to_be_visible()

    # The headteacher follows the message on their home page, reads what governors would read, and
    # approves it with a note.
    head = page_for(head_x)
    head.goto("/p/pa/")
    head.get_by_role("link", name="is ready for you to approve").click()
    head.get_by_role("link", name="Approve and share with governors").click()
    expect(head.get_by_role("heading", name="Approve the brief for governors")).to_be_visible()
    assert_accessible(head)
    head.get_by_label("A note to governors (optional)").fill("x" * 1001)
    head.get_by_role("button", name="Approve and share with governors").click()
    expect(head.get_by_role("link", name="Keep the note to 1,000 characters or fewer")).to_be_visible()
    assert_accessible(head)
    head.get_by_label("A note to governors (optional)").fill(
        "Progress in reading is good; ask me at the next meeting."
    )
    head.get_by_role("button", name="Approve and share with governors").click()
    expect(head.get_by_text("The school's governors have been sent a message with its link.")).to_be_visible()

    # The governor is told, and reads the brief from their home page.
    governor.goto("/p/pa/")
    expect(
        governor.get_by_role("link", name="The headteacher has shared a brief of the partnership's support")
    ).to_be_visible()
    assert_accessible(governor)
    governor.get_by_role("link", name=f"School X: brief for governors, {brief.term_label}").click()
    expect(governor.get_by_role("heading", name=f"brief for governors, {brief.term_label}")).to_be_visible()
    expect(governor.get_by_text("In delivery")).to_be_visible()
    expect(governor.get_by_text("Due on 15 January 2027")).to_be_visible()
    expect(governor.get_by_role("cell", name="On track, at the review on 20 October 2026")).to_be_visible()
    expect(governor.get_by_text("Progress in reading is good; ask me at the next meeting.")).to_be_visible()
    assert_accessible(governor)

    # On a phone the brief reflows: the page does not scroll sideways.
    phone = page_for(governor_x, viewport={"width": PHONE, "height": 800})
    phone.goto(address)
    expect(phone.get_by_text("Progress in reading is good")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    phone.screenshot(path=str(tmp_path / "brief-375.png"), full_page=True)
    assert_accessible(phone)
    for context in contexts:
        context.close()


def test_an_officer_records_the_approval_of_a_headteacher_who_is_not_in_the_portal(
    browser, live_server, partnership_a, school_y, la_officer_a
):
    """School Y has no headteacher in the portal: the page says so, and the officer records the
    approval the headteacher gave by email, with the errors beside the fields first."""
    case = CaseFactory(partnership=partnership_a, school=school_y, lead_officer=la_officer_a)
    context, officer = _new_page(browser, live_server)
    sign_in(officer, la_officer_a)
    officer.goto(f"/p/pa/support/cases/{case.pk}/")
    officer.get_by_role("button", name="Prepare this term's brief for governors").click()
    expect(officer.get_by_text("The school has no headteacher in the portal")).to_be_visible()
    officer.get_by_role("link", name="Record the headteacher's approval").click()
    officer.get_by_role("button", name="Record the approval").click()
    expect(officer.get_by_role("link", name="Say how the headteacher approved the brief")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_label("By email").check()
    officer.get_by_label("Who approved it for the school").fill("Mrs A Jones, headteacher")
    officer.get_by_label("Date the headteacher approved it").fill(dt.date.today().strftime("%d/%m/%Y"))
    officer.get_by_role("button", name="Record the approval").click()
    expect(officer.get_by_text("The headteacher's approval is recorded.")).to_be_visible()
    expect(
        officer.get_by_text("by Mrs A Jones, headteacher by email (recorded by Oscar Officer of the LA)")
    ).to_be_visible()
    context.close()
