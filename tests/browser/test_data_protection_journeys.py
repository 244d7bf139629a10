"""An LA administrator makes a subject access export from a person's page, and downloads it."""

from __future__ import annotations

import zipfile

import pytest

from partnership.models import AccessLogEntry
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_la_admin_downloads_a_subject_access_export(page, la_admin_a, head_x):
    sign_in(page, la_admin_a)
    page.goto(f"/p/pa/people/{head_x.pk}/")
    page.get_by_role("link", name="Export everything held about Hana Head").click()
    page.get_by_role("heading", name="Subject access export").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Download the export").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)

    page.get_by_label("Why are you making this export?").fill("SAR 2026-14")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the export").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"subject-access-pa-{head_x.pk}-")
    with zipfile.ZipFile(download.path()) as archive:
        names = set(archive.namelist())
        assert "Hana Head" in archive.read("person.csv").decode("utf-8-sig")
    assert {"README.txt", "person.csv", "role_assignments.csv", "changes_made.csv"} <= names
    entry = AccessLogEntry.objects.get(action="export")
    assert (entry.user_id, entry.reason) == (la_admin_a.pk, "SAR 2026-14")


def test_retention_privacy_and_own_data_pages_are_accessible(page, la_admin_a):
    sign_in(page, la_admin_a)
    page.goto("/p/pa/people/")
    page.get_by_role("link", name="See what the retention rules have removed").click()
    page.get_by_role("heading", name="Retention").wait_for()
    assert_accessible(page)
    page.goto("/privacy/")
    page.get_by_role("heading", name="Record of processing").wait_for()
    assert_accessible(page)
    page.goto("/account/my-data/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download your data").click()
    with zipfile.ZipFile(download_info.value.path()) as archive:
        assert "person.csv" in archive.namelist()
