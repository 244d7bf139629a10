"""Money entered once (decision 0032): a placement paid from the partnership's allocation is one
spending line against it, made from its cost and dates, following an early end; an overspend reads
above 100%; placements, lines and the allocation reconcile to the penny."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from inclusion import services
from inclusion.models import APPlacement, FundingSource, Spend
from inclusion.selectors.funding import current_financial_year, spent_share
from inclusion.services.placement_spend import placement_spend_amount
from partnership.figures import amount
from tests.helpers import text_of

from ..world import REASON, ctx_of

YEAR = current_financial_year()
TODAY = dt.date.today()
# Within this financial year whatever day the tests run.
START = max(dt.date(YEAR, 4, 1), TODAY - dt.timedelta(days=20))


@pytest.fixture
def provider(world):
    officer = world.people["inclusion_officer"]
    return services.provider_create(actor=officer, ctx=ctx_of(officer), name="Bridge Centre", reason=REASON)


def _place(world, provider, key="x1", *, funding=FundingSource.PARTNERSHIP, cost="3200.00", ends_on=None):
    officer = world.people["inclusion_officer"]
    return services.placement_create(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=world.pupils[key],
        provider=provider,
        starts_on=START,
        ends_on=ends_on,
        days_per_week=Decimal("2"),
        cost=Decimal(cost),
        funding_source=funding,
        reason="Agreed at the panel",
    )


def _lines(placement) -> list[Spend]:
    return list(Spend.objects.filter(placement=placement))


def test_a_placement_paid_from_the_allocation_is_one_spending_line(world, provider):
    placement = _place(world, provider)
    [line] = _lines(placement)
    assert (line.allocation, line.category, line.amount) == (
        world.allocation,
        "ap_placements",
        Decimal("3200.00"),
    )
    assert "Bridge Centre" in line.description and "Pupil x1" not in line.description
    assert line.history.first().history_change_reason == "Agreed at the panel"
    total = sum(Spend.objects.filter(allocation=world.allocation).values_list("amount", flat=True))
    assert total == Decimal("43200.00")


def test_a_placement_the_school_pays_for_is_no_spending_of_the_allocation(world, provider):
    assert _lines(_place(world, provider, funding=FundingSource.SCHOOL)) == []


def test_an_early_end_pays_for_the_days_the_placement_ran(world, provider):
    agreed = TODAY + dt.timedelta(days=40)
    placement = _place(world, provider, cost="4100.00", ends_on=agreed)
    ended = max(START, TODAY - dt.timedelta(days=1))
    officer = world.people["inclusion_officer"]
    services.placement_end(
        actor=officer,
        ctx=ctx_of(officer),
        placement=placement,
        ends_on=ended,
        outcome="reintegrated",
        reason="Back in school early",
    )
    placement.refresh_from_db()
    ran, planned = (ended - START).days + 1, (agreed - START).days + 1
    expected = (Decimal("4100.00") * ran / planned).quantize(Decimal("0.01"))
    [line] = _lines(placement)
    assert line.amount == expected == placement_spend_amount(placement) < Decimal("4100.00")
    assert placement.agreed_ends_on == agreed
    assert line.history.first().history_change_reason == "Back in school early"


def test_an_allocation_set_later_takes_the_placements_it_pays_for(world, provider):
    placement = _place(world, provider, key="w1")  # South: no allocation yet
    assert _lines(placement) == []
    officer = world.people["inclusion_officer"]
    south = services.allocation_set(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=world.partnerships["south"],
        financial_year=YEAR,
        amount=Decimal("50000"),
        reason=REASON,
    )
    [line] = _lines(placement)
    assert (line.allocation, line.amount) == (south, Decimal("3200.00"))


def test_the_database_holds_one_line_per_placement(world, provider):
    placement = _place(world, provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Spend.objects.create(
            allocation=world.allocation, category="ap_placements", amount=Decimal(1), placement=placement
        )


def test_placements_lines_and_the_allocation_reconcile_to_the_penny(world, provider, client_for):
    officer = world.people["inclusion_officer"]
    first = _place(world, provider, cost="1234.56", ends_on=TODAY + dt.timedelta(days=30))
    _place(world, provider, key="y1", cost="987.65")
    _place(world, provider, key="x2", funding=FundingSource.HIGH_NEEDS, cost="5000")
    services.placement_end(
        actor=officer,
        ctx=ctx_of(officer),
        placement=first,
        ends_on=max(START, TODAY - dt.timedelta(days=2)),
        outcome="reintegrated",
        reason=REASON,
    )
    paid = APPlacement.objects.filter(funding_source=FundingSource.PARTNERSHIP)
    owed = sum(placement_spend_amount(placement) for placement in paid)
    lines = Spend.objects.filter(allocation=world.allocation)
    from_placements = sum(line.amount for line in lines if line.placement_id)
    typed = sum(line.amount for line in lines if not line.placement_id)
    assert from_placements == owed and typed == Decimal("40000")
    assert lines.filter(placement__isnull=False).count() == paid.count() == 2
    page = text_of(
        client_for(officer).get(
            reverse(
                "inclusion:partnership",
                kwargs={"partnership_slug": "pa", "ip_id": world.partnerships["north"].pk},
            )
        )
    )
    assert f"Total spent {amount(typed + from_placements)}" in page


def test_an_overspend_reads_above_100_percent():
    assert spent_share(Decimal("425426"), Decimal("425000")) == "100.1%"
    assert spent_share(Decimal("425000"), Decimal("425000")) == "100%"
    assert spent_share(Decimal("212500"), Decimal("425000")) == "50%"
    assert spent_share(Decimal("467500"), Decimal("425000")) == "110%"


def test_the_figures_page_shows_an_overspend_with_its_amount(world, client_for):
    officer = world.people["inclusion_officer"]
    services.spend_add(
        actor=officer,
        ctx=ctx_of(officer),
        allocation=world.allocation,
        category="other",
        amount=Decimal("60100"),
        reason=REASON,
    )
    response = client_for(officer).get(reverse("inclusion:dashboard", kwargs={"partnership_slug": "pa"}))
    text = text_of(response)
    assert "overspent by £100" in text
    assert "Overspent by £100" in text
    assert "100.1%" in text
