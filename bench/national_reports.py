"""Termly reports at national scale. Issue: reports for 150 partnerships of 300 schools each, on two
workers, all finish in 30 minutes or less, with each worker's peak memory at 1 GB or less.

Loads a national register (about 45,000 schools, with inspections and KS2/KS4 results, scaled up from
the real Leicestershire files), makes one partnership per local authority (about 300 schools each)
with support activity (cases, agreements, objectives, reviews with ratings, system leaders): 20,000
cases at national scale, spread unevenly as they are in life (a long tail: the largest partnership
has many times the cases of the smallest; `cases_for`), open ones at most one a school and the rest
closed in earlier years,
then starts two real `celery worker` processes (one task at a time each, with the settings' memory
limit per child), queues every partnership's termly report at once and measures the time until the
last is a draft, and each worker's peak resident memory (VmHWM of the worker and its pool children,
sampled every second). Support records are written in bulk (benchmark data, so without history rows).

It needs REDIS_URL (a Redis the workers can share; the script empties its default queue) and
DATABASE_URL. Traffic stays on those two services. A hard limit stops it after 35 minutes.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/9 python bench/national_reports.py
     (--partnerships 20 for a quicker run at a stated smaller scale; the cases scale with it unless
     --cases says how many)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from national_data import write_national_files
from setup_django import ROOT, fresh_database

sys.path.insert(0, str(ROOT))

from tests.celery_processes import clear_broker, start_worker  # noqa: E402

PARTNERSHIPS = 150
SCHOOLS_PER_PARTNERSHIP = 300
NATIONAL_CASES = 20_000
LEADERS_PER_PARTNERSHIP = 5
WORKERS = 2
TARGET_MINUTES = 30
TARGET_PEAK_KIB = 1024 * 1024
HARD_LIMIT_SECONDS = 35 * 60
DATABASE = "leep_national_bench"


def load_register() -> None:
    from schools.models.imports import ImportKind
    from schools.services.imports import import_file

    with tempfile.TemporaryDirectory() as folder:
        # Always the whole national register, whatever the number of partnerships reported on.
        paths = write_national_files(Path(folder), schools=150 * SCHOOLS_PER_PARTNERSHIP)
        import_file(kind=ImportKind.GIAS, path=paths["gias"], actor=None, reason="bench")
        import_file(kind=ImportKind.INSPECTIONS, path=paths["inspections"], actor=None, reason="bench")
        for year in (2016, 2017, 2018):
            for kind, key in ((ImportKind.KS2, "ks2"), (ImportKind.KS4, "ks4")):
                import_file(
                    kind=kind, path=paths[f"{key}_{year}"], actor=None, reason="bench", academic_year=year
                )


def cases_for(total: int, count: int) -> list[int]:
    """`total` cases over `count` partnerships, unevenly: the k-th gets a share proportional to
    1/k^0.9 (a long tail, as casework is), in a fixed order that does not follow size, so a large
    partnership may have few cases. Every partnership has at least one."""
    weights = [1 / (k + 1) ** 0.9 for k in range(count)]
    shares = [max(1, round(total * w / sum(weights))) for w in weights]
    # A fixed shuffle (multiplying by a prime), so the heaviest are not all the largest authorities.
    return [shares[(k * 7919) % count] for k in range(count)]


def build_partnerships(count: int, total_cases: int) -> list:
    """One partnership for each of the `count` largest local authorities, with its support."""
    from django.db.models import Count

    from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User
    from schools.models import School, SystemLeader
    from schools.services.needs import needs_flags_refresh
    from support.models import Objective, ProgressReview, SupportAgreement, SupportCase
    from support.models.reviews import ObjectiveRating

    las = list(
        School.objects.values("la_code", "la_name").annotate(n=Count("pk")).order_by("-n", "la_code")[:count]
    )
    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                name=f"{la['la_name']} partnership", short_name=la["la_name"][:40], slug=f"la-{la['la_code']}"
            )
            for la in las
        ]
    )
    LocalAuthority.objects.bulk_create(
        [
            LocalAuthority(code=la["la_code"], name=la["la_name"], partnership=p)
            for la, p in zip(las, partnerships, strict=True)
        ]
    )
    officers = User.objects.bulk_create(
        # "!" marks an unusable password, as set_unusable_password() would.
        [
            User(email=f"officer@{p.slug}.bench.test", full_name=f"Officer of {p.short_name}", password="!")  # noqa: S106
            for p in partnerships
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, partnership=p, role=Role.LA_OFFICER)
            for u, p in zip(officers, partnerships, strict=True)
        ]
    )
    today = dt.date.today()
    statuses = ["in_delivery", "under_review", "closed", "support_agreed", "escalated", "identified"]
    providers = ["system_leader", "school", "la_traded", "external"]
    ratings = ["on_track", "on_track", "at_risk", "off_track"]
    cases, agreements, leaders_by_partnership = [], [], {}
    per_partnership = cases_for(total_cases, len(partnerships))
    for p, la, officer, how_many in zip(partnerships, las, officers, per_partnership, strict=True):
        schools = list(
            School.objects.filter(la_code=la["la_code"]).order_by("pk").values_list("pk", flat=True)
        )
        leaders_by_partnership[p.pk] = SystemLeader.objects.bulk_create(
            [
                SystemLeader(
                    partnership=p,
                    full_name=f"Leader {k} of {p.short_name}",
                    designation="sle",
                    home_school_id=schools[k],
                    capacity_days=Decimal("30"),
                )
                for k in range(LEADERS_PER_PARTNERSHIP)
            ]
        )
        for i in range(how_many):
            # A school has one open case at a time (the database holds it): beyond half the schools,
            # the cases are earlier years' closed ones.
            status = statuses[i % len(statuses)] if i < len(schools) // 2 else "closed"
            years_back = i // max(1, len(schools) // 2)
            opened = today - dt.timedelta(days=20 + (i % 20) * 15 + 365 * years_back)
            cases.append(
                SupportCase(
                    partnership=p,
                    school_id=schools[i % len(schools)],
                    source="officer",
                    lead_officer=officer,
                    status=status,
                    needs_analysis="Reading and phonics in key stage 1 and 2.",
                    opened_on=opened,
                    closed_on=min(today - dt.timedelta(days=5), opened + dt.timedelta(days=300))
                    if status == "closed"
                    else None,
                    impact_statement="Reading at the expected standard rose." if status == "closed" else "",
                )
            )
    cases = SupportCase.objects.bulk_create(cases, batch_size=5000)
    for i, case in enumerate(cases):
        if case.status == "identified":
            continue
        provider = providers[i % len(providers)]
        leaders = leaders_by_partnership[case.partnership_id]
        agreements.append(
            SupportAgreement(
                case=case,
                provider_type=provider,
                provider_leader=leaders[i % len(leaders)] if provider == "system_leader" else None,
                provider_school_id=case.school_id + 1 if provider == "school" else None,
                provider_name="" if provider in ("system_leader", "school") else "Reading Recovery Ltd",
                starts_on=case.opened_on + dt.timedelta(days=10 + i % 20),
                ends_on=case.opened_on + dt.timedelta(days=300),
                days=Decimal(4 + i % 6),
                cost=Decimal(1500 + 250 * (i % 8)),
                funding=["partnership_budget", "grant", "traded_service"][i % 3],
                status="ended" if case.status == "closed" else "agreed",
                agreed_by=case.lead_officer,
            )
        )
    agreements = SupportAgreement.objects.bulk_create(agreements, batch_size=5000)
    objectives = Objective.objects.bulk_create(
        [
            Objective(
                agreement=a,
                description=description,
                outcome_measure="70% at the expected standard",
                target_date=a.ends_on,
                outcome=("met" if k == 0 else "not_met") if a.status == "ended" else "",
            )
            for a in agreements
            for k, description in enumerate(("Raise attainment in reading", "Phonics screening pass rate"))
        ],
        batch_size=5000,
    )
    by_agreement: dict[int, list] = {}
    for objective in objectives:
        by_agreement.setdefault(objective.agreement_id, []).append(objective)
    reviews = ProgressReview.objects.bulk_create(
        [
            ProgressReview(
                agreement=a,
                due_on=a.starts_on + dt.timedelta(weeks=6 * (k + 1)),
                status="quality_assured" if k < 2 else "due",
                held_on=a.starts_on + dt.timedelta(weeks=6 * (k + 1)) if k < 2 else None,
                summary="Progress reviewed with the headteacher." if k < 2 else "",
                rated_by=a.agreed_by if k < 2 else None,
            )
            for a in agreements
            for k in range(3)
        ],
        batch_size=5000,
    )
    ObjectiveRating.objects.bulk_create(
        [
            ObjectiveRating(review=r, objective=o, rating=ratings[(r.pk + o.pk) % len(ratings)])
            for r in reviews
            if r.status != "due"
            for o in by_agreement[r.agreement_id]
        ],
        batch_size=5000,
    )
    for p in partnerships:
        needs_flags_refresh(partnership=p)
    return [(p, officer, la["n"]) for p, officer, la in zip(partnerships, officers, las, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--partnerships", type=int, default=PARTNERSHIPS, help="how many (150 is national scale)"
    )
    parser.add_argument(
        "--cases", type=int, default=None, help="how many support cases in all (20,000 at national scale)"
    )
    args = parser.parse_args()
    count = args.partnerships
    total_cases = args.cases or round(NATIONAL_CASES * count / PARTNERSHIPS)
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url.startswith("redis://"):
        sys.exit("Set REDIS_URL to a Redis server the workers can share.")

    fresh_database(DATABASE)
    from django.db import connection

    from governance.models import Report, ReportStatus
    from governance.reporting.pipeline import report_request
    from governance.terms import term_on
    from leep.celery import app
    from schools.models import School
    from support.models import ProgressReview, SupportAgreement, SupportCase

    started = time.perf_counter()
    load_register()
    people = build_partnerships(count, total_cases)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sizes = [n for _, _, n in people]
    spread = cases_for(total_cases, count)
    print(
        f"Loaded {School.objects.count():,} schools; {len(people)} partnerships of {min(sizes)} to "
        f"{max(sizes)} schools; {SupportCase.objects.count():,} cases, {SupportAgreement.objects.count():,} "
        f"agreements, {ProgressReview.objects.count():,} reviews in {time.perf_counter() - started:.0f} s; "
        f"cases per partnership from {min(spread)} to {max(spread)}."
    )

    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    clear_broker(redis_url)
    env = {
        "DJANGO_ENV": "test",
        "DEBUG": "False",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": redis_url,
    }
    workers = []
    peaks: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as logs:
        try:
            for n in range(WORKERS):
                workers.append(start_worker(f"national{n + 1}", log_dir=Path(logs), env=env, concurrency=1))
            begun = time.perf_counter()
            for partnership, officer, _ in people:
                term = term_on(partnership, dt.date.today())
                report_request(
                    actor=officer, partnership=partnership, kind="termly", term=term, reason="bench"
                )
            done = Report.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.FAILED])
            while done.count() < len(people):
                for worker in workers:
                    peaks[worker.log.stem] = max(peaks.get(worker.log.stem, 0), worker.peak_rss_kib())
                    if not worker.alive():
                        raise SystemExit(f"Worker {worker.log.stem} stopped:\n{worker.output()[-3000:]}")
                if time.perf_counter() - begun > HARD_LIMIT_SECONDS:
                    print(f"  STOPPED at the hard limit: {done.count()} of {len(people)} reports made")
                    break
                time.sleep(1)
            minutes = (time.perf_counter() - begun) / 60
        finally:
            for worker in workers:
                worker.stop()
            clear_broker(redis_url)

    made = Report.objects.filter(status=ReportStatus.DRAFT)
    failed = Report.objects.filter(status=ReportStatus.FAILED)
    seconds = sorted(
        (r.finished_at - r.started_at).total_seconds() for r in made.only("started_at", "finished_at")
    )
    pages = sorted(made.values_list("pdf_pages", flat=True))
    print(
        f"  {made.count()} of {len(people)} termly reports made ({failed.count()} failed) on {WORKERS} workers "
        f"in {minutes:.1f} minutes ({'within' if minutes <= TARGET_MINUTES and not failed.exists() else 'OVER'} "
        f"the {TARGET_MINUTES}-minute target)"
    )
    if seconds:
        print(
            f"  each report: {seconds[0]:.1f} s to {seconds[-1]:.1f} s, median {seconds[len(seconds) // 2]:.1f} s; "
            f"PDFs of {pages[0]} to {pages[-1]} pages"
        )
    for name, kib in sorted(peaks.items()):
        verdict = "within" if kib <= TARGET_PEAK_KIB else "OVER"
        print(f"  {name}: peak resident memory {kib / 1024:.0f} MB ({verdict} the 1 GB target)")
    if count != PARTNERSHIPS and seconds:
        estimate = minutes * PARTNERSHIPS / count
        print(
            f"  EXTRAPOLATED, not measured: {PARTNERSHIPS} partnerships at this rate would take about {estimate:.0f} minutes "
            f"(run without --partnerships to measure it)"
        )


if __name__ == "__main__":
    main()
