"""The Django admin works under the portal's content security policy, with no exception for it: its
scripts come from static files, and nothing it shows is refused."""

import pytest

from tests.browser.conftest import _new_page, sign_in, watch_csp

pytestmark = pytest.mark.browser


def test_the_admin_works_with_no_policy_violation(browser, live_server, la_admin_a, partnership_a):
    la_admin_a.is_staff = la_admin_a.is_superuser = True
    la_admin_a.save()
    context, page = _new_page(browser, live_server)
    violations = watch_csp(page)
    sign_in(page, la_admin_a)
    for path in [
        "/admin/",
        "/admin/partnership/user/",
        f"/admin/partnership/user/{la_admin_a.pk}/change/",
        "/admin/partnership/user/add/",
        "/admin/partnership/securityevent/",
        "/admin/partnership/accesslogentry/",
        f"/admin/partnership/partnership/{partnership_a.pk}/change/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path

    # The admin's own scripts run: a new partnership's slug is filled in from its short name,
    # and an inline row is added by the "Add another" link.
    page.goto("/admin/partnership/partnership/add/")
    page.locator("#id_short_name").press_sequentially("New Town SEP")
    assert page.locator("#id_slug").input_value() == "new-town-sep"
    page.goto(f"/admin/partnership/user/{la_admin_a.pk}/change/")
    rows = page.locator("tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("tr.add-row a").click()
    assert rows.count() == before + 1
    context.close()
    assert not violations, "The admin broke the content security policy:\n" + "\n".join(violations)
