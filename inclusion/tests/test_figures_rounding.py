"""Every percentage in the inclusion figures is written by the one rule (partnership.figures,
decision 0022): half up, so 12.5% reads 13%, and never across nought or the whole, so 0.4% reads
"less than 1%" and 99.6% "more than 99%"; spending over the allocation is written to one place,
so 100.1% reads "100.1%", never 100% (decision 0032). On the dashboard page and in the
termly report's inclusion section, built from records made through the services.

Last academic year: North is allocated £100,000 and spends £12,100 on staff and £400 on alternative
provision (12.5% in all; the provision 0.4%); South is allocated £1,000 and spends £1,001 (100.1%).
One pupil at X attended 996 of 1,000 sessions (99.6%) and spent 4 out of mainstream lessons (0.4%).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.reporting.render import report_html
from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from inclusion import services
from inclusion.models import SpendCategory
from inclusion.selectors.figures import InclusionFigures, ScopeFigures, Tally, academic_year_of
from inclusion.tables import Reader, dashboard_sections
from tests.helpers import text_of

from .world import REASON, ctx_of

pytestmark = pytest.mark.django_db

YEAR = academic_year_of(timezone.localdate()) - 1


@pytest.fixture
def shares(inclusion_world):
    world = inclusion_world
    officer = world.people["inclusion_officer"]
    ctx = ctx_of(officer)

    def allocate(area, amount, spends):
        allocation = services.allocation_set(
            actor=officer,
            ctx=ctx,
            inclusion_partnership=world.partnerships[area],
            financial_year=YEAR,
            amount=Decimal(amount),
            reason=REASON,
        )
        for category, spent in spends:
            services.spend_add(
                actor=officer,
                ctx=ctx,
                allocation=allocation,
                category=category,
                amount=Decimal(spent),
                reason=REASON,
            )

    allocate("north", "100000", [(SpendCategory.STAFF, "12100"), (SpendCategory.AP_PLACEMENTS, "400")])
    allocate("south", "1000", [(SpendCategory.OTHER, "1001")])
    head = world.people["head_x"]
    services.attendance_record(
        actor=head,
        ctx=ctx_of(head),
        pupil=world.pupils["x1"],
        starts_on=dt.date(YEAR, 9, 8),
        ends_on=dt.date(YEAR, 12, 18),
        sessions_possible=1000,
        sessions_attended=996,
        sessions_out_of_mainstream=4,
        reason=REASON,
    )
    return world


def rows_of(section: dict, table: int = 0) -> dict:
    return {row[0]: row[1:] for row in section["tables"][table]["rows"]}


def table_of(section: dict, caption_starts: str) -> dict:
    return rows_of(
        section, next(i for i, t in enumerate(section["tables"]) if t["caption"].startswith(caption_starts))
    )


def assert_printed(text: str, *expected: str) -> None:
    flat = " ".join(text.split())
    for shown in ("13%", "less than 1%", "100.1%", *expected):
        assert shown in flat, shown
    # Only nothing is printed as 0%, and nothing here is the whole.
    assert re.findall(r"\S+ (?<![\d.])0%", flat) == ["£0 0%"] * len(re.findall(r"(?<![\d.])0%", flat))
    assert not re.search(r"(?<!than )(?<![\d.])100%", flat)


def test_the_inclusion_dashboard_writes_every_percentage_by_the_one_rule(shares, client_for):
    address = reverse("inclusion:dashboard", kwargs={"partnership_slug": "pa"}) + f"?year={YEAR}"
    response = client_for(shares.people["inclusion_officer"]).get(address)
    assert response.status_code == 200
    sections = {section["key"]: section for section in response.context["sections"]}
    # Each partnership's share of its allocation spent.
    money = rows_of(sections["compared"], 1)
    assert money["North"][-1] == "13%"  # 12.5%
    assert money["South"][-1] == "100.1%"
    assert money["All partnerships"][-1] == "13%"  # 13,501 of 101,000: 13.4%
    # What the money was spent on, across both: the provision is 400 of 101,000, 0.4%.
    spent_on = table_of(sections["spend"], "What the money was spent on")
    assert spent_on["Alternative provision placements"] == ["£400", "less than 1%"]
    assert spent_on["Home base provision"] == ["£0", "0%"]  # nothing is 0%
    time_out = rows_of(sections["time_out"])
    assert time_out["Attendance (% of sessions possible)"] == ["more than 99%"]
    assert time_out["Time out of mainstream (% of sessions possible)"] == ["less than 1%"]
    assert (
        "attended more than 99% of the sessions possible and spent less than 1% of them"
        in (sections["time_out"]["summary"])
    )
    bars = {bar["label"]: bar["shown"] for bar in sections["time_out"]["chart_svg"]["bars"]}
    assert bars == {"Attendance": "more than 99%", "Out of mainstream": "less than 1%"}
    assert_printed(text_of(response), "more than 99%")


def test_the_termly_reports_inclusion_section_prints_every_percentage_by_the_one_rule(shares):
    partnership = shares.partnerships["north"].partnership
    snapshot = build_snapshot(partnership, term=terms_for(partnership, YEAR)[0], audience="board")
    section = next(s for s in snapshot["sections"] if s["key"] == "inclusion")
    money = table_of(section, "Alternative provision and money by partnership")
    assert (money["North"][-1], money["South"][-1]) == ("13%", "100.1%")
    spent_on = table_of(section, "What the money was spent on")
    assert spent_on["Alternative provision placements"] == ["£400", "less than 1%"]
    # One pupil's attendance rests on fewer than 5 pupils: not shown in a published report.
    assert table_of(section, "Attendance and time out")["Attendance (% of sessions possible)"] == [
        "Not shown"
    ]
    assert_printed(re.sub(r"<[^>]+>", " ", report_html(snapshot)))


def test_a_rate_that_is_not_nothing_never_reads_nought_in_the_table_or_beside_its_bar():
    """One exclusion among 250,000 pupils is 0.004 per 1,000: "less than 0.01", not 0.00."""
    year = 2024
    scope = ScopeFigures(
        area_id=1,
        name="North",
        schools=10,
        pupils_on_roll=250_000,
        schools_from_register=10,
        pupils_from_register=250_000,
        exclusions_by_year={year - 1: Tally(1, 1), year: Tally(600, 600)},
        exclusions=Tally(600, 600),
    )
    figures = InclusionFigures(
        starts_on=dt.date(year, 9, 1),
        cut=dt.date(year + 1, 8, 31),
        academic_year=year,
        years=[year - 1, year],
        financial_year=year,
        financial_years=[year],
        scope=scope,
        areas=[scope],
    )
    exclusions = dashboard_sections(figures, Reader(None), period="the year")[0]
    assert exclusions["key"] == "exclusions"
    assert rows_of(exclusions) == {
        f"{year - 1} to {year}": ["1", "less than 0.01"],
        f"{year} to {year + 1}": ["600", "2.40"],
    }
    assert exclusions["chart"]["values"] == [0.0, 2.4]
    assert exclusions["chart"]["shown"] == ["less than 0.01", "2.40"]
    assert "600 permanent exclusions in the year, 2.40 per 1,000 pupils on roll." in exclusions["summary"]
