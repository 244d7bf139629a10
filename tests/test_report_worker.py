"""Reports made by real Celery worker processes on Redis, and what happens when things go wrong.

These start `celery worker` and `celery beat` as separate processes against REDIS_URL and the test
database, as production runs them, so that a test can kill a worker outright (SIGKILL to its whole
process group, as a crash or an out-of-memory kill would) and start another. The settings under test
(decision 0019) are read by those processes from their environment: a short visibility timeout so
that Redis hands an abandoned report on within seconds, a pause between a report's sections so that a
test can catch one part-way, a failing build, and a beat that fires every two seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time

import pytest
from django.db import connection
from django.utils import timezone

from conftest import require_service
from tests.celery_processes import (
    clear_broker,
    database_url_for,
    start_beat,
    start_worker,
    unacked_count,
    wait_for,
)
from tests.test_celery_worker import redis_is_up

pytestmark = pytest.mark.celery_worker

VISIBILITY_TIMEOUT = 8


@pytest.fixture
def broker(transactional_db):
    """REDIS_URL, emptied before and after; this process sends its tasks there, not eagerly."""
    from leep.celery import app

    url = os.environ.get("REDIS_URL", "")
    require_service(redis_is_up(url), f"Redis at REDIS_URL ({url or 'unset'})")
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    clear_broker(url)
    yield url
    clear_broker(url)
    app.conf.task_always_eager, app.conf.broker_url = previous


@pytest.fixture
def processes():
    """Every worker and beat a test starts; all are killed at the end, whatever happened."""
    started = []
    yield started
    for process in started:
        process.kill()


def environment(redis_url: str, **settings) -> dict[str, str]:
    return {
        "DJANGO_ENV": "test",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url_for(connection.settings_dict["NAME"]),
        "PYTHONUNBUFFERED": "1",
        **{name: str(value) for name, value in settings.items()},
    }


def partnership_with_support(slug: str, la_code: str):
    """A small partnership with schools, an officer and some support, so that the report has figures."""
    from partnership.models import Role
    from tests.factories import (
        AgreementFactory,
        CaseFactory,
        LocalAuthorityFactory,
        PartnershipFactory,
        ReviewFactory,
        RoleFactory,
        SchoolFactory,
        UserFactory,
    )

    partnership = PartnershipFactory(name=f"Partnership {slug.upper()}", short_name=slug.upper(), slug=slug)
    LocalAuthorityFactory(code=la_code, partnership=partnership)
    officer = UserFactory()
    RoleFactory(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    schools = [SchoolFactory(la_code=la_code, name=f"{slug.upper()} School {n}") for n in range(6)]
    for school in schools[:2]:
        case = CaseFactory(partnership=partnership, school=school, lead_officer=officer)
        ReviewFactory(agreement=AgreementFactory(case=case))
    return partnership, officer


def previous_term(term):
    from governance.terms import previous_term as before

    return before(term)


def current_term(partnership):
    from governance.terms import term_on

    return term_on(partnership, timezone.localdate())


def termly_request(partnership, officer):
    from governance.reporting.pipeline import report_request

    return report_request(
        actor=officer, partnership=partnership, kind="termly", term=current_term(partnership), reason="Test"
    )


def status_of(report) -> str:
    report.refresh_from_db()
    return report.status


def assert_one_good_pdf(report) -> None:
    from pypdf import PdfReader

    pdf = bytes(report.pdf)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == report.pdf_pages > 0
    assert report.partnership.name in " ".join(page.extract_text() for page in reader.pages)


def test_a_termly_report_is_made_end_to_end_by_a_worker(broker, processes, tmp_path):
    from governance.models import Report, ReportStatus

    partnership, officer = partnership_with_support("pw", "931")
    processes.append(start_worker("whole", log_dir=tmp_path, env=environment(broker)))

    report = termly_request(partnership, officer)
    assert report.status == ReportStatus.QUEUED  # the request returns at once; the worker makes it

    wait_for(lambda: status_of(report) == ReportStatus.DRAFT, timeout=120, what="the report to be made")
    assert (report.progress, report.attempts, report.error) == (100, 1, "")
    assert report.snapshot["partnership"]["slug"] == "pw"
    assert report.snapshot["period"]["key"] == current_term(partnership).key
    assert partnership.name in report.html
    assert_one_good_pdf(report)
    assert Report.objects.filter(partnership=partnership).count() == 1
    wait_for(lambda: unacked_count(broker) == 0, timeout=10, what="the message to be acknowledged")


def test_a_report_whose_worker_is_killed_part_way_is_made_exactly_once(broker, processes, tmp_path):
    from governance.models import Report, ReportStatus

    partnership, officer = partnership_with_support("pk", "932")
    slow = environment(broker, REPORT_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT, REPORT_TEST_DELAY_SECONDS=1.5)
    first = start_worker("doomed", log_dir=tmp_path, env=slow)
    processes.append(first)

    report = termly_request(partnership, officer)
    wait_for(
        lambda: status_of(report) == ReportStatus.RUNNING and report.progress > 1,
        timeout=60,
        interval=0.1,
        what="the worker to be part-way through the report",
    )
    first.kill()
    killed_at = time.monotonic()
    report.refresh_from_db()
    assert (report.status, report.attempts, report.pdf) == (ReportStatus.RUNNING, 1, None)
    # Acknowledged late: the message is still held in Redis as delivered but unacknowledged.
    assert unacked_count(broker) == 1

    # Once the visibility timeout has passed, Redis gives the message to the next worker that asks.
    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - killed_at)))
    second = start_worker("rescuer", log_dir=tmp_path, env=environment(broker, REPORT_VISIBILITY_TIMEOUT=60))
    processes.append(second)
    wait_for(lambda: status_of(report) == ReportStatus.DRAFT, timeout=120, what="the rescuing worker")

    assert report.attempts == 2
    assert_one_good_pdf(report)
    rows = Report.objects.filter(partnership=partnership, period=report.period)
    assert list(rows.values_list("pk", "version", "status")) == [(report.pk, 1, ReportStatus.DRAFT)]
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert [r for r in reasons if r.startswith("Making the report")] == [
        "Making the report (attempt 1)",
        "Making the report (attempt 2)",
    ]
    assert reasons.count("Report made: a draft for approval") == 1
    wait_for(lambda: unacked_count(broker) == 0, timeout=10, what="the message to be acknowledged")
    # Nothing else arrives later: still one report, one version.
    time.sleep(2)
    assert rows.count() == 1 and Report.objects.count() == 1


def test_two_beats_make_one_report_per_partnership_and_term(broker, processes, tmp_path):
    from governance.models import Report, ReportStatus

    partnerships = [
        partnership_with_support(slug, code)[0] for slug, code in (("pb1", "933"), ("pb2", "934"))
    ]
    today = timezone.localdate()
    for partnership in partnerships:
        # The term started today, so the schedule owes each partnership its termly report.
        term = current_term(partnership)
        term.starts_on = today
        term.ends_on = max(term.ends_on, today + dt.timedelta(days=30))
        term.save()

    env = environment(broker, REPORT_BEAT_INTERVAL_SECONDS=2)
    # Two workers, so that the two beats' tasks can run at the same moment and race for the row.
    processes.append(start_worker("racer1", log_dir=tmp_path, env=env))
    processes.append(start_worker("racer2", log_dir=tmp_path, env=env))
    beats = [start_beat("beat1", log_dir=tmp_path, env=env), start_beat("beat2", log_dir=tmp_path, env=env)]
    processes.extend(beats)

    sent = "Sending due task start-termly-reports"
    wait_for(
        lambda: all(beat.output().count(sent) >= 3 for beat in beats),
        timeout=60,
        what="each beat to send the termly task three times",
    )
    wait_for(
        lambda: Report.objects.filter(status=ReportStatus.DRAFT).count() == 2,
        timeout=120,
        what="both partnerships' reports to be made",
    )
    for beat in beats:
        beat.kill()
    wait_for(lambda: unacked_count(broker) == 0, timeout=30, what="the last tasks to finish")

    for partnership in partnerships:
        reports = Report.objects.filter(partnership=partnership)
        # The report made at the start of a term is the one for the term that has just ended.
        assert list(reports.values_list("period", "version", "status")) == [
            (previous_term(current_term(partnership)).key, 1, ReportStatus.DRAFT)
        ]
    # Every run of the task after the first found the report already there (or lost the race for the
    # unique key): across at least six runs from two beats, two reports were made in all.
    logs = "".join(p.output() for p in processes if p.role == "worker")
    results = re.findall(r"start_termly_reports\[[^\]]+\] succeeded in [\d.]+s: \[([\d, ]*)\]", logs)
    assert len(results) >= 6
    made = [int(pk) for result in results for pk in result.split(",") if pk.strip()]
    assert sorted(made) == sorted(Report.objects.values_list("pk", flat=True))


def test_a_report_that_keeps_failing_is_retried_then_shows_as_failed(broker, processes, tmp_path):
    from governance.models import ReportStatus

    partnership, officer = partnership_with_support("pf", "935")
    env = environment(broker, REPORT_TEST_FAIL=1, REPORT_MAX_ATTEMPTS=3, REPORT_RETRY_DELAY_SECONDS=1)
    worker = start_worker("failing", log_dir=tmp_path, env=env)
    processes.append(worker)

    report = termly_request(partnership, officer)
    wait_for(lambda: status_of(report) == ReportStatus.FAILED, timeout=90, what="the report to fail")

    assert report.attempts == 3
    assert "REPORT_TEST_FAIL" in report.error
    assert (report.pdf, report.html, report.progress == 100) == (None, "", False)
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert [r for r in reasons if "failed" in r] == [
        "Attempt 1 failed; it will be tried again",
        "Attempt 2 failed; it will be tried again",
        "Report failed",
    ]
