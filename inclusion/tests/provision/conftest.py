"""The world of the alternative provision pages tests: the inclusion world with providers, QA visits
and placements in both partnerships, and the helpers the tests share (decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from inclusion import services
from inclusion.models import PlacementOutcome, QAOutcome
from partnership.models import AccessLogEntry, Role

from ..world import REASON, ctx_of, person

TODAY = dt.date.today


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def url(name, slug="pa", **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


OUTSIDERS = ["teacher_x", "la_officer_a", "la_admin_a", "board_member_a", "governor_x", "partner"]


@pytest.fixture
def world(inclusion_world, partnership_b, school_z):
    world = inclusion_world
    people = world.people
    officer = people["inclusion_officer"]
    octx = ctx_of(officer)

    def provider(name, outcome=None, visited_days_ago=30, actor=officer, ctx=octx):
        made = services.provider_create(actor=actor, ctx=ctx, name=name, reason=REASON)
        if outcome:
            services.qa_visit_record(
                actor=actor,
                ctx=ctx,
                provider=made,
                visited_on=days(-visited_days_ago),
                outcome=outcome,
                notes=f"Visit to {name}",
                reason=REASON,
            )
        return made

    providers = {
        "bridge": provider("Bridge Centre", QAOutcome.MEETS),
        "oak": provider("Oak Farm", QAOutcome.IMPROVEMENT, visited_days_ago=400),
        "closed": provider("Closed Door", QAOutcome.UNSUITABLE),
        "new": provider("New Start"),
    }
    officer_b = people["inclusion_officer_b"]
    head_z = person(partnership_b, Role.HEADTEACHER, school=school_z, name="Zara Head")
    services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=school_z.network_memberships.get().network,
        area="Bee",
        fund_holder=school_z,
        chair=head_z,
        reason=REASON,
    )
    providers["bee"] = provider(
        "Bee Provision", QAOutcome.MEETS, actor=officer_b, ctx=ctx_of(officer_b, "pb")
    )

    def place(key, provider_key, starts, ends=None, weeks=6, actor=officer, ctx=octx):
        return services.placement_create(
            actor=actor,
            ctx=ctx,
            pupil=world.pupils[key],
            provider=providers[provider_key],
            starts_on=days(starts),
            ends_on=days(ends) if ends is not None else None,
            days_per_week=Decimal("2.5"),
            cost=Decimal("3200"),
            funding_source="partnership",
            review_weeks=weeks,
            reason=REASON,
        )

    placements = {
        "x1": place("x1", "bridge", -20),
        "x2": place("x2", "oak", -60, weeks=4),  # first review was due 32 days ago: overdue
        "y1": place("y1", "bridge", -200, -100),
        "w1": place("w1", "bridge", -10),
        "z1": place("z1", "bee", -5, actor=officer_b, ctx=ctx_of(officer_b, "pb")),
    }
    services.placement_end(
        actor=officer,
        ctx=octx,
        placement=placements["y1"],
        ends_on=days(-100),
        outcome=PlacementOutcome.REINTEGRATED,
        reason=REASON,
    )
    services.placement_review(
        actor=officer,
        ctx=octx,
        placement=placements["x1"],
        progress_notes="Settling in well",
        attendance_notes="Full attendance",
        next_review_on=days(14),
        reason=REASON,
    )
    world.providers = providers
    world.placements = placements
    return world


def client_of(client_for, world, persona):
    return client_for(world.people[persona])


def listed(response):
    return {placement.pk for placement in response.context["page"].object_list}


def log_entries_since(before):
    return list(AccessLogEntry.objects.order_by("pk")[before:])


def has_error_summary(response) -> bool:
    return 'class="govuk-error-summary"' in response.content.decode()
