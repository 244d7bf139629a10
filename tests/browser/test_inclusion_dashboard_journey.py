"""The partnership dashboard shows the figures: an LA officer goes from the termly dashboard to the
inclusion figures, chooses one partnership and last academic year, and reads the exclusions per
1,000 pupils, the consultations before exclusion, the alternative provision and the spending."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion import services
from inclusion.models import FundingSource, PlacementOutcome
from inclusion.selectors.figures import academic_year_of
from inclusion.tests.world import REASON, born_in_year, build_world, ctx_of, upn
from tests.browser.conftest import _new_page, assert_accessible, sign_in, watch_csp

pytestmark = pytest.mark.browser

YEAR = academic_year_of(timezone.localdate()) - 1


def on(month: int, day: int) -> dt.date:
    return dt.date(YEAR if month >= 9 else YEAR + 1, month, day)


@pytest.fixture
def figures(live_server, partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    """North (X with 600 pupils, Y with 400): six pupils at X excluded last year after a consultation
    with the chair, each with a placement that ended in reintegration; and North's allocation."""
    world = build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)
    for school, pupils in ((school_x, 600), (school_y, 400)):
        school.pupils = pupils
        school.save()
    officer = world.people["inclusion_officer"]
    officer_ctx, head_ctx = ctx_of(officer), ctx_of(head_x)
    provider = services.provider_create(actor=officer, ctx=officer_ctx, name="Bridge Centre", reason=REASON)
    for i in range(6):
        pupil = services.pupil_create(
            actor=head_x,
            ctx=head_ctx,
            full_name=f"Journey Pupil {i}",
            date_of_birth=born_in_year(10, 3, 1),
            upn=upn(f"90120009{i:04d}"),
            home_school=school_x,
            year_group=10,
            on_roll_from=dt.date(2023, 9, 1),
            reason=REASON,
        )
        services.consultation_record(
            actor=head_x,
            ctx=head_ctx,
            pupil=pupil,
            consulted_on=on(10, 1),
            reason_considered="Serious incident",
            alternatives_considered="A managed move",
            chair_advice="Try alternative provision first",
            reason=REASON,
        )
        services.exclusion_record(
            actor=head_x, ctx=head_ctx, pupil=pupil, excluded_on=on(10, 20), reason=REASON
        )
        placement = services.placement_create(
            actor=officer,
            ctx=officer_ctx,
            pupil=pupil,
            provider=provider,
            starts_on=on(11, 2),
            ends_on=None,
            days_per_week=Decimal(3),
            cost=Decimal(2500),
            funding_source=FundingSource.PARTNERSHIP,
            reason=REASON,
        )
        services.placement_end(
            actor=officer,
            ctx=officer_ctx,
            placement=placement,
            ends_on=on(12, 13),
            outcome=PlacementOutcome.REINTEGRATED,
            reason=REASON,
        )
    allocation = services.allocation_set(
        actor=officer,
        ctx=officer_ctx,
        inclusion_partnership=world.partnerships["north"],
        financial_year=YEAR,
        amount=Decimal(120000),
        reason=REASON,
    )
    # The six placements' £15,000 became the allocation's spending lines when it was set (decision
    # 0032): nobody types them again.
    assert sum(allocation.spends.values_list("amount", flat=True)) == Decimal(15000)
    return world


def row(page, caption: str, name: str):
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return table.get_by_role("row", name=name)


def test_the_partnership_dashboard_shows_the_figures(browser, live_server, la_officer_a, figures):
    context, page = _new_page(browser, live_server)
    violations = watch_csp(page)
    sign_in(page, la_officer_a)
    page.goto(f"{live_server.url}/p/pa/dashboard/")
    page.get_by_role(
        "link", name="Inclusion partnerships: exclusions, alternative provision and funding"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inclusion figures: all partnerships")
    assert_accessible(page)

    page.get_by_label("Inclusion partnership", exact=True).select_option(label="North")
    page.get_by_label("Academic year", exact=True).select_option(label=f"{YEAR} to {YEAR + 1}")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inclusion figures: North inclusion partnership"
    )
    assert f"year={YEAR}" in page.url
    assert_accessible(page)

    # Six exclusions from 1,000 pupils on roll: 6.00 per 1,000, shown to an LA officer since they
    # rest on more than five pupils.
    expect(
        page.get_by_text(
            f"There were 6 permanent exclusions in the academic year {YEAR} to {YEAR + 1}, 6.00 per 1,000"
        )
    ).to_be_visible()
    expect(row(page, "Permanent exclusions by academic year", f"{YEAR} to {YEAR + 1} 6 6.00")).to_be_visible()
    chart = page.get_by_role("img", name="Permanent exclusions per 1,000 pupils on roll, by academic year")
    expect(chart).to_be_visible()

    # Every exclusion followed a consultation with the chair.
    expect(
        row(page, "Consultation before exclusion", "Without a consultation first (flagged) 0")
    ).to_be_visible()
    expect(
        row(page, "Consultation before exclusion", "After a consultation with the partnership's chair 6")
    ).to_be_visible()

    # Alternative provision: six placements started, costing £15,000, all ended back in mainstream.
    expect(row(page, "Alternative provision placements", "Placements started 6")).to_be_visible()
    expect(
        row(page, "Alternative provision placements", "Cost of the placements started £15,000")
    ).to_be_visible()
    expect(page.get_by_text("a reintegration rate of 100%")).to_be_visible()

    # Spend against allocation for the financial year the academic year starts in.
    expect(
        row(
            page,
            "Allocation and spending by financial year",
            f"April {YEAR} to March {YEAR + 1} £120,000 £15,000 £105,000 13%",
        )
    ).to_be_visible()
    for pupil in figures.pupils.values():
        expect(page.get_by_text(pupil.full_name)).to_have_count(0)
    expect(page.get_by_text("Journey Pupil")).to_have_count(0)

    page.get_by_role("link", name="All partnerships, side by side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inclusion figures: all partnerships")
    expect(row(page, "Exclusions and referrals by partnership", "North 2 1,000 6 6.00 0%")).to_be_visible()
    assert_accessible(page)
    context.close()
    assert not violations, violations
