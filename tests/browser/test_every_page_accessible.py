"""axe-core on every page the portal serves: each URL pattern, filled with real records, opened in
Chromium by an LA administrator (and, for public pages, by a visitor who has not signed in)."""

import pytest

from tests.browser.conftest import _new_page, assert_accessible, sign_in, watch_csp
from tests.test_url_sweep import all_url_names, sample_kwargs, url_for  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

SKIP_PREFIXES = ("admin:",)  # the Django admin is for platform operators, outside the service's design
DOWNLOADS = {"governance:paper", "health", "health-ready", "metrics"}


def test_every_page_is_accessible(browser, live_server, la_admin_a, board_member_a, sample_kwargs):  # noqa: F811
    from governance.models import Membership

    Membership.objects.filter(user=board_member_a).update(user=la_admin_a)  # so the admin is a member too
    context, page = _new_page(browser, live_server)
    csp_violations = watch_csp(page)
    sign_in(page, la_admin_a)
    checked = []
    for name in all_url_names():
        if name.startswith(SKIP_PREFIXES):
            continue
        url = url_for(name, sample_kwargs)
        if url.endswith((".csv", ".pdf")) or name in DOWNLOADS:
            continue
        probe = page.request.get(f"{live_server.url}{url}", max_redirects=0)
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue
        page.goto(f"{live_server.url}{url}")
        assert_accessible(page)
        checked.append(name)
    context.close()
    assert not csp_violations, "Pages broke the content security policy:\n" + "\n".join(csp_violations)
    # Most pages are real pages for an LA administrator; the rest are redirects, files or 404s.
    assert len(checked) > 80, checked


def _sweep_inclusion_pages(browser, live_server, person, sample) -> list[str]:  # noqa: F811
    context, page = _new_page(browser, live_server)
    csp_violations = watch_csp(page)
    sign_in(page, person)
    checked = []
    for name in all_url_names():
        if not name.startswith("inclusion:"):
            continue
        url = url_for(name, sample)
        probe = page.request.get(f"{live_server.url}{url}", max_redirects=0)
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue
        page.goto(f"{live_server.url}{url}")
        assert_accessible(page)
        checked.append(name)
    context.close()
    assert not csp_violations, "Pages broke the content security policy:\n" + "\n".join(csp_violations)
    return checked


def test_every_inclusion_page_is_accessible(browser, live_server, head_x, sample_kwargs):  # noqa: F811
    """The pupil pages are closed to LA administrators, so they are opened here by the people who
    use them: an LA inclusion officer, and the headteacher of the pupil's school (who also chairs
    the sample inclusion partnership)."""
    from partnership.models import User
    from tests.inclusion_samples import INCLUSION_OFFICER_EMAIL

    officer = User.objects.get(email=INCLUSION_OFFICER_EMAIL)
    by_officer = _sweep_inclusion_pages(browser, live_server, officer, sample_kwargs)
    by_head = _sweep_inclusion_pages(browser, live_server, head_x, sample_kwargs)
    every_page = {name for name in all_url_names() if name.startswith("inclusion:")}
    # Every inclusion page is a real page for one of them (the ones that only redirect after a
    # POST still show their form on GET).
    assert every_page == set(by_officer) | set(by_head), every_page - set(by_officer) - set(by_head)
    # A pupil record's history is a partnership page (partnership:history), closed to the LA
    # administrator of the sweep above: opened here by the inclusion officer.
    context, page = _new_page(browser, live_server)
    sign_in(page, officer)
    history = url_for(
        "partnership:history", {**sample_kwargs, "kind": "pupil", "pk": sample_kwargs["pupil_id"]}
    )
    assert page.goto(f"{live_server.url}{history}").status == 200
    assert_accessible(page)
    context.close()


REFLOW_WIDTH = 320  # CSS pixels: WCAG 2.2 success criterion 1.4.10, Reflow


def _wider_than_the_window(page) -> int:
    """How far the page as a whole scrolls sideways (a table or code block that scrolls in its own
    region does not count: that is allowed)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_every_page_reflows_at_320_pixels(
    browser,
    live_server,
    la_admin_a,
    board_member_a,
    school_x,
    sample_kwargs,  # noqa: F811
):
    """At 320 CSS pixels wide no page scrolls sideways as a whole, signed in and not, even where
    someone typed 10,000 characters without a space into a text field, or a school's name is
    200 characters of one word."""
    from governance.models import AgendaItem, MeetingAction, Membership
    from schools.models import School

    Membership.objects.filter(user=board_member_a).update(user=la_admin_a)
    AgendaItem.objects.update(minutes="x" * 10_000, title="T" * 300)
    MeetingAction.objects.update(description="y" * 300)
    School.objects.filter(pk=school_x.pk).update(name="S" * 200)
    too_wide, checked = [], []
    for signed_in in (True, False):
        context, page = _new_page(browser, live_server, viewport={"width": REFLOW_WIDTH, "height": 640})
        if signed_in:
            sign_in(page, la_admin_a)
        for name in all_url_names():
            if name.startswith(SKIP_PREFIXES) or name in DOWNLOADS:
                continue
            url = url_for(name, sample_kwargs)
            if url.endswith((".csv", ".pdf")):
                continue
            probe = page.request.get(f"{live_server.url}{url}", max_redirects=0)
            if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
                continue
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            extra = _wider_than_the_window(page)
            if extra > 0:
                too_wide.append(f"{name} {url}: {extra}px too wide")
            checked.append(name)
        context.close()
    assert not too_wide, "Pages that scroll sideways at 320 pixels:\n" + "\n".join(too_wide)
    assert len(checked) > 100, checked
