"""The retention rules: each acts on exactly the records past its period, and each run is reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import require_service
from consultation.demo import leep_2013_questionnaire
from consultation.models import Answer, Response
from partnership.auditing import save_with_history
from partnership.models import AccessLogEntry, Notification, RetentionRun, SecurityEvent
from partnership.retention import RULES, apply_retention
from support.models import ActionLogEntry, Escalation, SupportCase
from tests.factories import AgreementFactory, CaseFactory, ReviewFactory, VisitFactory
from tests.helpers import pinned_queries, text_of

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2033, 3, 15, 12, tzinfo=dt.UTC)
TODAY = NOW.date()


def _lines(run: RetentionRun, rule: str) -> dict:
    return {line["partnership"]: line["count"] for line in run.results if line["rule"] == rule}


# --- Consultation responses ---------------------------------------------------------------------


def test_responses_are_deleted_after_their_consultation_keeps_them(la_admin_a, partnership_a, partnership_b):
    def consultation(partnership, retain_until):
        made = leep_2013_questionnaire(
            partnership=partnership, actor=la_admin_a, opens_on=TODAY, closes_on=TODAY
        )
        made.retain_until = retain_until
        made.save()
        response = Response.objects.create(consultation=made, respondent_kind="parent", status="submitted")
        Answer.objects.create(response=response, comment="What I think")
        return response

    past = consultation(partnership_a, TODAY - dt.timedelta(days=1))
    kept = consultation(partnership_a, TODAY)
    run = apply_retention(now=NOW)
    assert list(Response.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Response.history.filter(id=past.pk).exists()
    assert _lines(run, "consultation_responses") == {"pa": 1, "pb": 0}


# --- Closed support cases -----------------------------------------------------------------------


@pytest.fixture
def old_case(partnership_a, school_x, la_officer_a):
    """Closed six years and a day before NOW, with text in the case and everything under it."""
    case = CaseFactory(
        partnership=partnership_a,
        school=school_x,
        lead_officer=la_officer_a,
        needs_analysis="Weak phonics, named teacher",
        opened_on=dt.date(2025, 9, 1),
    )
    case.status, case.closed_on, case.impact_statement = "closed", dt.date(2027, 3, 14), "Much better"
    save_with_history(case, actor=la_officer_a, reason="Closed")
    agreement = AgreementFactory(case=case, conflicts_found="Chair's sister")
    visit = VisitFactory(
        agreement=agreement, proposed_by=la_officer_a, school_comment="Please come on Monday"
    )
    ActionLogEntry.objects.create(
        agreement=agreement,
        kind="visit",
        happened_on=dt.date(2026, 1, 10),
        hours=3,
        what_was_done="Observed Miss Smith",
        logged_by=la_officer_a,
    )
    ReviewFactory(agreement=agreement, summary="On track", status="quality_assured")
    Escalation.objects.create(
        case=case,
        reason="No progress",
        intervention="warning_notice",
        decision_maker="Jo Bloggs",
        escalated_by=la_officer_a,
    )
    return case, visit


def test_closed_case_past_the_period_is_anonymised_and_keeps_its_dates(old_case):
    case, visit = old_case
    run = apply_retention(now=NOW)
    removed = "[removed under the retention rule on 15 March 2033]"
    case.refresh_from_db()
    assert (case.needs_analysis, case.impact_statement, case.evidence) == (removed, removed, "")
    assert (case.status, case.opened_on, case.closed_on) == (
        "closed",
        dt.date(2025, 9, 1),
        dt.date(2027, 3, 14),
    )
    agreement = case.agreements.get()
    assert (agreement.conflicts_found, agreement.days, agreement.starts_on) == (
        removed,
        5,
        dt.date(2026, 9, 1),
    )
    visit.refresh_from_db()
    assert (visit.purpose, visit.school_comment, visit.visit_on) == (removed, removed, dt.date(2027, 1, 10))
    entry = agreement.log_entries.get()
    assert (entry.what_was_done, entry.evidence_seen, entry.hours) == (removed, "", 3)
    review = agreement.reviews.get()
    assert (review.summary, review.status) == (removed, "quality_assured")
    escalation = case.escalations.get()
    assert (escalation.reason, escalation.decision_maker, escalation.intervention) == (
        removed,
        removed,
        "warning_notice",
    )
    assert _lines(run, "closed_support_cases") == {"pa": 1}


def test_history_of_an_anonymised_case_no_longer_holds_the_text(old_case):
    case, visit = old_case
    apply_retention(now=NOW)
    assert not SupportCase.history.filter(needs_analysis__contains="phonics").exists()
    assert not SupportCase.history.filter(impact_statement="Much better").exists()
    assert not visit.history.filter(school_comment__contains="Monday").exists()
    assert not ActionLogEntry.history.filter(what_was_done__contains="Smith").exists()
    assert not Escalation.history.filter(decision_maker="Jo Bloggs").exists()
    latest = SupportCase.history.filter(id=case.pk).latest()
    assert latest.history_change_reason == "Anonymised: closed more than 6 years ago"


def test_cases_closed_within_the_period_or_open_are_left_alone(
    old_case, partnership_a, school_y, la_officer_a
):
    recent = CaseFactory(partnership=partnership_a, school=school_y, lead_officer=la_officer_a)
    recent.status, recent.closed_on = "closed", dt.date(2027, 3, 15)  # exactly six years before NOW
    save_with_history(recent, actor=la_officer_a, reason="Closed")
    still_open = CaseFactory(
        partnership=partnership_a, school=school_y, lead_officer=la_officer_a, opened_on=dt.date(2020, 1, 1)
    )
    apply_retention(now=NOW)
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.needs_analysis == still_open.needs_analysis == "Reading in key stage 2."
    assert SupportCase.history.filter(id=recent.pk, needs_analysis="Reading in key stage 2.").count() == 2


def test_a_second_run_finds_nothing_more_to_anonymise(old_case):
    apply_retention(now=NOW)
    second = apply_retention(now=NOW + dt.timedelta(days=1))
    assert _lines(second, "closed_support_cases") == {"pa": 0}
    case = old_case[0]
    case.refresh_from_db()
    assert case.needs_analysis == "[removed under the retention rule on 15 March 2033]"


# --- Logs and notifications ---------------------------------------------------------------------


def _access_entry(days_ago: int, now=None) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        action="view",
        record_type="support case",
        occurred_at=(now or timezone.now()) - dt.timedelta(days=days_ago),
    )


def test_access_log_entries_past_the_period_are_deleted_despite_the_trigger(settings):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    settings.ACCESS_LOG_RETENTION_DAYS = 400
    old, kept = _access_entry(401), _access_entry(399)
    run = apply_retention()
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert _lines(run, "access_log") == {None: 1}
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()


def test_access_log_period_under_a_year_is_refused(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 365
    with pytest.raises(ImproperlyConfigured, match="at least 366"):
        apply_retention(now=NOW)
    assert not RetentionRun.objects.exists()


def test_security_events_past_the_period_are_deleted(la_officer_a):
    old = SecurityEvent.objects.create(
        kind="sign_in", user=la_officer_a, occurred_at=NOW - dt.timedelta(days=731)
    )
    kept = SecurityEvent.objects.create(
        kind="sign_in", user=la_officer_a, occurred_at=NOW - dt.timedelta(days=729)
    )
    run = apply_retention(now=NOW)
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert old.pk not in SecurityEvent.objects.values_list("pk", flat=True)
    assert _lines(run, "security_events") == {None: 1}


def test_read_notifications_are_deleted_after_a_year_with_their_history(la_officer_a, partnership_a):
    def note(text, read_days_ago):
        read_at = None if read_days_ago is None else NOW - dt.timedelta(days=read_days_ago)
        return Notification.objects.create(
            user=la_officer_a,
            partnership=partnership_a,
            text=text,
            created_at=NOW - dt.timedelta(days=900),
            read_at=read_at,
        )

    old_read = note("Old and read", 366)
    unread = note("Old but unread", None)
    recent = note("Read lately", 364)
    run = apply_retention(now=NOW)
    assert set(Notification.objects.values_list("pk", flat=True)) == {unread.pk, recent.pk}
    assert not Notification.history.filter(id=old_read.pk).exists()
    assert _lines(run, "read_notifications") == {"pa": 1}


def test_every_rule_reports_a_line_in_the_run(partnership_a):
    run = apply_retention(now=NOW)
    assert [line["rule"] for line in run.results] == [r.key for r in RULES]
    assert run.ran_at == NOW


# --- The schedule -------------------------------------------------------------------------------


def test_retention_is_scheduled_daily_exactly_once():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert tasks.count("partnership.tasks.apply_retention") == 1
    assert "consultation.tasks.delete_responses_past_retention" not in tasks
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "partnership.tasks.apply_retention"
    )
    assert entry["schedule"] == 60 * 60 * 24


def test_the_task_runs_the_rules(partnership_a):
    from partnership.tasks import apply_retention as task

    run_id = task.delay().get()
    assert RetentionRun.objects.get().pk == run_id


# --- The page -----------------------------------------------------------------------------------


def _page_url(slug="pa"):
    return reverse("partnership:retention", kwargs={"partnership_slug": slug})


def test_la_admin_sees_runs_newest_first_with_only_their_partnership(client_for, la_admin_a, partnership_b):
    first = RetentionRun.objects.create(
        ran_at=NOW,
        results=[
            {
                "rule": "closed_support_cases",
                "record_type": "closed support cases",
                "partnership": "pa",
                "action": "anonymised",
                "count": 3,
            },
            {
                "rule": "closed_support_cases",
                "record_type": "closed support cases",
                "partnership": "pb",
                "action": "anonymised",
                "count": 77,
            },
            {
                "rule": "access_log",
                "record_type": "access log entries",
                "partnership": None,
                "action": "deleted",
                "count": 12,
            },
        ],
    )
    second = RetentionRun.objects.create(ran_at=NOW + dt.timedelta(days=1), results=[])
    client = client_for(la_admin_a)
    client.get(_page_url())
    with pinned_queries(6):
        response = client.get(_page_url())
    assert [run.pk for run, _ in response.context["runs"]] == [second.pk, first.pk]
    lines = dict(response.context["runs"])[first]
    assert [(line["partnership"], line["count"]) for line in lines] == [("pa", 3), (None, 12)]
    page = text_of(response)
    assert "77" not in page and "Whole portal" in page


def test_retention_page_has_an_empty_state(client_for, la_admin_a):
    assert "The retention rules have not run yet" in text_of(client_for(la_admin_a).get(_page_url()))


@pytest.mark.parametrize("who", ["la_officer_a", "head_x", "la_officer_b"])
def test_only_la_admins_see_the_retention_page(client_for, personas, who):
    assert client_for(personas[who]).get(_page_url()).status_code == 404
