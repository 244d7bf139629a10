"""An inclusion partnership's allocation for a financial year and the spending from it, and the
financial year itself (April to March, in London)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from inclusion.models import FundingAllocation, Spend
from inclusion.selectors.funding import current_financial_year, financial_year_of
from tests.helpers import error_beside, text_of

from .conftest import YEAR, url

# --- Allocations and spending -----------------------------------------------------------------


def test_an_officer_sets_next_year_s_allocation(world, client_for):
    north = world.partnerships["north"]
    client = client_for(world.people["la_officer_a"])
    html = client.get(url("allocation-set", ip_id=north.pk)).content.decode()
    for year in range(YEAR - 2, YEAR + 2):
        assert f">{year} to {year + 1}</option>" in html
    response = client.post(
        url("allocation-set", ip_id=north.pk),
        {"financial_year": YEAR + 1, "amount": "£250,000.50", "reason": "Budget agreed by cabinet"},
    )
    assert response.status_code == 302
    allocation = FundingAllocation.objects.get(inclusion_partnership=north, financial_year=YEAR + 1)
    assert allocation.amount == Decimal("250000.50")
    assert allocation.history.first().history_change_reason == "Budget agreed by cabinet"


def test_setting_a_year_again_changes_its_allocation_and_keeps_the_old_amount(world, client_for):
    north = world.partnerships["north"]
    client = client_for(world.people["inclusion_officer"])
    html = client.get(url("allocation-set", ip_id=north.pk), {"year": YEAR}).content.decode()
    assert 'value="100000.00"' in html
    response = client.post(
        url("allocation-set", ip_id=north.pk),
        {"financial_year": YEAR, "amount": "120000", "reason": "In-year top-up"},
    )
    assert response.status_code == 302
    allocation = FundingAllocation.objects.get(inclusion_partnership=north, financial_year=YEAR)
    assert allocation.pk == world.allocation.pk
    assert allocation.amount == Decimal("120000")
    assert [h.amount for h in allocation.history.all()] == [Decimal("120000"), Decimal("100000")]
    assert allocation.history.first().history_change_reason == "In-year top-up"
    assert allocation.spends.count() == 1


def test_setting_the_same_amount_again_is_refused(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("allocation-set", ip_id=north.pk), {"financial_year": YEAR, "amount": "100000", "reason": "Again"}
    )
    assert error_beside(response, "amount") == f"The allocation for {YEAR} to {YEAR + 1} is already £100,000"
    assert world.allocation.history.count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The amount must be £0 or more"),
        ("12abc", "Enter the amount in pounds as a number, like 1500 or 1500.50"),
        ("", "Enter the amount allocated, or 0"),
        ("10.555", "Enter the amount in pounds and pence, with no more than 2 decimal places"),
    ],
)
def test_a_bad_allocation_amount_is_shown_beside_the_field(world, client_for, typed, message):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("allocation-set", ip_id=north.pk),
        {"financial_year": YEAR + 1, "amount": typed, "reason": "Budget"},
    )
    assert response.status_code == 200
    assert error_beside(response, "amount") == message
    assert "There is a problem" in text_of(response)
    assert not FundingAllocation.objects.filter(inclusion_partnership=north, financial_year=YEAR + 1).exists()


def test_a_year_outside_the_list_is_refused(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("allocation-set", ip_id=north.pk), {"financial_year": YEAR + 5, "amount": "1", "reason": "Budget"}
    )
    assert error_beside(response, "financial_year") == "Select a financial year from the list"
    assert FundingAllocation.objects.filter(inclusion_partnership=north).count() == 1


def test_the_chair_records_spending_on_home_base_provision(world, client_for):
    north = world.partnerships["north"]
    chair = world.people["chair_y"]
    client = client_for(chair)
    address = url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk)
    assert "Remaining £60,000" in text_of(client.get(address))
    response = client.post(
        address,
        {
            "category": "home_base",
            "amount": "12500",
            "description": "Home base teacher",
            "reason": "Autumn term",
        },
    )
    assert response.status_code == 302
    spend = Spend.objects.get(category="home_base")
    assert (spend.allocation, spend.amount, spend.description) == (
        world.allocation,
        Decimal("12500"),
        "Home base teacher",
    )
    record = spend.history.first()
    assert (record.history_change_reason, record.history_user) == ("Autumn term", chair)
    text = text_of(client.get(url("partnership", ip_id=north.pk)))
    assert "Home base provision £12,500" in text
    assert "Remaining £47,500" in text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"category": "staff", "amount": "-1"}, "amount", "The amount must be £0 or more"),
        (
            {"category": "staff", "amount": "ten pounds"},
            "amount",
            "Enter the amount in pounds as a number, like 1500 or 1500.50",
        ),
        ({"amount": "10"}, "category", "Select what the money was spent on"),
        (
            {"category": "travel", "amount": "10"},
            "category",
            "Select a valid choice. travel is not one of the available choices.",
        ),
    ],
)
def test_bad_spending_is_shown_beside_the_field_and_nothing_is_saved(world, client_for, data, field, message):
    north = world.partnerships["north"]
    response = client_for(world.people["partnership_staff"]).post(
        url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk), {**data, "reason": "Spending"}
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert "There is a problem" in text_of(response)
    assert Spend.objects.count() == 1


def test_spending_needs_a_reason(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["partnership_staff"]).post(
        url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk),
        {"category": "staff", "amount": "10"},
    )
    assert error_beside(response, "reason") == "Enter why you are recording this spending"
    assert Spend.objects.count() == 1


# --- The financial year -----------------------------------------------------------------------


def test_a_financial_year_runs_from_april_to_march():
    assert financial_year_of(dt.date(2027, 3, 31)) == 2026
    assert financial_year_of(dt.date(2026, 4, 1)) == 2026
    assert financial_year_of(dt.date(2026, 12, 25)) == 2026


def test_the_current_financial_year_is_worked_out_in_london(monkeypatch):
    # 23:30 on 31 March 2027 in UTC is 00:30 on 1 April in London (British Summer Time).
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2027, 3, 31, 23, 30, tzinfo=dt.UTC))
    assert current_financial_year() == 2027
