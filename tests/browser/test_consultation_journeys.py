"""A consultation from building it to reading its published summary, in a real browser."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from consultation.models import Consultation, Response
from tests.browser.conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def date(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.fixture
def officer_page(browser, live_server, la_officer_a):
    context, page = _new_page(browser, live_server)
    sign_in(page, la_officer_a)
    yield page
    context.close()


@pytest.fixture
def visitor(browser, live_server):
    contexts = []

    def make():
        context, page = _new_page(browser, live_server)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def test_a_consultation_from_building_to_publishing(officer_page, visitor, live_server):
    officer = officer_page
    # An officer builds a consultation and opens it.
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultations").click()
    officer.get_by_role("link", name="Start a consultation").click()
    assert_accessible(officer)
    officer.get_by_label("Title").fill("Our school improvement partnership")
    officer.get_by_label("Purpose").fill("Tell us what you think of the proposal.")
    officer.get_by_label("Opening date").fill(date(0))
    officer.get_by_label("Closing date").fill(date(30))
    officer.get_by_label("Anyone with the link").check()
    officer.get_by_label("Respondents give their name").check()
    officer.get_by_label("Keep responses until").fill(date(400))
    officer.get_by_label("Reason").fill("New consultation")
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Our school improvement partnership")
    for area, question in (
        ("Vision", "Does the vision set out clearly what the Partnership is about?"),
        ("Structure", "Will the structure secure improvement?"),
    ):
        officer.get_by_role("link", name="Add an area").click()
        officer.get_by_label("Area", exact=True).fill(area)
        officer.get_by_label("Reason").fill("Building")
        officer.get_by_role("button", name="Save").click()
        officer.get_by_role("link", name="Add a question").click()
        officer.get_by_label("Area", exact=True).select_option(label=area)
        officer.get_by_label("Question", exact=True).fill(question)
        officer.get_by_label("Agree, partly agree, disagree or don't know, with a comment").check()
        officer.get_by_label("Reason").fill("Building")
        officer.get_by_role("button", name="Save").click()
    assert_accessible(officer)
    officer.get_by_role("link", name="Open the consultation").click()
    officer.get_by_label("Reason").fill("Ready")
    officer.get_by_role("button", name="Open consultation").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("The consultation is open")
    consultation = Consultation.objects.get()
    link = f"/c/{consultation.link_token}/"

    # Two respondents answer online, one without giving a name; one saves, comes back and sends.
    first = visitor()
    first.goto(link)
    assert_accessible(first)
    first.get_by_label("Governor").check()
    first.get_by_label("Your name (optional)").fill("Gwen Governor")
    first.get_by_role("button", name="Start").click()
    first.get_by_label("Agree", exact=True).check()
    first.get_by_label("Comment (optional)").fill("The vision is clear, but how will results be published?")
    assert_accessible(first)
    first.get_by_role("button", name="Save and come back later").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    resume_link = first.locator("main a.govuk-link").first.get_attribute("href")
    assert_accessible(first)
    again = visitor()
    again.goto(resume_link)
    expect(again.get_by_label("Agree", exact=True)).to_be_checked()
    again.get_by_role("button", name="Continue").click()
    again.get_by_label("Partly agree").check()
    again.get_by_role("button", name="Check your answers").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
    assert_accessible(again)
    again.get_by_role("button", name="Send my response").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Response sent")
    assert_accessible(again)

    second = visitor()
    second.goto(link)
    second.get_by_label("Parent").check()
    second.get_by_role("button", name="Start").click()
    second.get_by_label("Disagree").check()
    second.get_by_label("Comment (optional)").fill("Capacity is a worry")
    second.get_by_role("button", name="Continue").click()
    second.get_by_role("button", name="Check your answers").click()
    second.get_by_role("button", name="Send my response").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Response sent")
    anonymous_response = Response.objects.get(respondent_kind="parent")
    assert anonymous_response.respondent_name == ""

    # The officer records a governor's verbal feedback from a briefing.
    officer.goto(f"/p/pa/consultations/{consultation.pk}/")
    officer.get_by_role("link", name="Record feedback from a briefing, meeting, email or letter").click()
    officer.get_by_label("Briefing").check()
    officer.get_by_label("Governor").check()
    officer.get_by_label("Date received").fill(date(0))
    officer.get_by_label("General comment", exact=True).fill("Is the partnership a one-size-fits-all model?")
    assert_accessible(officer)
    officer.get_by_role("button", name="Record feedback").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("recorded")

    # An analyst themes comments, picks samples and writes a response per theme.
    officer.get_by_role("link", name="Analysis", exact=True).click()
    expect(officer.get_by_text("2 responses, 50% agree or partly agree")).to_be_visible()
    assert_accessible(officer)
    officer.goto(f"/p/pa/consultations/{consultation.pk}/comments/")
    for theme in ("Publishing results", "Capacity"):
        officer.get_by_label("New theme").fill(theme)
        officer.get_by_role("button", name="Add theme").click()
    assert_accessible(officer)
    officer.get_by_role("link", name="Theme this comment (1)").click()
    officer.get_by_label("Publishing results").check()
    officer.get_by_label("Use as a sample comment in the published summary").check()
    officer.get_by_label("The comment as it will be published").fill(
        "The vision is clear, but how will results be published?"
    )
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_role("status")).to_contain_text("themed")
    officer.goto(f"/p/pa/consultations/{consultation.pk}/you-said-we-did/")
    officer.get_by_role("link", name="Write a response").click()
    officer.get_by_label("Heading").fill("Publishing results")
    officer.get_by_label("You said").fill("How will results be published?")
    officer.get_by_label("Our response").fill(
        "No school's support is made public without a decision to publish it."
    )
    officer.get_by_label("Reason").fill("Working group")
    officer.get_by_role("button", name="Save").click()
    officer.get_by_role("button", name="Approve Publishing results").click()
    assert_accessible(officer)

    # The summary is published and read by an anonymous visitor as HTML and PDF.
    officer.goto(f"/p/pa/consultations/{consultation.pk}/close/")
    officer.get_by_label("Reason").fill("Closed on time")
    officer.get_by_role("button", name="Close consultation").click()
    officer.goto(f"/p/pa/consultations/{consultation.pk}/publish/")
    officer.get_by_label("Publish on").fill(date(0))
    officer.get_by_label("Reason").fill("Approved by the working group")
    officer.get_by_role("button", name="Save").click()
    reader = visitor()
    reader.goto(f"/consultations/pa/{consultation.pk}/summary/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("consultation summary")
    expect(
        reader.get_by_text(
            "There were 2 online responses. 50% of the respondents agree or partly agree."
        ).first
    ).to_be_visible()
    expect(
        reader.get_by_text("No school's support is made public without a decision to publish it.")
    ).to_be_visible()
    assert "Gwen" not in reader.content()
    assert_accessible(reader)
    pdf = reader.request.get(f"{live_server.url}/consultations/pa/{consultation.pk}/summary.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
