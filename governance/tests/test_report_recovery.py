"""The termly report is of the term just ended; a report whose worker keeps dying stops being tried;
a report whose message was lost can be sent again, by an officer or by the schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from governance import tasks
from governance.models import Report, ReportStatus
from governance.reporting import pipeline
from governance.terms import previous_term, term_on, terms_for
from governance.tests.test_reports import known_snapshot
from partnership.services import ServiceError


@pytest.fixture(autouse=True)
def known(monkeypatch):
    monkeypatch.setattr(pipeline, "build_snapshot", known_snapshot)


def row(partnership, term, **fields) -> Report:
    return Report.objects.create(
        partnership=partnership,
        kind="termly",
        period=term.key,
        term=term,
        academic_year=term.academic_year,
        **fields,
    )


def long_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.REPORT_VISIBILITY_TIMEOUT + 60)


# --- 1. The beat reports the term that has just ended -------------------------------------------


def test_the_beat_on_5_january_makes_the_autumn_terms_report_with_figures_at_its_end(
    partnership_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pipeline, "_queue", lambda report_id: None)
    autumn, spring, _ = terms_for(partnership_a, 2026)
    day = spring.starts_on + dt.timedelta(days=1)
    pipeline.start_termly_reports(day)
    report = Report.objects.get(partnership=partnership_a)
    assert (report.period, report.term_id) == (autumn.key, autumn.pk)
    pipeline.report_produce(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.snapshot["period"]["key"] == autumn.key


def test_snapshot_of_an_ended_term_counts_at_its_last_day(partnership_a):
    from governance.reporting.snapshot import period_for

    autumn = terms_for(partnership_a, 2026)[0]
    later = timezone.make_aware(dt.datetime(2027, 1, 6, 9))
    assert period_for(partnership_a, autumn, None, later).cut == autumn.ends_on


def test_an_error_for_one_partnership_does_not_stop_the_others_nor_skip_its_term(
    partnership_a, partnership_b, monkeypatch
):
    monkeypatch.setattr(pipeline, "_queue", lambda report_id: None)
    day = term_on(partnership_a, dt.date(2027, 1, 10)).starts_on + dt.timedelta(days=2)
    real = pipeline._start_termly_report

    def broken_for_a(partnership, today):
        if partnership.pk == partnership_a.pk:
            raise RuntimeError("database hiccup")
        return real(partnership, today)

    monkeypatch.setattr(pipeline, "_start_termly_report", broken_for_a)
    made = pipeline.start_termly_reports(day)
    assert list(Report.objects.filter(pk__in=made).values_list("partnership__slug", flat=True)) == ["pb"]
    monkeypatch.setattr(pipeline, "_start_termly_report", real)
    # The next run makes partnership A's report: its term was not skipped.
    again = pipeline.start_termly_reports(day)
    assert list(Report.objects.filter(pk__in=again).values_list("partnership__slug", "period")) == [
        ("pa", "2026-autumn")
    ]


def test_generate_now_offers_this_term_so_far_the_last_term_and_earlier_ones(
    partnership_a, la_officer_a, client_for, django_capture_on_commit_callbacks
):
    url = reverse("governance:report-new", args=["pa"])
    page = client_for(la_officer_a).get(url + "?kind=termly")
    current = term_on(partnership_a, timezone.localdate())
    before = previous_term(current)
    choices = page.context["form"].fields["term"].choices
    assert choices[0] == (current.pk, f"{current}, so far")
    assert choices[1] == (before.pk, f"{before}, just ended")
    assert b'<select name="term" class="govuk-select"' in page.content and b"<script>" not in page.content
    offered = {pk for pk, _ in choices}
    for year in (current.academic_year - 1, current.academic_year):
        for term in terms_for(partnership_a, year):
            assert (term.pk in offered) == (term.starts_on <= timezone.localdate()), term
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(la_officer_a).post(
            url, {"kind": "termly", "term": before.pk, "reason": "Board"}
        )
    report = Report.objects.get(partnership=partnership_a)
    assert response.status_code == 302 and report.period == before.key and report.status == ReportStatus.DRAFT
    # Another partnership's term, or one not offered, is refused with a message, not a 500.
    other = terms_for(partnership_a, current.academic_year - 3)[0]
    refused = client_for(la_officer_a).post(url, {"kind": "termly", "term": other.pk, "reason": "x"})
    assert refused.status_code == 200 and b"Choose the term" in refused.content


# --- 2. A worker that keeps dying ----------------------------------------------------------------


def test_claim_fails_a_report_whose_worker_stopped_too_often(partnership_a, settings):
    settings.REPORT_MAX_ATTEMPTS = 3
    term = term_on(partnership_a, dt.date(2026, 10, 5))
    report = row(partnership_a, term, status=ReportStatus.RUNNING, attempts=2, started_at=timezone.now())
    claimed = pipeline._claim(report.pk)  # the third attempt is still allowed
    assert claimed is not None and claimed.attempts == 3
    assert pipeline._claim(report.pk) is None  # its worker died again: no fourth attempt
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.attempts == 3
    assert report.error == "The worker making this report stopped 3 times"
    assert pipeline.report_produce(report.pk).status == ReportStatus.FAILED


# --- 3. A lost message ---------------------------------------------------------------------------


def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis: Connection refused")

    monkeypatch.setattr(tasks.produce_report, "delay", refuse)


def test_a_broker_that_is_down_leaves_the_report_waiting_not_a_500(
    partnership_a, la_officer_a, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    broker_down(monkeypatch)
    term = term_on(partnership_a, timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(la_officer_a).post(
            reverse("governance:report-new", args=["pa"]), {"kind": "termly", "term": term.pk, "reason": "x"}
        )
    report = Report.objects.get(partnership=partnership_a)
    assert response.status_code == 302 and report.status == ReportStatus.QUEUED
    page = client_for(la_officer_a).get(response["Location"])
    assert b"The report is waiting to be made." in page.content
    assert b"Try again" not in page.content  # not yet stale


def test_try_again_is_allowed_only_for_failed_or_stale_reports(
    partnership_a, la_officer_a, client_for, django_capture_on_commit_callbacks
):
    term = term_on(partnership_a, dt.date(2026, 10, 5))
    fresh = row(partnership_a, term, status=ReportStatus.QUEUED, version=1)
    with pytest.raises(ServiceError):
        pipeline.report_retry(actor=la_officer_a, report=fresh)
    running = row(partnership_a, term, status=ReportStatus.RUNNING, version=2, started_at=timezone.now())
    with pytest.raises(ServiceError):
        pipeline.report_retry(actor=la_officer_a, report=running)

    stuck = row(
        partnership_a, term, status=ReportStatus.RUNNING, version=3, attempts=1, started_at=long_ago()
    )
    lost = row(partnership_a, term, status=ReportStatus.QUEUED, version=4, requested_at=long_ago())
    detail = client_for(la_officer_a).get(reverse("governance:report", args=["pa", lost.pk]))
    assert b"Try again" in detail.content
    for report in (stuck, lost):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(la_officer_a).post(
                reverse("governance:report-retry", args=["pa", report.pk]), {"reason": "Stuck"}
            )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT and report.attempts == 1


def test_the_schedule_requeues_stale_reports_within_the_attempts_bound(
    partnership_a, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_ATTEMPTS = 3
    term = term_on(partnership_a, dt.date(2026, 10, 5))
    lost = row(partnership_a, term, status=ReportStatus.QUEUED, version=1, requested_at=long_ago())
    died = row(partnership_a, term, status=ReportStatus.RUNNING, version=2, attempts=1, started_at=long_ago())
    spent = row(
        partnership_a, term, status=ReportStatus.RUNNING, version=3, attempts=3, started_at=long_ago()
    )
    busy = row(
        partnership_a, term, status=ReportStatus.RUNNING, version=4, attempts=1, started_at=timezone.now()
    )
    waiting = row(partnership_a, term, status=ReportStatus.QUEUED, version=5)
    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.requeue_stale_reports()
    assert sorted(sent) == sorted([lost.pk, died.pk])
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {
        lost.pk: ReportStatus.DRAFT,
        died.pk: ReportStatus.DRAFT,
        spent.pk: ReportStatus.FAILED,
        busy.pk: ReportStatus.RUNNING,
        waiting.pk: ReportStatus.QUEUED,
    }
    died.refresh_from_db()
    spent.refresh_from_db()
    assert died.attempts == 2 and spent.error == "The worker making this report stopped 3 times"
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale_reports() == []  # nothing left to send


def test_requeue_is_in_the_one_beat_schedule():
    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "governance.tasks.requeue_stale_reports"
    ]
    assert len(entries) == 1 and entries[0]["schedule"] <= settings.REPORT_VISIBILITY_TIMEOUT
