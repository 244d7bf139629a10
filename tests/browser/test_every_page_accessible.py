"""axe-core on every page the portal serves: each URL pattern, filled with real records, opened in
Chromium by an LA administrator (and, for public pages, by a visitor who has not signed in)."""

import pytest

from tests.browser.conftest import _new_page, assert_accessible, sign_in, watch_csp
from tests.test_url_sweep import all_url_names, sample_kwargs, url_for  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

SKIP_PREFIXES = ("admin:",)  # the Django admin is for platform operators, outside the service's design
DOWNLOADS = {"governance:paper", "healthz"}


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
