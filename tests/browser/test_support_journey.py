"""The whole support cycle in a real browser, each person in their own browser session."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from partnership.models import Role
from schools.models import NeedsFlag
from support.models import SupportCase
from tests.browser.conftest import _new_page, assert_accessible, sign_in
from tests.factories import PriorityFactory, RoleFactory, SystemLeaderFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(browser, live_server, partnership_a, school_x, school_y, la_officer_a, head_x):
    school_x.trust_name = school_y.trust_name = "Charnwood Trust"
    school_x.save()
    school_y.save()
    lena = UserFactory(full_name="Lena Leader", email="lena@a.test")
    RoleFactory(user=lena, partnership=partnership_a, role=Role.SYSTEM_LEADER)
    SystemLeaderFactory(
        partnership=partnership_a, full_name="Lena Leader", user=lena, home_school=school_y, capacity_days=10
    )
    PriorityFactory(partnership=partnership_a, title="Reading and writing to Year 6")
    NeedsFlag.objects.create(
        partnership=partnership_a,
        school=school_x,
        kind="inspection_below_good",
        evidence_key="inspection:1",
        evidence="Judged Requires Improvement.",
    )
    contexts = []

    def page_for(user):
        context, page = _new_page(browser, live_server)
        contexts.append(context)
        sign_in(page, user)
        return page

    yield {"officer": page_for(la_officer_a), "head": page_for(head_x), "provider": page_for(lena)}
    for context in contexts:
        context.close()


def choose(page, label, typed):
    """Type into GOV.UK's accessible autocomplete and pick the first suggestion."""
    page.get_by_label(label).fill(typed)
    page.get_by_role("option").first.click()


def fill_date(page, label, days):
    page.get_by_label(label).fill((dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y"))


def test_the_whole_support_cycle(people):
    officer, head, provider = people["officer"], people["head"], people["provider"]

    # The officer opens a case from a trigger and writes the needs analysis.
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Needs support").click()
    officer.get_by_role("link", name="Start a support case for School X").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Open a support case")
    assert_accessible(officer)
    officer.get_by_label("A trigger on the schools list").check()
    officer.get_by_label("Reason").fill("Requires Improvement at its last inspection")
    officer.get_by_role("button", name="Open case").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Needs analysis")
    officer.get_by_label("Needs analysis").fill("Reading and writing in key stage 2 are well below the LA.")
    officer.get_by_label("Reading and writing to Year 6").check()
    # No reason is asked when the analysis is first written, only when it is changed.
    expect(officer.get_by_label("Reason")).to_have_count(0)
    officer.get_by_role("button", name="Save needs analysis").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("School X")
    assert_accessible(officer)

    # The officer assigns a system leader: a conflict is found, then justified.
    officer.get_by_role("link", name="Arrange support").click()
    officer.get_by_role("radio", name="A system leader").check()
    # The long list is an autocomplete: type part of a name, and each leader shows days left,
    # designation and expertise.
    choose(officer, "System leader (if the provider is a system leader)", "Lena")
    expect(officer.get_by_label("System leader (if the provider is a system leader)")).to_have_value(
        "Lena Leader (10 of 10 days left; Specialist Leader of Education)"
    )
    fill_date(officer, "Start date", 0)
    fill_date(officer, "End date", 120)
    officer.get_by_label("Days of support").fill("4")
    officer.get_by_label("Cost (£)").fill("1200")
    officer.get_by_label("The LA's partnership budget").check()
    officer.get_by_label("First objective").fill("Raise attainment in reading")
    officer.get_by_label("Its outcome measure").fill("70% at the expected standard")
    fill_date(officer, "Objective's target date", 100)
    officer.get_by_label("Reason").fill("Reading expertise")
    officer.get_by_role("button", name="Save and check for conflicts").click()
    expect(officer.get_by_text("are in the same trust (Charnwood Trust)")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_label("If a conflict of interest is found: why this provider is still right").fill(
        "The only reading specialist with days left"
    )
    officer.get_by_role("button", name="Save and check for conflicts").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("From Lena Leader")
    assert_accessible(officer)
    agreement_url = officer.url

    # The receiving head agrees the support.
    head.goto("/p/pa/")
    head.get_by_role("link", name="Read and agree the support").click()
    head.get_by_role("link", name="Answer for your school").click()
    assert_accessible(head)
    head.get_by_label("Yes, I agree the support").check()
    head.get_by_role("button", name="Save").click()
    expect(head.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer has been recorded"
    )
    expect(head.get_by_text("answered in the portal on")).to_be_visible()
    assert_accessible(head)

    # The provider proposes a visit; the school accepts; the provider logs it.
    provider.goto(agreement_url)
    provider.get_by_role("link", name="Propose a visit").click()
    fill_date(provider, "Date of the visit", 0)
    provider.get_by_label("What the visit is for").fill("Observe guided reading")
    provider.get_by_role("button", name="Save").click()
    assert_accessible(provider)
    head.goto("/p/pa/")
    head.get_by_role("link", name="Accept or decline the visit").click()
    head.get_by_label("Yes, accept the visit").check()
    head.get_by_role("button", name="Save").click()
    provider.goto(agreement_url)
    provider.get_by_role("link", name="Log this visit").click()
    provider.get_by_label("Time spent (hours)").fill("3")
    provider.get_by_label("What was done").fill("Observed four reading lessons")
    provider.get_by_role("button", name="Save").click()
    expect(provider.get_by_role("heading", name="Visit on")).to_be_visible()

    # A review is rated and quality-assured.
    provider.get_by_role("link", name="Rate this review").click()
    fill_date(provider, "Date of the review", 0)
    provider.get_by_label("At risk").check()
    provider.get_by_label("Summary of progress").fill("A slow start")
    provider.get_by_role("button", name="Save").click()
    assert_accessible(provider)
    officer.goto(agreement_url)
    officer.get_by_role("link", name="Quality-assure this review").click()
    officer.get_by_label("Secure: the ratings are supported by the evidence").check()
    officer.get_by_label("Comment").fill("Well evidenced")
    officer.get_by_role("button", name="Save").click()
    expect(
        officer.get_by_text("Secure: the ratings are supported by the evidence: Well evidenced")
    ).to_be_visible()

    # The case is escalated, then closed with an impact statement.
    case = SupportCase.objects.get()
    officer.goto(f"/p/pa/support/cases/{case.pk}/")
    officer.get_by_role("link", name="Escalate").click()
    officer.get_by_label("Why escalate?").fill("Progress too slow")
    officer.get_by_label("A warning notice").check()
    officer.get_by_label("Who made the decision").fill("Head of school improvement")
    officer.get_by_role("button", name="Escalate").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("escalated")
    officer.get_by_role("link", name="Close the case").click()
    officer.get_by_label("The support was delivered and reviewed").check()
    officer.get_by_label("Met", exact=True).check()
    officer.get_by_label("Impact statement").fill("Reading rose to 68%")
    officer.get_by_label("Reason").fill("Support complete")
    officer.get_by_role("button", name="Close case").click()
    expect(officer.get_by_role("heading", name="Impact")).to_be_visible()
    assert_accessible(officer)
    case.refresh_from_db()
    assert case.status == "closed"
