"""An LA officer's work with the schools register, in a real browser, on the real Leicestershire files."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from partnership.models import Role
from schools.importers.gias import gias_read
from schools.importers.inspections import inspections_read
from schools.importers.performance import performance_read
from schools.models import ImportRun, NeedsFlag
from schools.services import inspections_load, needs_flags_refresh, performance_load, schools_load
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import LocalAuthorityFactory, PartnershipFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.browser
LEICS = Path(__file__).resolve().parents[2] / "data" / "leicestershire"


@pytest.fixture
def leep(transactional_db):
    partnership = PartnershipFactory(
        name="Leicestershire Education Excellence Partnership", short_name="LEEP", slug="leep"
    )
    LocalAuthorityFactory(code="855", name="Leicestershire", partnership=partnership)
    officer = UserFactory(full_name="Olu Officer", email="olu@leep.test")
    RoleFactory(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    return partnership, officer


@pytest.fixture
def leep_with_data(leep):
    partnership, officer = leep
    schools_load(actor=None, rows=gias_read(LEICS / "gias_establishments.csv"), reason="test")
    inspections_load(actor=None, rows=inspections_read(LEICS / "inspections_to_2018.csv"), reason="test")
    for year in (2016, 2017, 2018):
        rows = performance_read(LEICS / f"ks2_perf_{year}.csv", key_stage=2, academic_year=year)
        performance_load(actor=None, rows=rows, key_stage=2, reason="test")
    needs_flags_refresh(partnership=partnership)
    return partnership, officer


def test_officer_uploads_the_register_and_reads_the_import_report(page, leep):
    _, officer = leep
    sign_in(page, officer)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a file")
    assert_accessible(page)
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what is in the file")
    assert_accessible(page)
    page.get_by_label("School register (GIAS establishment extract)").check()
    page.get_by_label("CSV file").set_input_files(str(LEICS / "gias_establishments.csv"))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of gias_establishments.csv")
    expect(page.get_by_role("status")).to_contain_text("Finished")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Created")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("334")
    assert_accessible(page)
    assert ImportRun.objects.get().created == 334


def test_officer_filters_opens_a_profile_reads_the_chart_and_dismisses_a_flag(page, leep_with_data):
    _, officer = leep_with_data
    sign_in(page, officer)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Schools").click()
    assert_accessible(page)
    page.get_by_label("Phase").select_option("Primary")
    page.get_by_label("Latest Ofsted outcome").select_option(label="Requires Improvement")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_contain_text("match your filters")
    rows = page.locator("tbody .govuk-table__row")
    assert rows.count() > 0
    for cell in rows.locator("td:nth-child(4)").all_inner_texts():
        assert cell.startswith("Requires Improvement")
    for cell in rows.locator("td:nth-child(3)").all_inner_texts():
        assert cell.startswith("Primary")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Inspections")).to_be_visible()
    chart = page.get_by_role(
        "img", name="Key stage 2: pupils at the expected standard in reading, writing and maths"
    )
    expect(chart).to_be_visible()
    table = page.get_by_role(
        "table", name="Key stage 2: pupils at the expected standard in reading, writing and maths: figures"
    )
    expect(table).to_contain_text("2017 to 2018")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Needs support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools that may need support")
    assert_accessible(page)
    # Triage: only the schools set off by one trigger, then by name.
    page.get_by_label("Trigger").select_option(
        label="Latest inspection judged Requires Improvement or Inadequate"
    )
    page.get_by_label("Sort by").select_option(label="Name (A to Z)")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_contain_text("match")
    shown = page.locator(".govuk-summary-card__title a").all_inner_texts()
    flagged = NeedsFlag.objects.filter(status="open", kind="inspection_below_good")
    schools = sorted({(flag.school.name, flag.school.urn) for flag in flagged})
    assert shown == [name for name, _ in schools][:25]  # the first page of 25
    assert_accessible(page)
    first_school = flagged.order_by("school__name").first().school
    first_open = NeedsFlag.objects.filter(status="open", school=first_school).order_by("kind").first()
    page.locator(".govuk-summary-list__actions a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to dismiss this flag?")
    page.get_by_role("button", name="Dismiss flag").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a reason")
    assert_accessible(page)
    page.get_by_label("Reason").fill("Already supported by its trust")
    page.get_by_role("button", name="Dismiss flag").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been dismissed")
    first_open.refresh_from_db()
    assert (
        first_open.status == "dismissed" and first_open.dismissal_reason == "Already supported by its trust"
    )


def test_networks_leaders_and_triggers_pages_are_accessible(page, leep_with_data):
    partnership, officer = leep_with_data
    sign_in(page, officer)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Networks").click()
    page.get_by_role("link", name="Add a network").click()
    page.get_by_label("Name").fill("Charnwood Triad")
    page.get_by_label("Triad").check()
    page.get_by_label("Reason").fill("Set up at the autumn briefing")
    page.get_by_role("button", name="Save network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charnwood Triad")
    assert_accessible(page)
    page.get_by_role("link", name="Add a school").click()
    page.get_by_label("School", exact=True).select_option(label="The Latimer Primary School")
    page.get_by_label("Reason").fill("Founding member")
    page.get_by_role("button", name="Add school").click()
    expect(page.get_by_role("table", name="Schools in the network now")).to_contain_text(
        "The Latimer Primary School"
    )
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="System leaders").click()
    page.get_by_role("link", name="Add a system leader").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Priya Demo")
    page.get_by_label("Specialist Leader of Education").check()
    page.get_by_label("Capacity (days a term)").fill("10")
    page.get_by_label("Days already committed this term").fill("4")
    page.get_by_label("Reason").fill("Accredited this term")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Demo")
    expect(page.get_by_text("10 days, 4 committed, 6 available")).to_be_visible()
    assert_accessible(page)

    page.goto("/p/leep/schools/needs-support/triggers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triggers")
    assert_accessible(page)
