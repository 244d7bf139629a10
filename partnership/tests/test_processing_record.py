"""The privacy page's record of processing says the periods the retention rules use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership.processing import ACTIVITIES
from tests.helpers import text_of
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


def test_privacy_page_shows_every_activity_with_the_default_periods(anonymous):
    page = text_of(anonymous.get(reverse("privacy")))
    assert "Record of processing" in page
    for activity in ACTIVITIES:
        assert activity.name in page
    assert "The written notes are removed 6 years after the case closes" in page
    assert "2190 days, then deleted" in page
    assert "730 days, then deleted" in page
    assert "Deleted 365 days after they are read" in page
    assert "Pupils supported by inclusion partnerships" in page
    assert "year only, 6 years after the pupil's last involvement; dates, sessions" in page
    assert "section 19 of the Education Act 1996" in page


def test_privacy_page_follows_the_configured_periods(anonymous, settings):
    settings.SUPPORT_CASE_RETENTION_YEARS = 8
    settings.ACCESS_LOG_RETENTION_DAYS = 3000
    settings.SECURITY_EVENT_RETENTION_DAYS = 400
    settings.INCLUSION_PUPIL_RETENTION_YEARS = 7
    page = text_of(anonymous.get(reverse("privacy")))
    assert "7 years after the pupil's last involvement" in page
    assert "removed 8 years after the case closes" in page
    assert "3000 days, then deleted" in page
    assert "400 days, then deleted" in page


def test_the_portal_refuses_to_start_with_an_access_log_period_under_a_year():
    result = manage("check", ACCESS_LOG_RETENTION_DAYS="100")
    assert result.returncode != 0
    assert "ACCESS_LOG_RETENTION_DAYS must be at least 366" in result.stderr
