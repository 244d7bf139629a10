"""The world of the inclusion partnership pages tests: the inclusion world with this financial year's
allocation to North and some staff spending from it, and the helpers the pages' tests share."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from inclusion import services
from inclusion.models import InclusionStaffMember
from inclusion.selectors.funding import current_financial_year

from ..world import REASON, ctx_of

YEAR = current_financial_year()


@pytest.fixture
def world(inclusion_world):
    world = inclusion_world
    officer = world.people["inclusion_officer"]
    north = world.partnerships["north"]
    world.allocation = services.allocation_set(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=north,
        financial_year=YEAR,
        amount=Decimal("100000"),
        reason=REASON,
    )
    services.spend_add(
        actor=officer,
        ctx=ctx_of(officer),
        allocation=world.allocation,
        category="staff",
        amount=Decimal("40000"),
        description="Outreach worker",
        reason=REASON,
    )
    world.staff_member = InclusionStaffMember.objects.get(inclusion_partnership=north)
    return world


def url(name, slug="pa", **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def ids_listed(response) -> set[int]:
    return {
        int(i) for i in re.findall(r'href="/p/pa/inclusion/partnerships/(\d+)/"', response.content.decode())
    }
