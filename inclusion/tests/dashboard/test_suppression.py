"""Secondary suppression in the inclusion figures (decision 0021): where a total is shown and a part is
hidden, one more part is hidden beside it, on the page and in the report, so the hidden part cannot
be worked out; the inclusion officer and a partnership's chair still see their figures exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from governance.reporting.snapshot import build_snapshot
from inclusion import services
from inclusion.models import FundingSource, PlacementOutcome, PlanType, Referral
from inclusion.selectors.figures import Tally
from inclusion.tables import NOT_SHOWN, PLAN_LABELS, Reader, dashboard_sections

from ..world import REASON, born_in_year, ctx_of, upn
from .conftest import autumn, inclusion_section, known_figures, known_url, on, rows_of, sections_for

pytestmark = pytest.mark.django_db


# --- Secondary suppression: a hidden part cannot be worked out from its total -------------------


@pytest.fixture
def busy(world):
    """The known world, busier in North: five more pupils at X, each excluded in the autumn with no
    consultation, referred with an in-school support plan, and placed (paid for by the partnership)
    until a specialist place. Y's pupil gets a home base plan, and one more pupil at W is excluded.

    For the year, and in the autumn term alike: North's open referrals are 2 with home base and 5
    with in-school support; North's placements started are 1 paid for by the school and 6 (5 in the
    autumn) by the partnership; its placements ended are 1 reintegrated and 5 to a specialist place;
    South's exclusions (2 in the year, 1 in the autumn) are under 5 and North's are not."""
    officer, head = world.people["inclusion_officer"], world.people["head_x"]
    officer_ctx, head_ctx = ctx_of(officer), ctx_of(head)
    for i in range(5):
        pupil = services.pupil_create(
            actor=head,
            ctx=head_ctx,
            full_name=f"Busy {i}",
            date_of_birth=born_in_year(9, 1, 1),
            upn=upn(f"9013000{i:05d}"),
            home_school=world.schools["x"],
            year_group=9,
            on_roll_from=dt.date(2023, 9, 1),
            reason=REASON,
        )
        world.pupils[f"busy{i}"] = pupil
        services.exclusion_record(
            actor=head, ctx=head_ctx, pupil=pupil, excluded_on=on(10, 10), reason=REASON
        )
        referral = services.referral_create(
            actor=head, ctx=head_ctx, pupil=pupil, reasons="At risk", support_tried="Mentoring", reason=REASON
        )
        Referral.objects.filter(pk=referral.pk).update(
            referred_on=on(10, 1),
            status="plan_agreed",
            plan_type=PlanType.IN_SCHOOL,
            plan_agreed_on=on(10, 8),
        )
        placement = services.placement_create(
            actor=officer,
            ctx=officer_ctx,
            pupil=pupil,
            provider=world.provider,
            starts_on=on(10, 12),
            ends_on=None,
            days_per_week=Decimal(2),
            cost=Decimal(500),
            funding_source=FundingSource.PARTNERSHIP,
            reason=REASON,
        )
        services.placement_end(
            actor=officer,
            ctx=officer_ctx,
            placement=placement,
            ends_on=on(11, 20),
            outcome=PlacementOutcome.SPECIALIST,
            reason=REASON,
        )
    Referral.objects.filter(pupil=world.pupils["y1"]).update(
        status="plan_agreed", plan_type=PlanType.HOME_BASE, plan_agreed_on=on(12, 8)
    )
    head_w = world.people["other_head_w"]
    pupil = services.pupil_create(
        actor=head_w,
        ctx=ctx_of(head_w),
        full_name="South Extra",
        date_of_birth=born_in_year(9, 1, 1),
        upn=upn("901400000001"),
        home_school=world.schools["w"],
        year_group=9,
        on_roll_from=dt.date(2023, 9, 1),
        reason=REASON,
    )
    services.exclusion_record(
        actor=head_w, ctx=ctx_of(head_w), pupil=pupil, excluded_on=on(10, 15), reason=REASON
    )
    return world


def _number(cell: str) -> int | None:
    text = cell.replace(",", "").replace("£", "")
    return int(text) if text.isdigit() else None


def assert_not_given_away(parts: dict[str, str], total: str) -> None:
    """Taking the shown parts from the total leaves the sum of two or more hidden parts, at least
    one of them hidden although it is not small, so no hidden part can be worked out."""
    assert _number(total) is not None, total
    hidden = [cell for cell in parts.values() if _number(cell) is None]
    assert len(hidden) >= 2, parts
    assert NOT_SHOWN in hidden, parts


def table_of(section: dict, caption: str) -> dict:
    table = next(t for t in section["tables"] if t["caption"].startswith(caption))
    return {row[0]: row[1:] for row in table["rows"]}


PLANS = ["In-school support", "Home base provision", "Alternative provision placement", "Managed move"]


def _plans(rows: dict) -> dict[str, str]:
    return {label: rows[label][0] for label in [*PLANS, "No plan agreed yet"]}


def test_the_busy_world_has_the_shape_the_tests_rely_on(busy):
    assert [label for label in PLAN_LABELS.values()] == [*PLANS, "No plan agreed yet"]
    north = known_figures(busy, busy.partnerships["north"]).scope
    assert north.open_by_plan[PlanType.IN_SCHOOL] == Tally(5, 5)
    assert north.open_by_plan[PlanType.HOME_BASE] == Tally(2, 2)
    assert north.ap_by_funding[FundingSource.PARTNERSHIP] == (Tally(6, 6), Decimal(5500))
    assert north.ap_by_outcome[PlacementOutcome.SPECIALIST] == Tally(5, 5)
    south = known_figures(busy, busy.partnerships["south"]).scope
    assert south.exclusions == Tally(2, 2)


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_open_referrals_by_plan_hide_one_more_plan_beside_the_total(busy, client_for, persona):
    client = client_for(busy.people[persona])
    for area in (busy.partnerships["north"], None):  # North's page (the reported case) and the county's
        rows = table_of(sections_for(client.get(known_url(area)))["at_risk"], "Pupils with an open referral")
        plans = _plans(rows)
        # Before: "Home base provision: Fewer than 5", "In-school support: 5", "All pupils with an open referral: 7".
        assert plans["Home base provision"] == "Fewer than 5"
        assert plans["In-school support"] == NOT_SHOWN
        assert rows["All pupils with an open referral"] == ["7"]
        assert_not_given_away(plans, rows["All pupils with an open referral"][0])
        chart = sections_for(client.get(known_url(area)))["at_risk"]["chart"]
        assert chart is None or "In-school support" not in chart["labels"]


def test_the_inclusion_officer_still_sees_every_plan(busy, client_for):
    client = client_for(busy.people["inclusion_officer"])
    sections = sections_for(client.get(known_url(busy.partnerships["north"])))
    plans = _plans(table_of(sections["at_risk"], "Pupils with an open referral"))
    assert [plans["In-school support"], plans["Home base provision"]] == ["5", "2"]
    assert sections["at_risk"]["chart"]["values"] == [5, 2]


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_placements_by_who_pays_hide_one_more_source_beside_the_total(busy, client_for, persona):
    response = client_for(busy.people[persona]).get(known_url(busy.partnerships["north"]))
    provision = sections_for(response)["provision"]
    totals = table_of(provision, "Alternative provision placements")
    assert totals["Placements started"] == ["7"]
    assert totals["Cost of the placements started"] == ["£7,500"]
    assert "costing £7,500" in provision["summary"]
    funding = table_of(provision, "Placements started")
    # Before: the partnership's 6 at £5,500 were shown, giving away the school's 1 at £2,000.
    assert funding["The home school"] == ["Fewer than 5", NOT_SHOWN]
    assert funding["The inclusion partnership's allocation"] == [NOT_SHOWN, NOT_SHOWN]
    assert_not_given_away({label: row[0] for label, row in funding.items()}, totals["Placements started"][0])
    assert_not_given_away({label: row[1] for label, row in funding.items()}, "7500")
    assert provision["chart"] is None


def test_the_inclusion_officer_still_sees_who_pays(busy, client_for):
    response = client_for(busy.people["inclusion_officer"]).get(known_url(busy.partnerships["north"]))
    funding = table_of(sections_for(response)["provision"], "Placements started")
    assert funding["The home school"] == ["1", "£2,000"]
    assert funding["The inclusion partnership's allocation"] == ["6", "£5,500"]


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_how_placements_ended_hides_one_more_outcome_beside_the_total(busy, client_for, persona):
    response = client_for(busy.people[persona]).get(known_url(busy.partnerships["north"]))
    reintegration = sections_for(response)["reintegration"]
    outcomes = rows_of(reintegration)
    assert outcomes["All placements ended"] == ["6", ""]
    # Before: "Specialist place: 5 (83%)" beside 6 ended gave away the one reintegration.
    assert outcomes["Reintegrated into mainstream"] == ["Fewer than 5", NOT_SHOWN]
    assert outcomes["Moved to a specialist place"] == [NOT_SHOWN, NOT_SHOWN]
    assert_not_given_away(
        {label: row[0] for label, row in outcomes.items() if label != "All placements ended"},
        outcomes["All placements ended"][0],
    )
    assert "is not shown, because it rests on fewer than 5 pupils" in reintegration["summary"]
    assert reintegration["chart"] is None


def test_a_reintegration_rate_hidden_beside_a_small_outcome_says_why(world):
    figures = known_figures(world)
    county = figures.scope
    county.ap_by_outcome = {PlacementOutcome.REINTEGRATED: Tally(6, 6), PlacementOutcome.OTHER: Tally(1, 1)}
    county.ap_ended = Tally(7, 7)
    sections = {s["key"]: s for s in dashboard_sections(figures, Reader(frozenset()), period="the year")}
    outcomes = rows_of(sections["reintegration"])
    assert outcomes["Other"] == ["Fewer than 5", NOT_SHOWN]
    assert outcomes["Reintegrated into mainstream"] == [NOT_SHOWN, NOT_SHOWN]
    assert "would give away a number of fewer than 5 pupils" in sections["reintegration"]["summary"]
    assert rows_of(sections["compared"], 1)["All partnerships"][2] == NOT_SHOWN
    exact = {s["key"]: s for s in dashboard_sections(figures, Reader(None), period="the year")}
    assert rows_of(exact["reintegration"])["Reintegrated into mainstream"] == ["6", "86%"]


def test_the_inclusion_officer_still_sees_how_placements_ended(busy, client_for):
    response = client_for(busy.people["inclusion_officer"]).get(known_url(busy.partnerships["north"]))
    outcomes = rows_of(sections_for(response)["reintegration"])
    assert outcomes["Reintegrated into mainstream"] == ["1", "17%"]
    assert outcomes["Moved to a specialist place"] == ["5", "83%"]


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_the_comparison_hides_one_more_area_beside_the_county(busy, client_for, persona):
    sections = sections_for(client_for(busy.people[persona]).get(known_url()))
    people, money = rows_of(sections["compared"]), rows_of(sections["compared"], 1)
    # Exclusions: South's 2 are small, and the county's 9 less North's 7 would give them away.
    assert people["All partnerships"][2] == "9"
    assert people["South"][2:4] == ["Fewer than 5", NOT_SHOWN]
    assert people["North"][2:4] == [NOT_SHOWN, NOT_SHOWN]
    assert_not_given_away(
        {name: people[name][2] for name in ("North", "South")}, people["All partnerships"][2]
    )
    # The cost of the placements started: South's rests on one pupil, and the county's is shown.
    assert money["All partnerships"][1] == "£8,500"
    assert [money["North"][1], money["South"][1]] == [NOT_SHOWN, NOT_SHOWN]
    # North's rate and its reintegration rate, each of which would give back a hidden number.
    assert people["North"][4] == NOT_SHOWN and money["North"][2] == NOT_SHOWN
    assert sections["compared"]["chart"] is None
    # The county's own sections show the same totals, and nothing that undoes the hiding.
    assert rows_of(sections["consultations"])["Permanent exclusions"] == ["9"]


def test_the_inclusion_officer_still_sees_every_area(busy, client_for):
    sections = sections_for(client_for(busy.people["inclusion_officer"]).get(known_url()))
    people, money = rows_of(sections["compared"]), rows_of(sections["compared"], 1)
    assert [people[name][2] for name in ("North", "South", "All partnerships")] == ["7", "2", "9"]
    assert [money[name][1] for name in ("North", "South", "All partnerships")] == [
        "£7,500",
        "£1,000",
        "£8,500",
    ]
    assert sections["compared"]["chart"]["labels"] == ["North", "South"]


def test_a_partnerships_chair_still_sees_their_own_area_exactly(busy, client_for):
    sections = sections_for(client_for(busy.people["chair_y"]).get(known_url()))
    people = rows_of(sections["compared"])
    assert people["North"][2:4] == ["7", "7.00"]
    assert people["South"][2] == "Fewer than 5"
    own = sections_for(client_for(busy.people["chair_y"]).get(known_url(busy.partnerships["north"])))
    assert _plans(table_of(own["at_risk"], "Pupils with an open referral"))["Home base provision"] == "2"


def test_the_report_hides_one_more_part_beside_each_total(busy):
    partnership = busy.partnerships["north"].partnership
    for audience in ("board", "la"):
        section = inclusion_section(build_snapshot(partnership, term=autumn(busy), audience=audience))
        people = table_of(section, "Exclusions and referrals by partnership")
        assert people["All partnerships"][2] == "8"
        assert people["South"][2] == "Fewer than 5"
        assert people["North"][2:4] == [NOT_SHOWN, NOT_SHOWN]
        referrals = table_of(section, "Pupils with an open referral")
        assert referrals["All pupils with an open referral"] == ["7"]
        assert_not_given_away(_plans(referrals), "7")
        funding = table_of(section, "Placements started")
        assert funding["The inclusion partnership's allocation"] == [NOT_SHOWN, NOT_SHOWN]
        assert_not_given_away({label: row[0] for label, row in funding.items()}, "6")
        outcomes = table_of(section, "How placements ended")
        assert outcomes["Moved to a specialist place"] == [NOT_SHOWN, NOT_SHOWN]
        assert outcomes["All placements ended"][0] == "6"
        assert section["chart"] is None
        assert "one more is not shown" in section["summary"]
