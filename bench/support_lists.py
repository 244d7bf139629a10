"""Support lists at scale. Issue: with about 25,000 schools, 20,000 cases, 40,000 agreements,
1,000,000 action log entries and 100,000 users, a headteacher's case list, a provider's agreement
list and an officer's caseload each serve in at most 150 ms at the 95th percentile; access filtering
costs at most 3 times the same list with no access rules.

The records are written in bulk straight to the tables (benchmark data, so without history rows).

Run: DATABASE_URL=postgres://... python bench/support_lists.py
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from national_data import write_national_files
from setup_django import fresh_database, percentile

REQUESTS = 200
TARGET_MS = 150
USERS = 100_000
CASES = 20_000
AGREEMENTS_PER_CASE = 2
LOG_PER_AGREEMENT = 25
OFFICERS = 25
LEADERS = 2_000


def build() -> dict:
    from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User
    from schools.models import School, SystemLeader
    from schools.models.imports import ImportKind
    from schools.services.imports import import_file
    from support.models import (
        Action,
        ActionLogEntry,
        Objective,
        ProgressReview,
        SupportAgreement,
        SupportCase,
    )

    random.seed(4)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_national_files(Path(folder), schools=25_000)
        import_file(kind=ImportKind.GIAS, path=paths["gias"], actor=None, reason="bench")
    partnership = Partnership.objects.create(name="Bench Partnership", short_name="Bench", slug="leep")
    codes = sorted(set(School.objects.values_list("la_code", flat=True)))
    LocalAuthority.objects.bulk_create(
        [LocalAuthority(code=c, name=f"LA {c}", partnership=partnership) for c in codes]
    )
    schools = list(School.objects.order_by("pk").values_list("pk", flat=True))

    users = User.objects.bulk_create(
        # "!" marks an unusable password, as set_unusable_password() would, without hashing 100,000 times.
        [User(email=f"person{i}@bench.test", full_name=f"Person {i}", password="!") for i in range(USERS)],  # noqa: S106
        batch_size=5000,
    )
    officers = users[:OFFICERS]
    heads = users[OFFICERS : OFFICERS + len(schools)]
    leader_users = users[OFFICERS + len(schools) : OFFICERS + len(schools) + LEADERS]
    roles = [RoleAssignment(user=u, partnership=partnership, role=Role.LA_OFFICER) for u in officers]
    roles += [
        RoleAssignment(user=u, partnership=partnership, role=Role.HEADTEACHER, school_id=s)
        for u, s in zip(heads, schools, strict=False)
    ]
    roles += [RoleAssignment(user=u, partnership=partnership, role=Role.SYSTEM_LEADER) for u in leader_users]
    RoleAssignment.objects.bulk_create(roles, batch_size=5000)
    leaders = SystemLeader.objects.bulk_create(
        [
            SystemLeader(
                partnership=partnership,
                full_name=u.full_name,
                user=u,
                designation="sle",
                home_school_id=random.choice(schools),
                capacity_days=40,
            )
            for u in leader_users
        ],
        batch_size=5000,
    )
    today = dt.date.today()
    statuses = ["in_delivery", "under_review", "closed", "closed", "support_agreed", "escalated"]
    cases = SupportCase.objects.bulk_create(
        [
            SupportCase(
                partnership=partnership,
                school_id=schools[i % len(schools)],
                source="officer",
                lead_officer=officers[i % OFFICERS],
                status=statuses[i % len(statuses)],
                needs_analysis="Reading",
                opened_on=today - dt.timedelta(days=i % 900),
            )
            for i in range(CASES)
        ],
        batch_size=5000,
    )
    agreements = []
    for i, case in enumerate(cases):
        for j in range(AGREEMENTS_PER_CASE):
            by_leader = (i + j) % 2 == 0
            agreements.append(
                SupportAgreement(
                    case=case,
                    provider_type="system_leader" if by_leader else "school",
                    provider_leader=leaders[(i * 2 + j) % LEADERS] if by_leader else None,
                    provider_school_id=None if by_leader else schools[(i * 7 + j) % len(schools)],
                    starts_on=today - dt.timedelta(days=200),
                    ends_on=today + dt.timedelta(days=100),
                    days=Decimal("4"),
                    cost=Decimal("1000"),
                    funding="partnership_budget",
                    status="agreed",
                )
            )
    agreements = SupportAgreement.objects.bulk_create(agreements, batch_size=5000)
    Objective.objects.bulk_create(
        [
            Objective(agreement=a, description="Reading", outcome_measure="70%", target_date=today)
            for a in agreements
        ],
        batch_size=5000,
    )
    Action.objects.bulk_create(
        [
            Action(agreement=a, description="Audit", owner="Lead", due_on=today - dt.timedelta(days=k * 20))
            for a in agreements
            for k in (1, 2)
        ],
        batch_size=5000,
    )
    ProgressReview.objects.bulk_create(
        [ProgressReview(agreement=a, due_on=today - dt.timedelta(days=10)) for a in agreements],
        batch_size=5000,
    )
    started = time.perf_counter()
    batch = []
    for a in agreements:
        for k in range(LOG_PER_AGREEMENT):
            batch.append(
                ActionLogEntry(
                    agreement=a,
                    kind="visit",
                    happened_on=today - dt.timedelta(days=k * 7),
                    hours=Decimal("2"),
                    what_was_done="Support",
                    logged_by=officers[0],
                )
            )
        if len(batch) >= 20_000:
            ActionLogEntry.objects.bulk_create(batch, batch_size=10_000)
            batch = []
    ActionLogEntry.objects.bulk_create(batch, batch_size=10_000)
    print(
        f"  wrote {ActionLogEntry.objects.count():,} action log entries in {time.perf_counter() - started:.0f} s"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    head_school = cases[0].school_id
    head = next(u for u, s in zip(heads, schools, strict=False) if s == head_school)
    return {"partnership": partnership, "officer": officers[0], "head": head, "leader": leader_users[0]}


def timed(fn, repeat: int = REQUESTS) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 95)


def main() -> None:
    fresh_database()
    from django.db import connection
    from django.test import Client

    from partnership.access import partnership_context_for
    from partnership.models import User
    from schools.models import School
    from support import selectors
    from support.models import ActionLogEntry, SupportAgreement, SupportCase

    started = time.perf_counter()
    people = build()
    print(
        f"Loaded {School.objects.count():,} schools, {SupportCase.objects.count():,} cases, "
        f"{SupportAgreement.objects.count():,} agreements, {ActionLogEntry.objects.count():,} action log entries and "
        f"{User.objects.count():,} users in {time.perf_counter() - started:.0f} s."
    )
    pages = [
        ("a headteacher's case list", people["head"], "/p/leep/support/"),
        ("a provider's agreement list", people["leader"], "/p/leep/support/agreements/"),
        ("an officer's caseload", people["officer"], "/p/leep/support/?lead=me"),
        ("an officer's caseload, page 10", people["officer"], "/p/leep/support/?lead=me&page=10"),
    ]
    print(f"{REQUESTS} requests each, through the Django test client:")
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        executed: list[str] = []

        def count(execute, sql, *args, executed=executed):
            executed.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        p50, p95 = timed(lambda client=client, url=url: client.get(url))
        verdict = "within" if p95 <= TARGET_MS else "OVER"
        print(
            f"  {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({verdict} {TARGET_MS} ms), {len(executed)} queries"
        )

    print("Access filtering against the same list with no access rules (first page of 50 and its count):")
    head_ctx = partnership_context_for(people["head"], "leep")
    leader_ctx = partnership_context_for(people["leader"], "leep")
    school_ids = list(head_ctx.school_ids())

    def page(qs):
        return lambda: (qs.count(), list(qs[:50]))

    comparisons = [
        (
            "headteacher's cases",
            selectors.visible_cases(head_ctx).order_by("-opened_on"),
            SupportCase.objects.filter(school_id__in=school_ids).order_by("-opened_on"),
        ),
        (
            "provider's agreements",
            selectors.provided_agreements(leader_ctx).order_by("-starts_on"),
            SupportAgreement.objects.filter(provider_leader__user_id=people["leader"].pk).order_by(
                "-starts_on"
            ),
        ),
    ]
    for label, ruled, plain in comparisons:
        _, ruled95 = timed(page(ruled))
        _, plain95 = timed(page(plain))
        ratio = ruled95 / plain95 if plain95 else 0
        verdict = "within" if ratio <= 3 else "OVER"
        print(
            f"  {label}: with rules p95 {ruled95:.1f} ms, without {plain95:.1f} ms: {ratio:.1f} times ({verdict} 3)"
        )


if __name__ == "__main__":
    main()
