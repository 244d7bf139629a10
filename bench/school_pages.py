"""The school list and a school profile at national scale. Issue: 95th percentile at most 150 ms.

Loads about 25,000 schools, 60,000 inspections and 50,000 performance rows, then requests each page
many times through the Django test client, signed in as an LA officer, and reports the 50th and 95th
percentile times and the query count of each.

Run: DATABASE_URL=postgres://... python bench/school_pages.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from national_data import write_national_files
from setup_django import fresh_database, percentile

REQUESTS = 200
TARGET_MS = 150


def load(paths: dict[str, Path]) -> None:
    from schools.models.imports import ImportKind
    from schools.services.imports import import_file

    import_file(kind=ImportKind.GIAS, path=paths["gias"], actor=None, reason="bench")
    import_file(kind=ImportKind.INSPECTIONS, path=paths["inspections"], actor=None, reason="bench")
    for year in (2016, 2017, 2018):
        import_file(
            kind=ImportKind.KS2, path=paths[f"ks2_{year}"], actor=None, reason="bench", academic_year=year
        )
        import_file(
            kind=ImportKind.KS4, path=paths[f"ks4_{year}"], actor=None, reason="bench", academic_year=year
        )


def measure(client, url: str) -> tuple[float, float, int]:
    from django.db import connection

    client.get(url)  # warm up
    executed = []
    with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 95), len(executed)


def main() -> None:
    fresh_database()
    from django.test import Client

    from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User
    from schools.models import Inspection, KeyStage2Result, KeyStage4Result, School
    from schools.services.needs import needs_flags_refresh

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        load(write_national_files(Path(folder), schools=25_000))
        loaded = time.perf_counter() - started
    partnership = Partnership.objects.create(
        name="Leicestershire Education Excellence Partnership", short_name="LEEP", slug="leep"
    )
    LocalAuthority.objects.create(code="855", name="Leicestershire", partnership=partnership)
    needs_flags_refresh(partnership=partnership)
    officer = User.objects.create_user("officer@bench.test", "bench-password-123", full_name="Bench Officer")
    RoleAssignment.objects.create(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    performance = KeyStage2Result.objects.count() + KeyStage4Result.objects.count()
    print(
        f"Loaded {School.objects.count():,} schools, {Inspection.objects.count():,} inspections and "
        f"{performance:,} performance rows in {loaded:.0f} s; the partnership lists "
        f"{School.objects.filter(la_code='855').count()} schools."
    )
    client = Client()
    client.force_login(officer)
    profiled = KeyStage2Result.objects.filter(school__la_code="855", academic_year=2018).first().school
    pages = {
        "school list, first page": "/p/leep/schools/",
        "school list, filtered and sorted": "/p/leep/schools/?phase=Primary&outcome=good&sort=-inspected",
        "school list, last page": "/p/leep/schools/?page=7",
        "school profile": f"/p/leep/schools/{profiled.urn}/",
        "schools that may need support": "/p/leep/schools/needs-support/",
    }
    print(f"{REQUESTS} requests each, through the Django test client:")
    for label, url in pages.items():
        p50, p95, queries = measure(client, url)
        verdict = "within" if p95 <= TARGET_MS else "OVER"
        print(f"  {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({verdict} {TARGET_MS} ms), {queries} queries")


if __name__ == "__main__":
    main()
