"""The soak: termly reports and emails made by real workers while things go wrong (issue 21).

Queues `tasks` termly reports (one for each of as many small partnerships) and one email for each,
on two real `celery worker` processes and one beat, against a Redis server of the soak's own (so that
it can be restarted without touching anyone else's) and the database Django is connected to. While
they run, faults are injected at even intervals, in turn:

- a worker is killed with SIGKILL to its whole process group (a crash, an out-of-memory kill) and a
  new one started;
- Redis is restarted (it keeps nothing on disk, so every message in it is lost);
- every database connection the workers hold is terminated (`pg_terminate_backend`);
- a second beat is started (a deployment mistake), and left running.

It ends when every report is made, and every email sent or in doubt, or at a time limit, and then
counts: reports made, duplicated (two rows for one partnership and term, or a version above 1) and
lost (not made); emails sent (files written by Django's file backend), sent twice and lost. The
guarantees measured are decision 0019's: late acknowledgement, the stale-report beat, the database
key, and the email outbox.

`make soak` runs it at full size (bench/soak.py); tests/test_soak.py runs a short version in CI.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import email
import os
import shutil
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

from tests.celery_processes import CeleryProcess, start_beat, start_worker, wait_for

SOAK_REDIS_PORT = 6390
# Short enough that a lost or abandoned message is handed on within seconds.
VISIBILITY_TIMEOUT = 10


@dataclasses.dataclass
class SoakResult:
    tasks: int
    faults: Counter
    reports_made: int
    duplicates: int
    lost: int
    emails_sent: int
    emails_twice: int
    emails_lost: int
    emails_in_doubt: int
    seconds: float

    @property
    def faults_injected(self) -> int:
        return sum(self.faults.values())

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.faults.items()))
        return [
            f"tasks queued: {self.tasks} reports and {self.tasks} emails",
            f"faults injected: {self.faults_injected} ({kinds})",
            f"reports made: {self.reports_made}; duplicated: {self.duplicates}; lost: {self.lost}",
            f"emails sent: {self.emails_sent}; sent twice: {self.emails_twice}; lost: {self.emails_lost}; "
            f"in doubt: {self.emails_in_doubt}",
            f"running time: {self.seconds:.0f} s",
        ]


class SoakRedis:
    """A redis-server of the soak's own, on a spare port, with nothing on disk."""

    def __init__(self, folder: Path, port: int = SOAK_REDIS_PORT):
        self.folder = folder
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self) -> None:
        self.process = subprocess.Popen(  # a fixed argv, no shell
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=20, what=f"redis-server on port {self.port}")

    def _answers(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
            return True
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def _small_partnerships(count: int) -> list:
    """`count` partnerships, each with an officer, three schools and a case with support."""
    from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User
    from schools.models import School
    from support.models import SupportAgreement, SupportCase

    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(name=f"Soak partnership {n}", short_name=f"Soak {n}", slug=f"soak-{n}")
            for n in range(count)
        ]
    )
    LocalAuthority.objects.bulk_create(
        [
            LocalAuthority(code=f"{600 + n}", name=f"Soak LA {n}", partnership=p)
            for n, p in enumerate(partnerships)
        ]
    )
    officers = User.objects.bulk_create(
        [
            User(email=f"officer{n}@soak.test", full_name=f"Officer {n}", password="!")  # noqa: S106
            for n in range(count)
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, partnership=p, role=Role.LA_OFFICER)
            for u, p in zip(officers, partnerships, strict=True)
        ]
    )
    schools = School.objects.bulk_create(
        [
            School(
                urn=900_000 + n * 10 + k,
                name=f"Soak school {n}-{k}",
                la_code=f"{600 + n}",
                la_name=f"Soak LA {n}",
                type_group="Local authority maintained schools",
                status="Open",
                phase="Primary",
            )
            for n in range(count)
            for k in range(3)
        ]
    )
    cases = SupportCase.objects.bulk_create(
        [
            SupportCase(
                partnership=p,
                school=schools[n * 3],
                source="officer",
                lead_officer=officers[n],
                status="in_delivery",
                needs_analysis="Reading.",
            )
            for n, p in enumerate(partnerships)
        ]
    )
    SupportAgreement.objects.bulk_create(
        [
            SupportAgreement(
                case=case,
                provider_type="external",
                provider_name="Reading Recovery Ltd",
                starts_on=case.opened_on,
                ends_on=case.opened_on.replace(year=case.opened_on.year + 1),
                days=5,
                cost=2500,
                funding="partnership_budget",
                status="agreed",
            )
            for case in cases
        ]
    )
    return list(zip(partnerships, officers, strict=True))


def _fresh_pool(app) -> None:
    """Forget this process's connections to the broker, so the next message opens a new one to the
    broker now configured (the soak's own, or after it restarted). Earlier tests may have left a
    producer pool bound to another Redis."""
    from kombu import pools

    app.amqp._producer_pool = None
    app._pool = None
    pools.reset()


def _terminate_worker_connections() -> int:
    """End every other connection to this database, as a failover or an administrator would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _emails_written(folder: Path) -> Counter:
    """Each email's subject, counted from the files Django's file backend wrote."""
    subjects: Counter = Counter()
    for path in folder.glob("*.log"):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                subjects[email.message_from_string(chunk.strip()).get("Subject", "")] += 1
    return subjects


def run_soak(
    *,
    tasks: int,
    worker_kills: int,
    redis_restarts: int,
    connection_terminations: int,
    second_beat: bool,
    folder: Path,
    database_url: str,
    time_limit: float = 900,
    report_delay: float = 0.3,
) -> SoakResult:
    from django.db.models import Count

    from governance.models import Report, ReportStatus
    from governance.reporting.pipeline import report_request
    from governance.terms import term_on
    from leep.celery import app
    from partnership.models import OutboundEmail
    from partnership.outbox import email_later

    mail = folder / "mail"
    mail.mkdir(parents=True, exist_ok=True)
    redis = SoakRedis(folder)
    redis.start()
    env = {
        "DJANGO_ENV": "test",
        "DEBUG": "False",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
        "PYTHONUNBUFFERED": "1",
        "REPORT_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "REPORT_BEAT_INTERVAL_SECONDS": "3",
        "REPORT_RETRY_DELAY_SECONDS": "1",
        "REPORT_MAX_ATTEMPTS": "20",
        "REPORT_TEST_DELAY_SECONDS": str(report_delay),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "EMAIL_BEAT_INTERVAL_SECONDS": "3",
        "EMAIL_REQUEUE_AFTER_SECONDS": "5",
        "EMAIL_IN_DOUBT_AFTER_SECONDS": "60",
    }
    processes: list[CeleryProcess] = []
    faults: Counter = Counter()
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    started = time.monotonic()
    try:
        people = _small_partnerships(tasks)
        workers = [start_worker(f"soak{n}", log_dir=folder, env=env) for n in range(2)]
        processes.extend(workers)
        processes.append(start_beat("beat", log_dir=folder, env=env))
        app.conf.task_always_eager = False
        app.conf.broker_url = redis.url
        _fresh_pool(app)
        for partnership, officer in people:
            report_request(
                actor=officer,
                partnership=partnership,
                kind="termly",
                term=term_on(partnership, dt.date.today()),
                reason="Soak",
            )
            email_later(
                subject=f"Soak email for {partnership.slug}", body="The soak's email.", to=[officer.email]
            )

        plan = (
            ["kill a worker"] * worker_kills
            + ["restart Redis"] * redis_restarts
            + ["terminate database connections"] * connection_terminations
            + (["start a second beat"] if second_beat else [])
        )
        # Interleave the kinds of fault, and spread them over the expected running time.
        order = sorted(range(len(plan)), key=lambda i: (i * 7) % max(1, len(plan)))
        plan = [plan[i] for i in order]
        spacing = max(2.0, tasks * (report_delay * 6 + 0.5) / 2 / max(1, len(plan) + 1))
        made = Report.objects.filter(status=ReportStatus.DRAFT)
        next_fault = time.monotonic() + spacing
        kill_turn = 0
        while True:
            emails_settled = not OutboundEmail.objects.filter(
                status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING]
            ).exists()
            if not plan and made.count() >= tasks and emails_settled:
                break
            if time.monotonic() - started > time_limit:
                break
            if plan and time.monotonic() >= next_fault:
                fault = plan.pop(0)
                if fault == "kill a worker":
                    victim = workers[kill_turn % 2]
                    victim.kill()
                    workers[kill_turn % 2] = start_worker(f"soak-new{kill_turn}", log_dir=folder, env=env)
                    processes.append(workers[kill_turn % 2])
                    kill_turn += 1
                elif fault == "restart Redis":
                    redis.restart()
                    _fresh_pool(app)
                elif fault == "terminate database connections":
                    _terminate_worker_connections()
                else:
                    processes.append(start_beat("beat2", log_dir=folder, env=env))
                faults[fault] += 1
                next_fault = time.monotonic() + spacing
            time.sleep(0.5)
        seconds = time.monotonic() - started
    finally:
        for process in processes:
            process.kill()
        redis.stop()
        app.conf.task_always_eager, app.conf.broker_url = previous
        _fresh_pool(app)

    slugs = [p.slug for p, _ in people]
    rows = Report.objects.filter(partnership__slug__in=slugs)
    per_period = rows.values("partnership", "period").annotate(n=Count("pk"))
    duplicates = sum(r["n"] - 1 for r in per_period) + rows.filter(version__gt=1).count()
    made_count = rows.filter(status=ReportStatus.DRAFT).values("partnership").distinct().count()
    written = _emails_written(mail)
    wanted = {f"Soak email for {slug}" for slug in slugs}
    in_doubt = OutboundEmail.objects.filter(status=OutboundEmail.Status.IN_DOUBT).count()
    return SoakResult(
        tasks=tasks,
        faults=faults,
        reports_made=made_count,
        duplicates=duplicates,
        lost=tasks - made_count,
        emails_sent=sum(written[s] for s in wanted),
        emails_twice=sum(1 for s in wanted if written[s] > 1),
        emails_lost=sum(1 for s in wanted if written[s] == 0),
        emails_in_doubt=in_doubt,
        seconds=seconds,
    )


def available() -> bool:
    return SoakRedis.available() and bool(
        os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    )
