"""A scrutiny report from "Generate now" to the public page, in a real browser."""

import pytest
from playwright.sync_api import expect

from governance.models import Report
from tests.browser.conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_officer_generates_approves_and_publishes_and_a_governor_downloads_it(
    browser, live_server, la_officer_a, school_x
):
    context, page = _new_page(browser, live_server)
    sign_in(page, la_officer_a)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="Make, approve and publish the scrutiny reports").click()
    assert_accessible(page)
    page.get_by_role("link", name="Generate now").click()
    assert_accessible(page)
    page.get_by_label("Reason").fill("Strategic Group meets next week")
    page.get_by_role("button", name="Make the report").click()
    # Celery runs in-process here, so the report is a draft by the time the page opens.
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    assert_accessible(page)
    report = Report.objects.get(partnership__slug="pa")
    # The report cannot be approved until the officer has written its narrative.
    expect(page.get_by_role("link", name="Approve", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Write the narrative").click()
    assert_accessible(page)
    page.get_by_label("Key messages").fill(
        "Most schools are good or outstanding.\n\nSupport went where it was asked for."
    )
    page.get_by_label("What the partnership did this term").fill("Officers met every flagged school.")
    page.get_by_label("Commentary on inspection outcomes (optional)").fill("Two schools moved up a grade.")
    page.get_by_role("button", name="Save the narrative").click()
    # Forgetting the next steps is caught on the report's page, not at approval.
    expect(page.get_by_text("The narrative is saved")).to_be_visible()
    expect(
        page.get_by_text("The report can be approved once you have written the next steps.")
    ).to_be_visible()
    page.get_by_role("link", name="Change the narrative").click()
    page.get_by_label("Next steps").fill("Review the networks next term.")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Save the narrative").click()
    page.get_by_role("link", name="Read the report as a web page").click()
    expect(page.get_by_role("heading", name="Key messages")).to_be_visible()
    expect(page.get_by_text("Two schools moved up a grade.")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Approve").click()
    page.get_by_label("I have read the draft report").check()
    page.get_by_label("Reason").fill("Read and checked")
    page.get_by_role("button", name="Approve the report").click()
    expect(page.get_by_text("The report is approved")).to_be_visible()
    page.get_by_role("link", name="Publish").click()
    assert_accessible(page)
    page.get_by_label("Reason").fill("Agreed by the group")
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is published")).to_be_visible()
    context.close()
    report.refresh_from_db()
    assert report.status == "published"

    # An anonymous governor finds it on the public page and downloads the PDF.
    context, visitor = _new_page(browser, live_server)
    visitor.goto(f"{live_server.url}/reports/")
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Partnership A").click()
    assert_accessible(visitor)
    link = visitor.get_by_role("link", name="download the PDF")
    response = visitor.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == bytes(report.pdf)
    visitor.get_by_role("link", name="read it").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Termly scrutiny report")
    assert_accessible(visitor)
    context.close()


def test_the_report_as_a_web_page_reflows_at_320_pixels_and_its_wide_tables_scroll_on_their_own(browser):
    """The published report is read on phones too: a table wider than the screen scrolls in its own
    focusable region, and the page itself never scrolls sideways (WCAG 1.4.10)."""
    from pathlib import Path
    from types import SimpleNamespace

    from governance.reporting import render
    from governance.tests.test_reports import known_snapshot

    snapshot = known_snapshot(
        SimpleNamespace(name="Partnership A", short_name="PA", slug="pa"),
        term=SimpleNamespace(key="2026-autumn"),
    )
    wide = snapshot["sections"][0]["tables"][0]
    wide["headers"] = ["Partnership"] + [f"Permanent exclusions per 1,000 pupils {n}" for n in range(8)]
    wide["rows"] = [[f"Area {r}"] + [f"{r * n}.5" for n in range(8)] for r in range(3)]
    words = {
        "key_messages": "Most schools are good. " + "x" * 400,
        "activity": "Met.",
        "next_steps": "Meet.",
        "commentary": {},
        "endorsement": "",
        "period_words": "this term",
    }
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.set_content(render.report_html(snapshot, narrative=words))
    page.add_style_tag(path=str(Path("static/dist") / render.PRINT_STYLESHEET))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.get_by_role("region", name=f"Table: {wide['caption']}")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    assert_accessible(page)
    page.close()
