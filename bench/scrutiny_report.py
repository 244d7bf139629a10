"""A scrutiny report for a large partnership. Issue: for about 300 schools with a year of support
activity, the report is made (figures, HTML and PDF) in at most 10 s, and the PDF runs at 10 pages a
second or more.

Run: DATABASE_URL=postgres://... python bench/scrutiny_report.py
"""

from __future__ import annotations

import datetime as dt
import random
import time

from setup_django import fresh_database

SCHOOLS = 300
CASES = 120
CLOSED = 40
RUNS = 3


def main() -> None:
    fresh_database("leep_reports_bench")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from governance.models import Report, ReportKind
    from governance.reporting import pipeline, render
    from governance.terms import academic_year_of, term_on
    from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User
    from schools.models import Inspection, School
    from support.models import ObjectiveRating, ProgressReview, SupportAgreement, SupportCase
    from support.models.agreements import Objective
    from tests.factories import consent_in_force, published_agreement

    random.seed(8)
    partnership = Partnership.objects.create(name="Bench Partnership", short_name="Bench", slug="bench")
    LocalAuthority.objects.create(code="855", name="Leicestershire", partnership=partnership)
    officer = User.objects.create_user("officer@bench.test", "bench-password-123", full_name="Bench Officer")
    RoleAssignment.objects.create(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    today = timezone.localdate()
    year = academic_year_of(today)
    year_start = dt.date(year, 9, 1)
    phases = ["Primary"] * 4 + ["Secondary"]
    schools = School.objects.bulk_create(
        [
            School(
                urn=700000 + n,
                name=f"Bench School {n}",
                la_code="855",
                la_name="Leicestershire",
                phase=random.choice(phases),
                type_group="Local authority maintained schools",
                status="Open",
            )
            for n in range(SCHOOLS)
        ]
    )
    grades = ["outstanding", "good", "good", "good", "requires_improvement", "inadequate"]
    inspections = []
    for school in schools:
        inspections.append(
            Inspection(
                school=school,
                framework="legacy",
                inspected_on=dt.date(2022, 1, 10) + dt.timedelta(days=random.randint(0, 700)),
                overall=random.choice(grades),
            )
        )
        if random.random() < 0.3:
            inspections.append(
                Inspection(
                    school=school,
                    framework="legacy",
                    inspected_on=year_start
                    + dt.timedelta(days=random.randint(5, max(6, (today - year_start).days))),
                    overall=random.choice(grades),
                )
            )
    Inspection.objects.bulk_create(inspections)
    agreement_version = published_agreement(partnership, by=officer)
    for school in schools[: SCHOOLS * 2 // 3]:
        consent_in_force(agreement_version, school)

    cases = SupportCase.objects.bulk_create(
        [
            SupportCase(
                partnership=partnership,
                school=school,
                source="officer",
                lead_officer=officer,
                opened_on=year_start - dt.timedelta(days=random.randint(0, 300)),
                needs_analysis="Confidential needs analysis",
                status="closed"
                if n < CLOSED
                else random.choice(["in_delivery", "under_review", "support_agreed"]),
                closed_on=(year_start + dt.timedelta(days=random.randint(1, 60))) if n < CLOSED else None,
                impact_statement="Reading improved." if n < CLOSED else "",
                evidence_before="Data before" if n < CLOSED else "",
                evidence_after="Data after" if n < CLOSED and n % 2 else "",
            )
            for n, school in enumerate(random.sample(schools, CASES))
        ]
    )
    agreements = SupportAgreement.objects.bulk_create(
        [
            SupportAgreement(
                case=case,
                provider_type=random.choice(["external", "system_leader", "school"]),
                provider_name="Bench provider",
                starts_on=year_start - dt.timedelta(days=200),
                ends_on=year_start + dt.timedelta(days=200),
                days=10,
                cost=3000,
                funding="partnership_budget",
                status="active",
            )
            for case in cases
        ]
    )
    objectives = Objective.objects.bulk_create(
        [
            Objective(
                agreement=agreement,
                description=f"Objective {n}",
                outcome_measure="Measured",
                target_date=year_start + dt.timedelta(days=200),
            )
            for agreement in agreements
            for n in range(2)
        ]
    )
    reviews = ProgressReview.objects.bulk_create(
        [
            ProgressReview(
                agreement=agreement,
                due_on=year_start + dt.timedelta(days=30 * n),
                held_on=year_start + dt.timedelta(days=30 * n),
                status="rated",
                summary="Confidential summary",
            )
            for agreement in agreements
            for n in range(1, 3)
        ]
    )
    by_agreement = {}
    for objective in objectives:
        by_agreement.setdefault(objective.agreement_id, []).append(objective)
    ObjectiveRating.objects.bulk_create(
        [
            ObjectiveRating(
                review=review, objective=objective, rating=random.choice(["on_track", "at_risk", "off_track"])
            )
            for review in reviews
            for objective in by_agreement[review.agreement_id]
        ]
    )
    term = term_on(partnership, today)
    print(
        f"Data: {SCHOOLS} schools, {len(inspections)} inspections, {CASES} cases ({CLOSED} closed), "
        f"{len(reviews)} reviews"
    )

    for kind, label in [(ReportKind.TERMLY, f"termly ({term})"), (ReportKind.ANNUAL, f"annual ({year})")]:
        made, pdf_times, pages = [], [], 0
        for _ in range(RUNS):
            report = Report.objects.create(
                partnership=partnership,
                kind=kind,
                period=term.key if kind == ReportKind.TERMLY else str(year),
                term=term if kind == ReportKind.TERMLY else None,
                academic_year=year,
                version=Report.objects.filter(partnership=partnership, kind=kind).count() + 1,
            )
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                report = pipeline.report_produce(report.pk)
                made.append(time.perf_counter() - started)
            assert report.status == "draft", report.error
            started = time.perf_counter()
            _, pages = render.report_pdf(report.snapshot, report=report)
            pdf_times.append(time.perf_counter() - started)
        best_pdf = min(pdf_times)
        print(
            f"{label}: made in {min(made):.2f} s best, {max(made):.2f} s worst (target <= 10 s), "
            f"{len(queries)} queries; PDF {pages} pages in {best_pdf:.2f} s = {pages / best_pdf:.1f} pages/s "
            "(target >= 10 pages/s)"
        )


if __name__ == "__main__":
    main()
