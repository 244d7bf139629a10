"""Every percentage in the termly dashboard and the termly and annual reports is written by the one
rule (partnership.figures, decision 0022): half up, so 12.5% reads 13%, and never across nought or
the whole, so 0.4% reads "less than 1%", 99.6% "more than 99%" and 100.1% "more than 100%".

The figures are built by the real snapshot builder and drawn by the real page and report templates."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import ReportKind, ReportStatus
from governance.reporting import pipeline
from governance.reporting.render import report_html
from governance.reporting.snapshot import build_snapshot
from governance.terms import term_on, terms_for
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    InspectionFactory,
    KS2Factory,
    MembershipFactory,
    NetworkFactory,
    SchoolFactory,
    SystemLeaderFactory,
)
from tests.helpers import text_of

AS_AT = timezone.make_aware(dt.datetime(2026, 12, 15, 12, 0))

# Each designation's capacity and days committed, and the share used as the reports write it.
LEADERS = [
    ("sle", "8.0", "1.0", "13%"),  # 12.5%: half up, where round() gave the even 12%
    ("nle", "20.0", "0.1", "1%"),  # 0.5%
    ("lle", "25.0", "0.1", "less than 1%"),  # 0.4%: some days are committed, so never 0%
    ("nlg", "25.0", "24.9", "more than 99%"),  # 99.6%: not all of them, so never 100%
    ("specialist_teacher", "25.0", "25.1", "more than 100%"),  # 100.4%: more than all of them
    ("other", "100.0", "100.1", "more than 100%"),  # 100.1%
]
USED = {
    "Specialist Leader of Education": "13%",
    "National Leader of Education": "1%",
    "Local Leader of Education": "less than 1%",
    "National Leader of Governance": "more than 99%",
    "Specialist teacher": "more than 100%",
    "Other": "more than 100%",
    "All system leaders": "75%",  # 151.3 of 203.0 days: 74.5%
}


@pytest.fixture
def shares(partnership_a):
    """Eight open schools with an overall grade, one of them good (12.5% good or outstanding), all in
    one network; and system leaders whose capacity used is each of the shares above."""
    network = NetworkFactory(partnership=partnership_a, name="East triad")
    for n in range(8):
        school = SchoolFactory(name=f"School {n}", la_code="901")
        grade = "good" if n == 0 else "requires_improvement"
        InspectionFactory(school=school, inspected_on=dt.date(2020, 1, 1), overall=grade)
        MembershipFactory(network=network, school=school, joined_on=dt.date(2020, 1, 1))
    for designation, capacity, committed, _ in LEADERS:
        SystemLeaderFactory(
            partnership=partnership_a,
            designation=designation,
            capacity_days=Decimal(capacity),
            committed_days=Decimal(committed),
        )
    return partnership_a


def section_of(sections, key: str) -> dict:
    return next(s for s in sections if s["key"] == key)


def rows_of(section: dict) -> dict:
    return {row[0]: row[1:] for row in section["tables"][0]["rows"]}


def assert_written_by_the_rule(sections) -> None:
    capacity = section_of(sections, "capacity")
    assert {name: row[-1] for name, row in rows_of(capacity).items()} == USED
    assert capacity["summary"].endswith("151.3 days (75%) were committed.")
    assert capacity["chart"]["shown"] == [USED[label] for label in capacity["chart"]["labels"]]
    inspections = section_of(sections, "inspections")
    assert rows_of(inspections)["Good or outstanding (% of schools with an overall grade)"][0] == "13%"
    assert "with an overall effectiveness grade, 13% were good or outstanding" in inspections["summary"]
    assert rows_of(section_of(sections, "networks"))["East triad"][1] == "13%"


def assert_printed(text: str) -> None:
    flat = " ".join(text.split())
    assert "13% were good or outstanding" in flat
    for shown in ("less than 1%", "more than 99%", "more than 100%"):
        assert shown in flat, shown
    # No share that is not nothing, or not the whole, is printed as 0% or 100%.
    assert not re.search(r"(?<!than )(?<![\d.])(0|100)%", flat), re.findall(
        r".{40}(?<!than )(?<![\d.])(?:0|100)%", flat
    )


def test_the_dashboard_writes_every_percentage_by_the_one_rule(shares, la_officer_a, client_for):
    response = client_for(la_officer_a).get(reverse("governance:dashboard", args=["pa"]))
    assert response.status_code == 200
    sections = response.context["sections"]
    assert_written_by_the_rule(sections)
    assert_printed(text_of(response))
    bars = {bar["label"]: bar["shown"] for bar in section_of(sections, "capacity")["chart_svg"]["bars"]}
    assert bars["Local Leader of Education"] == "less than 1%"
    assert bars["Other"] == "more than 100%"


def pdf_text(report) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages)


@pytest.mark.parametrize(
    "kind, period",
    [
        (ReportKind.TERMLY, lambda p: {"term": term_on(p, dt.date(2026, 10, 5))}),
        (ReportKind.ANNUAL, lambda p: {"academic_year": 2026}),
    ],
)
def test_the_termly_and_annual_reports_print_every_percentage_by_the_one_rule(
    shares, la_officer_a, django_capture_on_commit_callbacks, kind, period
):
    terms_for(shares, 2026)
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.report_request(actor=la_officer_a, partnership=shares, kind=kind, **period(shares))
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT, report.error
    assert_written_by_the_rule(report.snapshot["sections"])
    assert_printed(text_of_html(report.html))
    assert_printed(pdf_text(report))


def text_of_html(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_share_that_moved_but_rounds_to_the_same_number_has_not_stayed_the_same(partnership_a):
    """All 200 graded schools were good at the end of the summer term; one was judged requires
    improvement in the autumn. 99.5% reads "more than 99%", not 100%, and it went down, if by less
    than a point."""
    schools = SchoolFactory.create_batch(200, la_code="901")
    for school in schools:
        InspectionFactory(school=school, inspected_on=dt.date(2020, 1, 1), overall="good")
    InspectionFactory(school=schools[0], inspected_on=dt.date(2026, 10, 1), overall="requires_improvement")
    snapshot = build_snapshot(
        partnership_a, term=terms_for(partnership_a, 2026)[0], audience="la", as_at=AS_AT
    )
    inspections = section_of(snapshot["sections"], "inspections")
    share = rows_of(inspections)["Good or outstanding (% of schools with an overall grade)"]
    assert share == ["more than 99%", "down less than 1"]
    assert inspections["summary"].startswith(
        "Of 200 schools with an overall effectiveness grade, more than 99% were good or outstanding at "
        "15 December 2026, down less than 1 point on the end of the summer term 2026."
    )


def test_pupil_weighted_ks2_figures_round_half_up_to_one_place(partnership_a):
    """Two schools of ten pupils: 65.0% and 65.1% average 65.05%, which a Decimal's own formatting
    wrote as the even 65.0%."""
    for rwm, disadvantaged, other in (("65.0", "40.0", "60.0"), ("65.1", "40.1", "60.1")):
        KS2Factory(
            school=SchoolFactory(la_code="901"),
            academic_year=2025,
            pupils=10,
            rwm_expected_pct=Decimal(rwm),
            disadvantaged_rwm_expected_pct=Decimal(disadvantaged),
            other_rwm_expected_pct=Decimal(other),
        )
    snapshot = build_snapshot(
        partnership_a, term=terms_for(partnership_a, 2026)[0], audience="la", as_at=AS_AT
    )
    outcomes = section_of(snapshot["sections"], "outcomes")
    assert rows_of(outcomes)["Partnership (all its schools)"] == ["65.1%", "2"]
    assert outcomes["chart"]["shown"] == ["65.1%"] and outcomes["chart"]["values"] == [65.1]
    gap = section_of(snapshot["sections"], "disadvantaged_gap")
    assert rows_of(gap) == {
        "Disadvantaged pupils": ["40.1%"],
        "Other pupils": ["60.1%"],
        "Gap (points)": ["20.0"],
    }
    assert gap["chart"]["shown"] == ["40.1%", "60.1%"]


def test_days_of_support_and_money_round_half_up_to_whole_numbers(partnership_a, school_x, la_officer_a):
    """2.5 days and £1,234.50 were cut to 2 and rounded to the even £1,234."""
    case = CaseFactory(
        partnership=partnership_a, school=school_x, lead_officer=la_officer_a, opened_on=dt.date(2026, 9, 10)
    )
    AgreementFactory(
        case=case,
        provider_type="school",
        funding="grant",
        days=Decimal("2.5"),
        cost=Decimal("1234.50"),
        status="agreed",
        agreed_at=timezone.make_aware(dt.datetime(2026, 9, 20, 12)),
    )
    snapshot = build_snapshot(
        partnership_a, term=terms_for(partnership_a, 2026)[0], audience="la", as_at=AS_AT
    )
    support = section_of(snapshot["sections"], "support")
    tables = {table["caption"]: {row[0]: row[1:] for row in table["rows"]} for table in support["tables"]}
    assert tables["Agreed support by provider"]["A school"] == ["1", "3"]
    assert tables["Agreed support by funding"]["A grant"] == ["1", "£1,235"]


def test_a_report_stored_before_the_rule_still_renders_as_it_was():
    """A snapshot frozen before decision 0022: its chart has no texts of its own and its cells were
    rounded then. It is drawn as it was."""
    stored = {
        "schema": 1,
        "as_at": "2026-11-30T09:00:00+00:00",
        "partnership": {"name": "Partnership A", "short_name": "A", "slug": "pa"},
        "period": {
            "kind": "termly",
            "key": "2026-autumn",
            "label": "Autumn term 2026",
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-31",
            "previous_label": "Summer term 2026",
        },
        "audience": "board",
        "school_count": 8,
        "sections": [
            {
                "key": "capacity",
                "title": "System leaders' capacity",
                "summary": "2 system leaders had 33.0 days, of which 1.1 days (3%) were committed.",
                "tables": [
                    {
                        "caption": "Capacity",
                        "headers": ["Designation", "Used"],
                        "rows": [["Specialist Leader of Education", "12%"], ["Other", "0%"]],
                        "numeric_columns": [1],
                    }
                ],
                "chart": {"title": "Used", "labels": ["SLE", "Other"], "values": [12, 0], "unit": "%"},
            }
        ],
        "case_studies": [],
        "sources": [],
    }
    html = report_html(stored)
    assert '<td class="numeric">12%</td>' in html and '<td class="numeric">0%</td>' in html
    assert "SLE: 12%; Other: 0%" in html  # the bars labelled from their values, as then
