"""A headteacher records a consultation with the partnership's chair before a permanent exclusion,
then the exclusion, in a real browser, with axe-core on every page (decision 0020)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from inclusion.models import ExclusionConsultation, GovernorsReview, PermanentExclusion
from inclusion.tests.world import build_world
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.browser.conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


@pytest.fixture
def head_page(browser, live_server, world):
    context, page = _new_page(browser, live_server)
    sign_in(page, world.people["head_x"])
    yield page
    context.close()


def test_a_headteacher_records_a_consultation_with_the_chair_before_an_exclusion(world, head_page):
    page, pupil = head_page, world.pupils["x1"]
    consulted_on = dt.date.today() - dt.timedelta(days=2)

    # The head opens the pupil's page from the inclusion pages.
    page.goto("/p/pa/inclusion/")
    assert_accessible(page)
    page.get_by_role("link", name="Pupils", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=pupil.full_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pupil.full_name)
    assert_accessible(page)

    # The consultation: who the chair is, and what happens without one.
    page.get_by_role("link", name="Record a consultation with the chair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a consultation with the chair")
    expect(page.locator("main")).to_contain_text(
        "You are consulting Yusuf Head, chair of the North inclusion partnership."
    )
    expect(page.locator("main")).to_contain_text(
        "The partnership expects schools to consult the chair before deciding on a permanent exclusion."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Record consultation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the consultation")
    expect(summary).to_contain_text("Enter why a permanent exclusion is being considered")
    expect(summary).to_contain_text("Enter the alternatives considered")
    expect(summary).to_contain_text("Enter the chair's advice")
    assert_accessible(page)
    assert not ExclusionConsultation.objects.exists()

    page.get_by_label("Date of the consultation").fill(consulted_on.strftime("%d/%m/%Y"))
    page.get_by_label("Why is a permanent exclusion being considered?").fill(
        "A serious assault on another pupil, after two suspensions this term"
    )
    page.get_by_label("Alternatives considered").fill("A managed move to School Y; a place in the home base")
    page.get_by_label("The chair's advice").fill(
        "Exclusion is proportionate; the partnership will offer a place at School Y"
    )
    page.get_by_label("Reason", exact=True).fill("Spoke to the chair by telephone")
    page.get_by_role("button", name="Record consultation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The consultation with the chair is recorded"
    )
    expect(page.locator("main")).to_contain_text("Yusuf Head")
    assert_accessible(page)
    consultation = ExclusionConsultation.objects.get(pupil=pupil)

    # The exclusion: no warning, since the chair was consulted first.
    page.get_by_role("link", name="Record a permanent exclusion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a permanent exclusion")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("You consulted Yusuf Head")
    assert_accessible(page)
    page.get_by_label("Date of the exclusion").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Not yet reviewed").check()
    page.get_by_label("Reason", exact=True).fill("The governing board has been told")
    page.get_by_role("button", name="Record exclusion").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The exclusion is recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.full_name)
    expect(page.get_by_text("No consultation before exclusion")).to_have_count(0)
    # The chair has not yet confirmed the head's record of the consultation (decision 0033).
    expect(page.locator("main")).to_contain_text("Consultation not confirmed")
    assert_accessible(page)
    exclusion = PermanentExclusion.objects.get(pupil=pupil)
    assert exclusion.consultation == consultation and not exclusion.flagged_without_consultation

    # The exclusion links to the consultation.
    page.get_by_role("link", name=f"Consultation on {consulted_on.day} {consulted_on:%B %Y}").click()
    expect(page.locator("main")).to_contain_text("Exclusion is proportionate")
    assert_accessible(page)
    page.go_back()

    # Later, the governors' review upholds the exclusion.
    page.get_by_role("link", name="Record the governors' review or placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governors' review and placement")
    assert_accessible(page)
    page.get_by_label("Exclusion upheld").check()
    page.get_by_label("Reason", exact=True).fill("The governors' panel met")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Exclusion upheld")
    assert_accessible(page)
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.UPHELD

    # The exclusions list shows it, and the consultations list the consultation.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Exclusions and consultations"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exclusions and consultations")
    row = page.locator("tbody tr").filter(has_text=pupil.full_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Consultation not confirmed")
    expect(row).to_contain_text("Exclusion upheld")
    assert_accessible(page)
    page.get_by_role("link", name="Consultations before exclusion").click()
    expect(page.locator("tbody tr").filter(has_text=pupil.full_name)).to_contain_text("Yusuf Head")
    assert_accessible(page)

    logged = set(
        AccessLogEntry.objects.filter(user=world.people["head_x"]).values_list("record_type", flat=True)
    )
    assert {RecordType.PUPIL_CONSULTATION, RecordType.PUPIL_EXCLUSION, RecordType.PUPIL_EXCLUSIONS} <= logged


def test_the_chair_is_told_confirms_the_record_and_the_exclusion_is_not_flagged(world, browser, live_server):
    """Decision 0033: the head records a consultation; the chair sees it on her home page, records
    her advice and confirms; the exclusion that follows is not flagged. Another exclusion, on a
    consultation nobody has confirmed, is counted as such in the figures."""
    from inclusion import services
    from inclusion.tests.world import ctx_of

    pupil, head, chair = world.pupils["x1"], world.people["head_x"], world.people["chair_y"]
    head_context, head_page = _new_page(browser, live_server)
    sign_in(head_page, head)
    head_page.goto(f"/p/pa/inclusion/pupils/{pupil.pk}/consultations/new/")
    head_page.get_by_label("Date of the consultation").fill(dt.date.today().strftime("%d/%m/%Y"))
    head_page.get_by_label("Why is a permanent exclusion being considered?").fill("A serious assault")
    head_page.get_by_label("Alternatives considered").fill("A managed move to School Y")
    head_page.get_by_label("The chair's advice").fill("Exclusion is proportionate")
    head_page.get_by_label("Reason", exact=True).fill("Spoke to the chair by telephone")
    head_page.get_by_role("button", name="Record consultation").click()
    expect(head_page.locator("main")).to_contain_text("Not yet confirmed")
    expect(head_page.locator("main")).to_contain_text("Waiting for Yusuf Head to confirm it")
    assert_accessible(head_page)

    # The chair: told on her home page, without the child's name.
    chair_context, chair_page = _new_page(browser, live_server)
    sign_in(chair_page, chair)
    chair_page.goto("/p/pa/")
    message = chair_page.get_by_role("link", name=re.compile("recorded a consultation with you"))
    expect(message).to_be_visible()
    expect(chair_page.locator("main")).not_to_contain_text(pupil.full_name)
    assert_accessible(chair_page)
    message.click()
    expect(chair_page.get_by_role("heading", level=1)).to_have_text(pupil.full_name)
    chair_page.get_by_role("link", name="Confirm or correct this record").click()
    expect(chair_page.get_by_role("heading", level=1)).to_have_text(
        "Confirm or correct the record of a consultation"
    )
    assert_accessible(chair_page)
    chair_page.get_by_role("button", name="Save my answer").click()
    expect(chair_page.locator(".govuk-error-summary")).to_contain_text("Select whether the record is right")
    assert_accessible(chair_page)
    chair_page.get_by_label("Yes, it is a fair record").check()
    chair_page.get_by_label("The advice given, in your words").fill(
        "Exclusion is proportionate; the partnership offers a place at School Y"
    )
    chair_page.get_by_role("button", name="Save my answer").click()
    expect(chair_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have confirmed the record"
    )
    expect(chair_page.locator("main")).to_contain_text("Yusuf Head confirmed this record")
    assert_accessible(chair_page)
    chair_page.goto("/p/pa/")
    expect(chair_page.get_by_role("link", name=re.compile("recorded a consultation with you"))).to_have_count(
        0
    )
    chair_context.close()

    # The exclusion that follows rests on a confirmed consultation: not flagged.
    head_page.goto(f"/p/pa/inclusion/pupils/{pupil.pk}/exclusions/new/")
    head_page.get_by_label("Date of the exclusion").fill(dt.date.today().strftime("%d/%m/%Y"))
    head_page.get_by_label("Not yet reviewed").check()
    head_page.get_by_label("Reason", exact=True).fill("The governing board has been told")
    head_page.get_by_role("button", name="Record exclusion").click()
    expect(head_page.locator("main")).to_contain_text("Chair consulted")
    expect(head_page.get_by_text("Consultation not confirmed")).to_have_count(0)
    head_context.close()

    # Another exclusion, at Y, on a consultation Y's head (the chair) recorded and nobody confirmed.
    head_y = world.people["chair_y"]
    services.consultation_record(
        actor=head_y,
        ctx=ctx_of(head_y),
        pupil=world.pupils["y1"],
        consulted_on=dt.date.today(),
        reason_considered="Repeated assaults",
        alternatives_considered="A managed move",
        chair_advice="As chair: exclusion is a last resort",
        reason="Recorded",
    )
    services.exclusion_record(
        actor=head_y,
        ctx=ctx_of(head_y),
        pupil=world.pupils["y1"],
        excluded_on=dt.date.today(),
        reason="Recorded",
    )
    officer_context, officer_page = _new_page(browser, live_server)
    sign_in(officer_page, world.people["inclusion_officer"])
    officer_page.goto("/p/pa/inclusion/dashboard/")
    table = officer_page.locator("table").filter(has_text="of which the chair confirmed the record")
    expect(table.locator("tr").filter(has_text="of which the chair confirmed the record")).to_contain_text(
        "1"
    )
    expect(table.locator("tr").filter(has_text="has not confirmed it")).to_contain_text("1")
    assert_accessible(officer_page)
    officer_context.close()
