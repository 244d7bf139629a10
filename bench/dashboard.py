"""The termly dashboard at scale. Issue: it serves in at most 250 ms at the 95th percentile for a
partnership of about 300 schools with a year of support activity, with pinned query counts, and in at
most 1 s for a national-scale partnership of 25,000 schools.

Both partnerships are built in one database, in bulk straight to the tables (benchmark data, so
without history rows), and each page is asked for a bounded number of times through the Django test
client, as a board member (consented figures, small cells suppressed) and as an LA officer.

Run: DATABASE_URL=postgres://... python bench/dashboard.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from decimal import Decimal

from setup_django import fresh_database, percentile

SIZES = [
    # label, schools, LAs, requests, target in ms
    ("300 schools", 300, 1, 100, 250),
    ("25,000 schools", 25_000, 150, 20, 1000),
]
GRADES = ["outstanding", "good", "good", "good", "good", "requires_improvement", "inadequate"]


def build(label: str, slug: str, schools_wanted: int, la_count: int, urn_base: int, la_base: int) -> dict:
    from django.utils import timezone

    from governance.terms import academic_year_of, terms_for
    from partnership.models import (
        LocalAuthority,
        Partnership,
        Priority,
        Role,
        RoleAssignment,
        SchoolConsent,
        User,
    )
    from schools.models import (
        Inspection,
        KeyStage2Result,
        KeyStage4Result,
        NeedsFlag,
        Network,
        NetworkMembership,
        School,
        SystemLeader,
    )
    from support.models import ObjectiveRating, ProgressReview, SupportAgreement, SupportCase
    from support.models.agreements import Objective
    from tests.factories import published_agreement

    random.seed(schools_wanted)
    today = timezone.localdate()
    year_start = dt.date(academic_year_of(today), 9, 1)
    partnership = Partnership.objects.create(name=f"Bench {label}", short_name=slug, slug=slug)
    codes = [str(la_base + n) for n in range(la_count)]
    LocalAuthority.objects.bulk_create(
        [LocalAuthority(code=code, name=f"Authority {code}", partnership=partnership) for code in codes]
    )
    officer = User.objects.create_user(
        f"officer@{slug}.test", "bench-password-123", full_name="Bench Officer"
    )
    board = User.objects.create_user(f"board@{slug}.test", "bench-password-123", full_name="Bench Board")
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=officer, partnership=partnership, role=Role.LA_OFFICER),
            RoleAssignment(user=board, partnership=partnership, role=Role.BOARD_MEMBER),
        ]
    )
    terms_for(partnership, academic_year_of(today))
    phases = ["Primary"] * 4 + ["Secondary"]
    schools = School.objects.bulk_create(
        [
            School(
                urn=urn_base + n,
                name=f"{label} school {n}",
                la_code=codes[n % la_count],
                la_name=f"Authority {codes[n % la_count]}",
                phase=random.choice(phases),
                type_group="Local authority maintained schools",
                status="Open",
                pupils=random.randint(80, 1200),
            )
            for n in range(schools_wanted)
        ],
        batch_size=5000,
    )
    inspections = []
    for school in schools:
        inspections.append(
            Inspection(
                school=school,
                framework="legacy",
                inspected_on=dt.date(2019, 1, 1) + dt.timedelta(days=random.randint(0, 1500)),
                overall=random.choice(GRADES),
            )
        )
        if random.random() < 0.15:  # inspected again this year, some as report cards
            card = random.random() < 0.4
            inspections.append(
                Inspection(
                    school=school,
                    framework="report_card" if card else "legacy",
                    inspected_on=year_start
                    + dt.timedelta(days=random.randint(0, max((today - year_start).days, 1))),
                    overall="" if card else random.choice(GRADES),
                    safeguarding_met=True if card else None,
                )
            )
    Inspection.objects.bulk_create(inspections, batch_size=5000)

    agreement_text = published_agreement(partnership)
    now = timezone.now()
    SchoolConsent.objects.bulk_create(
        [
            SchoolConsent(
                agreement=agreement_text,
                school=school,
                categories=["support", "needs"],
                head_signed_name="Head",
                head_signed_at=now,
                chair_signed_name="Chair",
                chair_capacity="chair",
                chair_signed_at=now,
                in_force_from=now,
            )
            for school in schools
            if random.random() < 0.6
        ],
        batch_size=5000,
    )
    flagged = random.sample(schools, len(schools) // 8)
    NeedsFlag.objects.bulk_create(
        [
            NeedsFlag(
                partnership=partnership,
                school=school,
                kind=random.choice(["inspection_below_good", "ks2_below_la", "report_card_concern"]),
                evidence_key=f"bench:{school.pk}",
                evidence="Bench",
            )
            for school in flagged
        ],
        batch_size=5000,
    )
    priorities = Priority.objects.bulk_create(
        [
            Priority(partnership=partnership, title=title)
            for title in ("Reading", "Maths", "Inclusion", "Leadership")
        ]
    )
    statuses = ["identified", "needs_analysed", "support_agreed", "in_delivery", "under_review", "escalated"]
    case_schools = random.sample(schools, max(len(schools) * 2 // 5, 1))
    cases = SupportCase.objects.bulk_create(
        [
            SupportCase(
                partnership=partnership,
                school=school,
                source="officer",
                lead_officer=officer,
                status="closed" if i % 3 == 0 else statuses[i % len(statuses)],
                closed_on=today - dt.timedelta(days=random.randint(0, 120)) if i % 3 == 0 else None,
                opened_on=today - dt.timedelta(days=random.randint(130, 365)),
                needs_analysis="Reading",
            )
            for i, school in enumerate(case_schools)
        ],
        batch_size=5000,
    )
    Through = SupportCase.priorities.through
    Through.objects.bulk_create(
        [Through(supportcase_id=case.pk, priority_id=random.choice(priorities).pk) for case in cases],
        batch_size=5000,
    )
    leaders = SystemLeader.objects.bulk_create(
        [
            SystemLeader(
                partnership=partnership,
                full_name=f"Leader {n}",
                designation=random.choice(["nle", "lle", "sle"]),
                capacity_days=Decimal(random.randint(10, 40)),
                committed_days=Decimal(random.randint(0, 10)),
            )
            for n in range(max(len(schools) // 20, 5))
        ],
        batch_size=5000,
    )
    agreements = SupportAgreement.objects.bulk_create(
        [
            SupportAgreement(
                case=case,
                provider_type=random.choice(["system_leader", "school", "external", "la_traded"]),
                provider_leader=random.choice(leaders),
                starts_on=case.opened_on + dt.timedelta(days=20),
                ends_on=today + dt.timedelta(days=200),
                days=Decimal(random.randint(2, 12)),
                cost=Decimal(random.randint(500, 6000)),
                funding=random.choice(["partnership_budget", "grant", "traded_service", "school_funded"]),
                status="agreed",
                agreed_at=timezone.make_aware(
                    dt.datetime.combine(
                        case.opened_on + dt.timedelta(days=random.randint(5, 90)), dt.time(10)
                    )
                ),
            )
            for case in cases
        ],
        batch_size=5000,
    )
    objectives = Objective.objects.bulk_create(
        [
            Objective(agreement=a, description="Reading", outcome_measure="70%", target_date=today)
            for a in agreements
        ],
        batch_size=5000,
    )
    reviews = ProgressReview.objects.bulk_create(
        [
            ProgressReview(
                agreement=a,
                due_on=today - dt.timedelta(days=random.randint(1, 60)),
                held_on=today - dt.timedelta(days=random.randint(1, 60)) if i % 4 else None,
                status="rated" if i % 4 else "due",
            )
            for i, a in enumerate(agreements)
        ],
        batch_size=5000,
    )
    ObjectiveRating.objects.bulk_create(
        [
            ObjectiveRating(
                review=r, objective=o, rating=random.choice(["on_track", "on_track", "at_risk", "off_track"])
            )
            for r, o in zip(reviews, objectives, strict=True)
            if r.held_on
        ],
        batch_size=5000,
    )
    years = (2023, 2024, 2025)
    KeyStage2Result.objects.bulk_create(
        [
            KeyStage2Result(
                school=school,
                academic_year=year,
                pupils=random.randint(15, 90),
                rwm_expected_pct=Decimal(random.randint(30, 95)),
            )
            for school in schools
            if school.phase == "Primary"
            for year in years
        ],
        batch_size=5000,
    )
    KeyStage4Result.objects.bulk_create(
        [
            KeyStage4Result(
                school=school,
                academic_year=year,
                pupils=random.randint(60, 250),
                progress8=Decimal(random.randint(-80, 80)) / 100,
                attainment8=Decimal(random.randint(300, 600)) / 10,
            )
            for school in schools
            if school.phase == "Secondary"
            for year in years
        ],
        batch_size=5000,
    )
    networks = Network.objects.bulk_create(
        [
            Network(partnership=partnership, name=f"Network {n}", network_type="triad")
            for n in range(max(len(schools) // 100, 3))
        ]
    )
    NetworkMembership.objects.bulk_create(
        [
            NetworkMembership(network=random.choice(networks), school=school, joined_on=dt.date(2024, 9, 1))
            for school in schools
            if random.random() < 0.7
        ],
        batch_size=5000,
    )
    return {"partnership": partnership, "officer": officer, "board": board}


def timed(fn, repeat: int) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 95)


def main() -> None:
    # The benchmark measures the page, not the sign-in: the test client signs in without a code.
    os.environ.setdefault("TWO_FACTOR_REQUIRED", "False")
    fresh_database("leep_dashboard_bench")
    from django.db import connection
    from django.test import Client

    built = []
    for index, (label, schools, las, requests, target) in enumerate(SIZES):
        started = time.perf_counter()
        people = build(
            label, f"bench{index}", schools, las, urn_base=600000 + index * 100_000, la_base=100 + index * 300
        )
        print(f"Built the {label} partnership in {time.perf_counter() - started:.0f} s.")
        built.append((label, people, requests, target))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    for label, people, requests, target in built:
        slug = people["partnership"].slug
        pages = [
            ("board member's dashboard", people["board"], f"/p/{slug}/dashboard/"),
            ("LA officer's dashboard", people["officer"], f"/p/{slug}/dashboard/"),
            (
                "LA officer's school-by-school page",
                people["officer"],
                f"/p/{slug}/dashboard/schools/?sort=flags",
            ),
        ]
        print(f"{label}: {requests} requests each, through the Django test client:")
        for page_label, user, url in pages:
            client = Client()
            client.force_login(user)
            executed: list[str] = []

            def count(execute, sql, *args, executed=executed):
                executed.append(sql)
                return execute(sql, *args)

            client.get(url)  # the first view of a term makes the terms it compares with
            with connection.execute_wrapper(count):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            p50, p95 = timed(lambda client=client, url=url: client.get(url), requests)
            verdict = "within" if p95 <= target else "OVER"
            print(
                f"  {page_label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({verdict} {target} ms), {len(executed)} queries"
            )


if __name__ == "__main__":
    main()
