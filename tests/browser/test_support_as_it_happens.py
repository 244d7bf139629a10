"""The support cycle as a real partnership meets it, in a real browser: a school whose head has no
account, support agreed by phone, two reviews on the cycle and closure "partly met"; a head who
declines; and a case that cannot honestly close as "met"."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from partnership.models import Role
from schools.models import NeedsFlag
from support.models import SupportAgreement, SupportCase
from tests.browser.conftest import _new_page, assert_accessible, sign_in
from tests.factories import RoleFactory, SystemLeaderFactory, UserFactory

pytestmark = pytest.mark.browser


def day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).strftime("%d/%m/%Y")


@pytest.fixture
def world(browser, live_server, partnership_a, school_x, school_y, la_officer_a):
    lee = UserFactory(full_name="Lee Leader", email="lee@a.test")
    RoleFactory(user=lee, partnership=partnership_a, role=Role.SYSTEM_LEADER)
    SystemLeaderFactory(partnership=partnership_a, full_name="Lee Leader", user=lee, capacity_days=20)
    # School Y has no headteacher in the portal.
    NeedsFlag.objects.create(
        partnership=partnership_a,
        school=school_y,
        kind="inspection_below_good",
        evidence_key="inspection:9",
        evidence="Judged Requires Improvement at the inspection on 3 May 2018.",
        evidence_on=dt.date(2018, 5, 3),
    )
    contexts = []

    def page_for(user):
        context, page = _new_page(browser, live_server)
        contexts.append(context)
        sign_in(page, user)
        return page

    yield {"page_for": page_for, "officer": page_for(la_officer_a), "provider": page_for(lee)}
    for context in contexts:
        context.close()


def open_case_and_propose(officer, school_name: str, starts: int, ends: int) -> str:
    """From the needs list to a proposed agreement; returns the agreement's address."""
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Needs support").click()
    officer.get_by_role("link", name=f"Start a support case for {school_name}").click()
    expect(officer.get_by_label("A trigger on the schools list")).to_be_checked()
    expect(
        officer.get_by_text("Judged Requires Improvement at the inspection on 3 May 2018.")
    ).to_be_visible()
    officer.get_by_label("Reason").fill("Requires Improvement")
    officer.get_by_role("button", name="Open case").click()
    officer.get_by_label("Needs analysis").fill("Leadership of reading is new.")
    officer.get_by_role("button", name="Save needs analysis").click()
    officer.get_by_role("link", name="Arrange support").click()
    officer.get_by_role("radio", name="A system leader").check()
    officer.get_by_label("System leader (if the provider is a system leader)").fill("Lee")
    officer.get_by_role("option").first.click()
    officer.get_by_label("Start date").fill(day(starts))
    officer.get_by_label("End date").fill(day(ends))
    officer.get_by_label("Days of support").fill("5")
    officer.get_by_label("Cost (£)").fill("1750")
    officer.get_by_label("The LA's partnership budget").check()
    officer.get_by_label("Review every (weeks)").fill("6")
    officer.get_by_label("First objective").fill("Consistent teaching of reading")
    officer.get_by_label("Its outcome measure").fill("Reading at the LA average")
    officer.get_by_label("Objective's target date").fill(day(ends - 7))
    officer.get_by_label("Reason").fill("Reading expertise")
    officer.get_by_role("button", name="Save and check for conflicts").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("From Lee Leader")
    return officer.url


def rate_and_assure(provider, officer, agreement_url: str, rating: str):
    provider.goto(agreement_url)
    provider.get_by_role("link", name="Rate this review").first.click()
    provider.get_by_label("Date of the review").fill(day(0))
    provider.get_by_label(rating).check()
    provider.get_by_label("Summary of progress").fill("Progress seen in books")
    provider.get_by_role("button", name="Save").click()
    officer.goto(agreement_url)
    officer.get_by_role("link", name="Quality-assure this review").click()
    expect(officer.get_by_text(rating, exact=True)).to_be_visible()
    assert_accessible(officer)
    officer.get_by_label("Secure: the ratings are supported by the evidence").check()
    officer.get_by_label("Comment").fill("Well evidenced")
    officer.get_by_role("button", name="Save").click()


def test_a_school_with_no_head_account_from_flag_to_partly_met(world):
    officer, provider = world["officer"], world["provider"]
    # The support started twelve weeks ago, so two six-weekly reviews fall due by today.
    agreement_url = open_case_and_propose(officer, "School Y", starts=-84, ends=120)
    expect(officer.get_by_text("School Y has no headteacher in the portal")).to_be_visible()
    assert_accessible(officer)

    # The head agreed by phone: the officer records it.
    officer.get_by_role("link", name="Record the school's answer").click()
    officer.get_by_label("It agrees the support").check()
    officer.get_by_label("By phone").check()
    officer.get_by_label("Who answered for the school").fill("Mrs P Patel, headteacher")
    officer.get_by_label("Date the school answered").fill(day(0))
    assert_accessible(officer)
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_text("Mrs P Patel, headteacher answered by phone on")).to_be_visible()

    # The leader logs coaching.
    provider.goto(agreement_url)
    provider.get_by_role("link", name="Log other support").click()
    provider.get_by_label("Coaching").check()
    provider.get_by_label("Date").fill(day(0))
    provider.get_by_label("Time spent (hours)").fill("13")
    provider.get_by_label("What was done").fill("Coached the English lead")
    provider.get_by_role("button", name="Save").click()
    expect(provider.get_by_text("13 hours logged so far: 2 days at 6.5 hours a day")).to_be_visible()

    # Two reviews on the cycle: quality-assuring the first schedules the second six weeks on.
    rate_and_assure(provider, officer, agreement_url, "At risk")
    agreement = SupportAgreement.objects.get()
    assert sorted(r.due_on for r in agreement.reviews.all())[1] == agreement.starts_on + dt.timedelta(
        weeks=12
    )
    rate_and_assure(provider, officer, agreement_url, "On track")
    assert agreement.reviews.filter(status="quality_assured").count() == 2

    # Closure: partly met.
    case = SupportCase.objects.get()
    officer.goto(f"/p/pa/support/cases/{case.pk}/")
    officer.get_by_role("link", name="Close the case").click()
    officer.get_by_label("The support was delivered and reviewed").check()
    officer.get_by_label("Partly met").check()
    officer.get_by_label("Impact statement").fill("Reading improved; writing still below")
    officer.get_by_label("Reason").fill("Support complete")
    officer.get_by_role("button", name="Close case").click()
    expect(officer.get_by_role("heading", name="Impact")).to_be_visible()
    assert_accessible(officer)
    case.refresh_from_db()
    assert case.closure == "completed"
    assert case.agreements.get().objectives.get().outcome == "partly_met"


def test_a_head_declines_and_the_officer_sees_why(world, head_x, school_x, partnership_a):
    officer, head = world["officer"], world["page_for"](head_x)
    NeedsFlag.objects.filter(school__name="School Y").update(school=school_x)
    agreement_url = open_case_and_propose(officer, "School X", starts=0, ends=120)
    head.goto("/p/pa/")
    head.get_by_role("link", name="Read and agree the support").click()
    head.get_by_role("link", name="Answer for your school").click()
    head.get_by_label("No, the school declines it").check()
    head.get_by_role("button", name="Save").click()
    expect(head.get_by_text("Say why the school declines the support").first).to_be_visible()
    assert_accessible(head)
    head.get_by_label("Why the school declines, or what it would like changed").fill(
        "We already work with the maths hub"
    )
    head.get_by_role("button", name="Save").click()
    officer.goto("/p/pa/")
    expect(
        officer.get_by_text(
            "School X has declined the support from Lee Leader: We already work with the maths hub"
        )
    ).to_be_visible()
    officer.goto(agreement_url)
    expect(officer.get_by_text("School X declined this support on")).to_be_visible()
    assert_accessible(officer)


def test_met_with_nothing_delivered_is_refused_and_closed_without_completion_works(world):
    officer = world["officer"]
    open_case_and_propose(officer, "School Y", starts=0, ends=120)
    case = SupportCase.objects.get()
    officer.goto(f"/p/pa/support/cases/{case.pk}/")
    officer.get_by_role("link", name="Close the case").click()
    expect(officer.get_by_text("so this case can only close without completion")).to_be_visible()
    officer.get_by_label("The support was delivered and reviewed").check()
    officer.get_by_label("Met", exact=True).check()
    officer.get_by_label("Impact statement").fill("Everything is better")
    officer.get_by_label("Reason").fill("Done")
    officer.get_by_role("button", name="Close case").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text(
        "The support cannot be closed as completed: no support has been logged"
    )
    assert_accessible(officer)
    officer.get_by_role("radio", name="It is closing without completion").check()
    officer.get_by_label("If it is closing without completion, why?").select_option(
        label="The school converted to an academy or joined another trust"
    )
    officer.get_by_role("button", name="Close case").click()
    expect(
        officer.get_by_text("without completion: The school converted to an academy").first
    ).to_be_visible()
    expect(officer.locator(".govuk-task-list")).to_contain_text("Not done")
    assert_accessible(officer)
