"""The world of the at-risk referral pages tests: the inclusion world with referrals in both
partnerships (referred, with a plan, overdue for review and closed), who sees which, and the helpers
the tests share (decision 0020)."""

import datetime as dt

import pytest
from django.urls import reverse

from inclusion import services
from inclusion.models import PlanType, Referral
from partnership.models import AccessLogEntry, Role

from ..world import REASON, ctx_of, person


def url(name, slug="pa", **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


OUTSIDERS = ["teacher_x", "la_officer_a", "la_admin_a", "board_member_a", "governor_x", "partner"]


# Whose referrals each persona sees in partnership A (by pupil), every status included.
SEES = {
    "inclusion_officer": {"x1", "x2", "y1", "w1"},
    "head_x": {"x1", "x2"},
    "designated_lead_x": {"x1", "x2"},
    "chair_y": {"x1", "x2", "y1"},
    "partnership_staff": {"x1", "x2", "y1"},
    "other_head_w": {"w1"},
}


@pytest.fixture
def world(inclusion_world, head_x, head_y, partnership_b, school_z):
    world = inclusion_world
    people = world.people

    def refer(key, actor, slug="pa"):
        return services.referral_create(
            actor=actor,
            ctx=ctx_of(actor, slug),
            pupil=world.pupils[key],
            reasons=f"Reasons for {key}",
            support_tried=f"Support tried for {key}",
            reason=REASON,
        )

    officer, staff = people["inclusion_officer"], people["partnership_staff"]
    referrals = {
        "x1": refer("x1", head_x),
        "x2": refer("x2", people["designated_lead_x"]),
        "y1": refer("y1", head_y),
        "w1": refer("w1", people["other_head_w"]),
    }
    services.referral_agree_plan(
        actor=staff,
        ctx=ctx_of(staff),
        referral=referrals["x2"],
        plan_type=PlanType.HOME_BASE,
        detail="Two days a week in the home base",
        next_review_on=dt.date.today() + dt.timedelta(days=30),
        reason=REASON,
    )
    services.referral_agree_plan(
        actor=officer,
        ctx=ctx_of(officer),
        referral=referrals["y1"],
        plan_type=PlanType.IN_SCHOOL,
        detail="A mentor",
        next_review_on=dt.date.today() + dt.timedelta(days=1),
        reason=REASON,
    )
    # The review date has passed since: the referral is overdue for review.
    Referral.objects.filter(pk=referrals["y1"].pk).update(
        next_review_on=dt.date.today() - dt.timedelta(days=3)
    )
    head_w = people["other_head_w"]
    services.referral_close(actor=head_w, ctx=ctx_of(head_w), referral=referrals["w1"], reason=REASON)

    # Partnership B: its own inclusion partnership, and a referral of Z's pupil.
    officer_b = people["inclusion_officer_b"]
    head_z = person(partnership_b, Role.HEADTEACHER, school=school_z, name="Zara Head")
    services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=school_z.network_memberships.get().network,
        area="Bee",
        fund_holder=school_z,
        reason=REASON,
    )
    referrals["z1"] = refer("z1", head_z, slug="pb")
    for referral in referrals.values():
        referral.refresh_from_db()
    world.referrals = referrals
    return world


def client_of(client_for, world, persona):
    return client_for(world.people[persona])


def log_entries_since(before):
    return list(AccessLogEntry.objects.order_by("pk")[before:])
