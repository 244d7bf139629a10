"""An LA officer imports the DfE's published figures, and the inclusion officer reads the county
beside its region and England on the inclusion figures page, in a real browser, with axe-core on
every page and the wide tables read on a phone (decision 0034)."""

import pytest
from playwright.sync_api import expect

from inclusion.tests.dashboard.test_benchmarks import AP, DICTIONARY, LAIT
from inclusion.tests.world import build_world
from schools.models import Benchmark, ImportRun
from tests.browser.conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


def _upload(page, kind: str, path) -> None:
    page.goto("/p/pa/imports/")
    page.get_by_label(kind).check()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("status")).to_contain_text("Finished")
    assert_accessible(page)


def test_published_figures_are_imported_and_read_beside_the_countys_own(
    world, la_officer_a, browser, live_server, tmp_path
):
    files = {}
    for name, text in (("lait.csv", LAIT), ("dictionary.csv", DICTIONARY), ("ap.csv", AP)):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")

    context, page = _new_page(browser, live_server)
    sign_in(page, la_officer_a)
    _upload(page, "What the LA benchmarks mean (LAIT data dictionary)", files["dictionary.csv"])
    _upload(page, "LA benchmarks (DfE Local Authority Interactive Tool)", files["lait.csv"])
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text("Left alone (other areas, or breakdowns the portal does not keep)")
    expect(summary).to_contain_text("1 marked x (not published)")
    _upload(page, "Alternative provision census (DfE statistics, tidy data)", files["ap.csv"])
    assert ImportRun.objects.filter(status="done").count() == 3
    assert not Benchmark.objects.filter(area_name="Beeton").exists()
    context.close()

    context, page = _new_page(browser, live_server)
    sign_in(page, world.people["inclusion_officer"])
    page.goto("/p/pa/inclusion/")
    page.get_by_role("link", name="Inclusion figures").click()
    page.get_by_role("link", name="Beside England and the region").click()
    section = page.locator("section", has=page.locator("#benchmarks"))
    expect(section).to_contain_text(
        "In 2023 to 2024, the latest year published, Aford had 0.71 permanent exclusions per 1,000 pupils "
        "(East Midlands 1.47) and 10.52 suspensions per 100 pupils"
    )
    expect(section.get_by_role("table").first).to_contain_text("Not published")
    section.get_by_text("What these figures count and where they come from").click()
    expect(section).to_contain_text("Permanent exclusion refers to a pupil who will not come back")
    assert_accessible(page)

    # On a phone the page does not scroll sideways: a wide table scrolls in its own region.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    region = section.get_by_role("region", name="Pupils in alternative provision: as published for the LA")
    region.focus()
    assert_accessible(page)
    context.close()
