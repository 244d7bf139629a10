"""The world of the exclusion pages tests: the inclusion world with consultations before exclusion
and permanent exclusions at schools X, Y and W, and the helpers the tests share (decision 0020)."""

import datetime as dt

import pytest
from django.urls import reverse

from inclusion import services

from ..world import REASON, ctx_of

TODAY = dt.date.today()


# Everyone in partnership A who sees no pupil at all, and people of other roles or partnerships.
SEE_NO_PUPILS = ["teacher_x", "la_officer_a", "la_admin_a", "board_member_a", "governor_x", "partner"]


def url(name, **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": "pa", **kwargs})


def day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).strftime("%d/%m/%Y")


@pytest.fixture
def world(inclusion_world, head_x, head_y):
    world = inclusion_world
    head_w = world.people["other_head_w"]

    def consult(head, pupil, days_ago):
        return services.consultation_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils[pupil],
            consulted_on=TODAY - dt.timedelta(days=days_ago),
            reason_considered="A serious incident",
            alternatives_considered="A managed move",
            chair_advice="Try a managed move first",
            reason=REASON,
        )

    def exclude(head, pupil, days_ago):
        return services.exclusion_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils[pupil],
            excluded_on=TODAY - dt.timedelta(days=days_ago),
            reason=REASON,
        )

    world.records = {
        "c_x1": consult(head_x, "x1", 10),
        "c_y1": consult(head_y, "y1", 5),
        "e_x1": exclude(head_x, "x1", 3),
        "e_x2": exclude(head_x, "x2", 2),
        "e_w1": exclude(head_w, "w1", 1),
    }
    return world


def consultation_form(**changes):
    return {
        "consulted_on": day(1),
        "reason_considered": "Threatened a member of staff",
        "alternatives_considered": "A managed move to School Y",
        "chair_advice": "Agree a managed move before deciding",
        "reason": "Consulted the chair by telephone",
        **changes,
    }
