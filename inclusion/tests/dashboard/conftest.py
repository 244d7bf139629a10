"""The known world of the inclusion figures tests (decision 0021), and the helpers that read the
dashboard page and the termly report.

The known world is the academic year before this one, so that every date is in the past and fixed:
North (schools X, 600 pupils, and Y, 400) and South (school W, 400). Partnership B has its own
inclusion partnership on school Z, with an exclusion and an allocation that must never be counted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.terms import terms_for
from inclusion import services
from inclusion.models import FundingSource, PlacementOutcome, PlanType, Referral, SpendCategory
from inclusion.selectors.figures import academic_year_of, academic_year_span, inclusion_figures
from partnership.models import Role
from schools.models import Network

from ..world import REASON, born_in_year, ctx_of, person, upn

YEAR = academic_year_of(timezone.localdate()) - 1


def on(month: int, day: int) -> dt.date:
    """A day in the known world's academic year (September to August)."""
    return dt.date(YEAR if month >= 9 else YEAR + 1, month, day)


def url(query: str = "", slug: str = "pa") -> str:
    return reverse("inclusion:dashboard", kwargs={"partnership_slug": slug}) + query


def known_url(area=None) -> str:
    query = f"?year={YEAR}"
    if area is not None:
        query += f"&area={area.pk}"
    return url(query)


@pytest.fixture
def world(inclusion_world, la_officer_b, partnership_b, school_z):
    world = inclusion_world
    world.people.update(la_officer_b=la_officer_b)
    schools = world.schools
    for key, pupils in (("x", 600), ("y", 400), ("w", 400)):
        schools[key].pupils = pupils
        schools[key].save()
    people = world.people
    officer = people["inclusion_officer"]
    officer_ctx = ctx_of(officer)
    north, south = world.partnerships["north"], world.partnerships["south"]
    x1, x2, y1, w1 = (world.pupils[k] for k in ("x1", "x2", "y1", "w1"))

    def head_of(pupil):
        return {"x": people["head_x"], "y": people["chair_y"], "w": people["other_head_w"]}[
            next(k for k, s in schools.items() if s.pk == pupil.home_school_id)
        ]

    def consult(pupil, day):
        head = head_of(pupil)
        services.consultation_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            consulted_on=day,
            reason_considered="Serious incident",
            alternatives_considered="A managed move",
            chair_advice="Try a managed move first",
            reason=REASON,
        )

    def exclude(pupil, day):
        head = head_of(pupil)
        services.exclusion_record(actor=head, ctx=ctx_of(head), pupil=pupil, excluded_on=day, reason=REASON)

    # Exclusions: x1 after a consultation, x2 with none, w1 with a consultation only afterwards.
    consult(x1, on(10, 1))
    exclude(x1, on(10, 5))
    exclude(x2, on(11, 10))
    exclude(w1, on(1, 20))
    consult(w1, on(1, 25))
    consult(y1, on(2, 3))  # a consultation that led to no exclusion
    # One in the year before, for the figures over time.
    consult(y1, on(9, 2).replace(year=YEAR - 1))
    exclude(y1, on(3, 2).replace(year=YEAR))

    # Referrals: x2 with a home base plan, y1 waiting for a plan, w1 made and closed.
    def refer(pupil, made, *, plan=None, closed=None):
        head = head_of(pupil)
        referral = services.referral_create(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            reasons="Suspensions",
            support_tried="Mentoring",
            reason=REASON,
        )
        fields = {"referred_on": made}
        if plan:
            fields.update(status="plan_agreed", plan_type=plan, plan_agreed_on=made + dt.timedelta(days=7))
        if closed:
            fields.update(status="closed", closed_on=closed)
        Referral.objects.filter(pk=referral.pk).update(**fields)
        return referral

    refer(x2, on(9, 20), plan=PlanType.HOME_BASE)
    refer(y1, on(12, 1))
    refer(w1, on(10, 1), closed=on(12, 15))

    # Attendance: North 100 possible, 80 attended, 30 out; South 50, 25, 10.
    for pupil, possible, attended, out in ((x1, 60, 50, 20), (x2, 40, 30, 10), (w1, 50, 25, 10)):
        head = head_of(pupil)
        services.attendance_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            starts_on=on(9, 8),
            ends_on=on(12, 18),
            sessions_possible=possible,
            sessions_attended=attended,
            sessions_out_of_mainstream=out,
            reason=REASON,
        )

    # Placements: x1 ended reintegrated (4 weeks), x2 still running, w1 ended in a specialist place.
    provider = services.provider_create(actor=officer, ctx=officer_ctx, name="Bridge Centre", reason=REASON)

    def place(pupil, starts, ends, days, cost, funding):
        return services.placement_create(
            actor=officer,
            ctx=officer_ctx,
            pupil=pupil,
            provider=provider,
            starts_on=starts,
            ends_on=ends,
            days_per_week=Decimal(days),
            cost=Decimal(cost),
            funding_source=funding,
            reason=REASON,
        )

    x1_placement = place(x1, on(11, 1), None, "3", "2000", FundingSource.SCHOOL)
    services.placement_end(
        actor=officer,
        ctx=officer_ctx,
        placement=x1_placement,
        ends_on=on(11, 28),
        outcome=PlacementOutcome.REINTEGRATED,
        reason=REASON,
    )
    place(x2, on(1, 5), None, "2.5", "3000", FundingSource.PARTNERSHIP)
    w1_placement = place(w1, on(2, 1), None, "5", "1000", FundingSource.HIGH_NEEDS)
    services.placement_end(
        actor=officer,
        ctx=officer_ctx,
        placement=w1_placement,
        ends_on=on(3, 28),
        outcome=PlacementOutcome.SPECIALIST,
        reason=REASON,
    )

    # Money for the financial year the academic year starts in.
    def allocate(ip, amount, spends, actor=officer, slug="pa"):
        ctx = ctx_of(actor, slug)
        allocation = services.allocation_set(
            actor=actor,
            ctx=ctx,
            inclusion_partnership=ip,
            financial_year=YEAR,
            amount=Decimal(amount),
            reason=REASON,
        )
        for category, spent in spends:
            services.spend_add(
                actor=actor,
                ctx=ctx,
                allocation=allocation,
                category=category,
                amount=Decimal(spent),
                reason=REASON,
            )

    # North's £20,000 on placements: x2's £3,000 placement (its own line, made when the allocation is
    # set) and £17,000 of placements the portal does not hold, typed in.
    allocate(north, "100000", [(SpendCategory.STAFF, "30000"), (SpendCategory.AP_PLACEMENTS, "17000")])
    allocate(south, "50000", [(SpendCategory.HOME_BASE, "10000")])

    # Partnership B: its own inclusion partnership, an exclusion and money, never counted in A.
    officer_b = people["inclusion_officer_b"]
    head_z = person(partnership_b, Role.HEADTEACHER, school=school_z, name="Zed Head")

    bee = services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=Network.objects.get(name="Bee"),
        area="Bee",
        fund_holder=school_z,
        reason=REASON,
    )
    services.exclusion_record(
        actor=head_z, ctx=ctx_of(head_z, "pb"), pupil=world.pupils["z1"], excluded_on=on(10, 6), reason=REASON
    )
    allocate(bee, "999999", [(SpendCategory.OTHER, "123456")], actor=officer_b, slug="pb")
    world.partnerships["bee"] = bee
    world.people["head_z"] = head_z
    world.provider = provider
    return world


def known_figures(world, area=None):
    starts_on, ends_on = academic_year_span(YEAR)
    return inclusion_figures(
        world.partnerships["north"].partnership, starts_on=starts_on, cut=ends_on, area=area
    )


def rows_of(section: dict, table: int = 0) -> dict:
    return {row[0]: row[1:] for row in section["tables"][table]["rows"]}


def sections_for(response) -> dict:
    return {section["key"]: section for section in response.context["sections"]}


def _more_records(world, n):
    """n more pupils at X, each excluded, referred, with attendance and a placement."""
    officer, head = world.people["inclusion_officer"], world.people["head_x"]
    officer_ctx, head_ctx = ctx_of(officer), ctx_of(head)
    start = len(world.pupils)
    for i in range(start, start + n):
        pupil = services.pupil_create(
            actor=head,
            ctx=head_ctx,
            full_name=f"Extra {i}",
            date_of_birth=born_in_year(9, 1, 1),
            upn=upn(f"9012000{i:05d}"),
            home_school=world.schools["x"],
            year_group=9,
            on_roll_from=dt.date(2023, 9, 1),
            reason=REASON,
        )
        world.pupils[f"extra{i}"] = pupil
        services.exclusion_record(
            actor=head, ctx=head_ctx, pupil=pupil, excluded_on=on(10, 10), reason=REASON
        )
        services.referral_create(
            actor=head, ctx=head_ctx, pupil=pupil, reasons="At risk", support_tried="Mentoring", reason=REASON
        )
        services.attendance_record(
            actor=head,
            ctx=head_ctx,
            pupil=pupil,
            starts_on=on(9, 8),
            ends_on=on(9, 12),
            sessions_possible=10,
            sessions_attended=8,
            sessions_out_of_mainstream=2,
            reason=REASON,
        )
        services.placement_create(
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


def autumn(world):
    return terms_for(world.partnerships["north"].partnership, YEAR)[0]


def inclusion_section(snapshot: dict) -> dict:
    return next(s for s in snapshot["sections"] if s["key"] == "inclusion")
