"""A school refers an at-risk pupil and the partnership agrees a home base plan, in a real browser,
each person in their own browser session, with axe-core on every page (decision 0020)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from inclusion import services
from inclusion.models import PlanType, Referral, ReferralStatus
from inclusion.tests.world import REASON, build_world, ctx_of
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.browser.conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


@pytest.fixture
def page_for(browser, live_server):
    contexts = []

    def make(user):
        context, page = _new_page(browser, live_server)
        contexts.append(context)
        sign_in(page, user)
        return page

    yield make
    for context in contexts:
        context.close()


def test_a_school_refers_an_at_risk_pupil_and_the_partnership_agrees_a_home_base_plan(world, page_for):
    pupil = world.pupils["x1"]

    # The school's designated inclusion lead finds the pupil and refers them.
    lead = page_for(world.people["designated_lead_x"])
    lead.goto("/p/pa/inclusion/")
    assert_accessible(lead)
    lead.get_by_role("link", name="Pupils", exact=True).click()
    assert_accessible(lead)
    lead.get_by_role("link", name=pupil.full_name, exact=True).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(pupil.full_name)
    assert_accessible(lead)
    lead.get_by_role("link", name="Refer to the inclusion partnership").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Refer a pupil at risk of exclusion")
    assert_accessible(lead)

    lead.get_by_role("button", name="Refer pupil").click()
    summary = lead.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why the pupil is at risk")
    expect(summary).to_contain_text("Enter the support the school has already tried")
    assert_accessible(lead)
    assert not Referral.objects.exists()

    lead.get_by_label("Why is the pupil at risk of exclusion?").fill(
        "Three fixed-term suspensions this term for disruption in lessons"
    )
    lead.get_by_label("What support has the school already tried?").fill(
        "A mentor since September and a reduced timetable for four weeks"
    )
    lead.get_by_label("Reason", exact=True).fill("Agreed at the school's pastoral meeting")
    lead.get_by_role("button", name="Refer pupil").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("has been referred")
    expect(lead.get_by_role("heading", level=1)).to_have_text(pupil.full_name)
    expect(lead.locator("main")).to_contain_text("No plan has been agreed yet")
    expect(lead.get_by_role("link", name="Agree a plan")).to_have_count(0)
    assert_accessible(lead)
    referral = Referral.objects.get(pupil=pupil)
    assert referral.status == ReferralStatus.REFERRED

    # The partnership's staff member opens the referral and agrees a home base plan.
    staff = page_for(world.people["partnership_staff"])
    staff.goto("/p/pa/inclusion/")
    staff.get_by_role("link", name="At-risk referrals").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("At-risk referrals")
    assert_accessible(staff)
    staff.get_by_role("link", name=f"View referral of {pupil.full_name}").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="Agree a plan").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Agree a plan")
    assert_accessible(staff)

    staff.get_by_role("button", name="Agree plan").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Select the plan agreed")
    assert_accessible(staff)

    staff.get_by_role("radio", name="Home base provision").check()
    staff.get_by_label("The plan").fill("Three mornings a week in the home base for six weeks, then a return")
    review_on = dt.date.today() + dt.timedelta(days=42)
    staff.get_by_label("Date of the first review").fill(review_on.strftime("%d/%m/%Y"))
    staff.get_by_label("Reason", exact=True).fill("Agreed at the partnership panel")
    staff.get_by_role("button", name="Agree plan").click()

    expect(staff.locator(".govuk-notification-banner--success")).to_contain_text("Home base provision")
    main = staff.locator("main")
    expect(main).to_contain_text("Plan agreed")
    expect(main).to_contain_text("Home base provision")
    expect(main).to_contain_text(f"{review_on.day} {review_on:%B %Y}")
    assert_accessible(staff)

    referral.refresh_from_db()
    assert (referral.status, referral.plan_type, referral.next_review_on) == (
        ReferralStatus.PLAN_AGREED,
        PlanType.HOME_BASE,
        review_on,
    )
    assert referral.history.first().history_change_reason == "Agreed at the partnership panel"
    # Both people's reads of the referral are in the access log.
    readers = set(
        AccessLogEntry.objects.filter(
            record_type=RecordType.PUPIL_CASE, record_id=str(referral.pk)
        ).values_list("user_id", flat=True)
    )
    assert readers == {world.people["designated_lead_x"].pk, world.people["partnership_staff"].pk}


def test_an_inclusion_officer_reviews_the_plan_and_closes_the_referral(world, page_for):
    head = world.people["head_x"]
    officer = world.people["inclusion_officer"]
    referral = services.referral_create(
        actor=head,
        ctx=ctx_of(head),
        pupil=world.pupils["x2"],
        reasons="Persistent refusal to attend lessons",
        support_tried="A key worker",
        reason=REASON,
    )
    services.referral_agree_plan(
        actor=officer,
        ctx=ctx_of(officer),
        referral=referral,
        plan_type=PlanType.IN_SCHOOL,
        detail="A key worker every morning",
        next_review_on=dt.date.today() + dt.timedelta(days=14),
        reason=REASON,
    )

    page = page_for(officer)
    page.goto(f"/p/pa/inclusion/referrals/{referral.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a review")
    assert_accessible(page)
    page.get_by_label("Date of the next review").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record review").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what the review found")
    assert_accessible(page)
    page.get_by_label("What did the review find?").fill("Attending every morning; ready to end the plan")
    page.get_by_label("Date of the next review").fill("")
    page.get_by_label("Reason", exact=True).fill("Final review")
    page.get_by_role("button", name="Record review").click()
    expect(page.locator("main")).to_contain_text("Attending every morning; ready to end the plan")
    assert_accessible(page)

    page.get_by_role("link", name="Close the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the referral")
    assert_accessible(page)
    page.get_by_role("button", name="Close referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the referral is closing")
    assert_accessible(page)
    page.get_by_label("Reason", exact=True).fill("Back in full-time lessons")
    page.get_by_role("button", name="Close referral").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is closed")
    expect(page.get_by_role("link", name="Record a review")).to_have_count(0)
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.history.first().history_change_reason == "Back in full-time lessons"
