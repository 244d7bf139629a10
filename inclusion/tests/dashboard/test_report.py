"""The inclusion section of the termly report (decision 0021): the term's figures, small numbers hidden
for every audience, no pupil named in the PDF, and a fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from governance.models import ReportKind, ReportStatus
from governance.reporting import pipeline
from governance.reporting import snapshot as snapshot_module
from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from tests.helpers import pinned_queries

from .conftest import YEAR, _more_records, autumn, inclusion_section, rows_of

pytestmark = pytest.mark.django_db


# --- The termly report --------------------------------------------------------------------------


def test_the_termly_report_has_an_inclusion_section_with_the_terms_figures(world, settings):
    settings.SMALL_PUPIL_COUNT_MIN = 1  # nothing hidden, to check the sums
    partnership = world.partnerships["north"].partnership
    snapshot = build_snapshot(partnership, term=autumn(world), audience="board")
    section = inclusion_section(snapshot)
    assert section["title"] == "Inclusion partnerships"
    compared = rows_of(section)
    # In the autumn term only x1's and x2's exclusions (North) fall; w1's is in the spring.
    assert compared["North"] == ["2", "1,000", "2", "2.00", "50%", "2"]
    assert compared["South"][2:] == ["0", "0.00", "No figure", "0"]  # w1 referred and closed in the term
    assert f"in the autumn term {YEAR}" in section["summary"]
    captions = [table["caption"] for table in section["tables"]]
    assert f"Consultation before exclusion in the autumn term {YEAR}" in captions
    assert "The inclusion partnerships' own records" in [source["name"] for source in snapshot["sources"]]


def test_the_report_hides_small_numbers_for_every_audience(world):
    partnership = world.partnerships["north"].partnership
    for audience in ("board", "la"):
        section = inclusion_section(build_snapshot(partnership, term=autumn(world), audience=audience))
        assert rows_of(section)["North"][2:4] == ["Fewer than 5", "Not shown"]
        assert "shown as “Fewer than 5”" in section["summary"]


def test_a_partnership_without_inclusion_partnerships_has_no_such_section(partnership_b):
    snapshot = build_snapshot(partnership_b, term=terms_for(partnership_b, YEAR)[0], audience="board")
    assert "inclusion" not in [s["key"] for s in snapshot["sections"]]


def test_the_report_pdf_shows_the_section_and_names_no_pupil(world, django_capture_on_commit_callbacks):
    partnership = world.partnerships["north"].partnership
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.report_request(
            actor=world.people["la_officer_a"],
            partnership=partnership,
            kind=ReportKind.TERMLY,
            term=autumn(world),
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT, report.error
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    flat = " ".join(text.split())
    assert "Inclusion partnerships" in flat
    assert "Exclusions and referrals by partnership" in flat
    assert "Fewer than 5" in flat
    assert "hide any count of very few pupils" in flat
    for pupil in world.pupils.values():
        for secret in (pupil.full_name, pupil.upn):
            assert secret not in flat, secret
            assert secret not in report.html, secret


def test_the_reports_inclusion_figures_take_a_fixed_number_of_queries(world):
    partnership = world.partnerships["north"].partnership
    term = autumn(world)
    build_snapshot(partnership, term=term, audience="board")  # makes the terms
    period = snapshot_module._period(partnership, term, None, timezone.now())
    counts = []
    for n in (0, 20):
        _more_records(world, n)
        # The inclusion partnerships, then the pupils on roll, exclusions, consultations, referrals,
        # attendance and placements by area and for the county, the allocations and the spending,
        # and the published figures beside England and the region (decision 0034).
        with pinned_queries(16):
            snapshot_module._inclusion(partnership, period)
        with CaptureQueriesContext(connection) as queries:
            build_snapshot(partnership, term=term, audience="board")
        counts.append(len(queries))
    assert counts[0] == counts[1]
