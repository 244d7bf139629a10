"""A small world for the inclusion partnership tests, built through the services.

Partnership A: inclusion partnership "North" (schools X and Y, fund holder Y, chaired by Y's head)
and "South" (school W, chaired by W's head). Partnership B: school Z. Pupils: two at X, one at Y,
one at W, one at Z.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.test import RequestFactory

from inclusion import services
from inclusion.models import upn_check_letter
from partnership.access import partnership_context_for
from partnership.models import Role
from tests.factories import MembershipFactory, NetworkFactory, RoleFactory, SchoolFactory, UserFactory

REASON = "Test set-up"


def upn(body: str) -> str:
    """A valid UPN: the check letter worked out for the 12 characters given."""
    return upn_check_letter(body) + body


def born_in_year(year_group: int, month: int = 5, day: int = 1) -> dt.date:
    """A date of birth (on this day and month) for a pupil in this year group in the school year
    the tests run in, so that the year group fits the age whatever the date (decision 0031)."""
    today = dt.date.today()
    school_year = today.year if today.month >= 9 else today.year - 1
    cohort = school_year - 5 - year_group  # the September their school year began
    return dt.date(cohort if month >= 9 else cohort + 1, month, day)


def person(partnership, role, *, school=None, name="Person") -> object:
    user = UserFactory(full_name=name)
    RoleFactory(user=user, partnership=partnership, role=role, school=school)
    return user


def ctx_of(user, slug="pa"):
    return partnership_context_for(user, slug)


def request_for(user, slug="pa"):
    request = RequestFactory().get(f"/p/{slug}/inclusion/")
    request.user = user
    request.session = {}
    request.partnership_context = ctx_of(user, slug)
    return request


@dataclass
class World:
    people: dict = field(default_factory=dict)
    pupils: dict = field(default_factory=dict)
    schools: dict = field(default_factory=dict)
    partnerships: dict = field(default_factory=dict)


def build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y) -> World:
    world = World()
    school_w = SchoolFactory(la_code="901", name="School W", phase="Secondary")
    world.schools = {"x": school_x, "y": school_y, "w": school_w, "z": school_z}
    head_w = person(partnership_a, Role.HEADTEACHER, school=school_w, name="Wendy Head")
    officer_a = person(partnership_a, Role.INCLUSION_OFFICER, name="Ines Inclusion")
    officer_b = person(partnership_b, Role.INCLUSION_OFFICER, name="Bryn Inclusion")
    staff = person(partnership_a, Role.INCLUSION_STAFF, name="Ira Staff")
    lead_x = person(partnership_a, Role.SCHOOL_STAFF, school=school_x, name="Lee Lead")
    teacher_x = person(partnership_a, Role.SCHOOL_STAFF, school=school_x, name="Tara Teacher")
    partner = person(partnership_a, Role.PARTNER, name="Dana Diocese")

    north_network = NetworkFactory(
        partnership=partnership_a, name="North", network_type="inclusion_partnership"
    )
    south_network = NetworkFactory(
        partnership=partnership_a, name="South", network_type="inclusion_partnership"
    )
    z_network = NetworkFactory(partnership=partnership_b, name="Bee", network_type="inclusion_partnership")
    for network, school in ((north_network, school_x), (north_network, school_y), (south_network, school_w)):
        MembershipFactory(network=network, school=school, joined_on=dt.date(2020, 9, 1))
    MembershipFactory(network=z_network, school=school_z, joined_on=dt.date(2020, 9, 1))

    officer_ctx = ctx_of(officer_a)
    north = services.inclusion_partnership_create(
        actor=officer_a,
        ctx=officer_ctx,
        network=north_network,
        area="North",
        fund_holder=school_y,
        reason=REASON,
    )
    south = services.inclusion_partnership_create(
        actor=officer_a,
        ctx=officer_ctx,
        network=south_network,
        area="South",
        fund_holder=school_w,
        reason=REASON,
    )
    services.staff_member_add(
        actor=officer_a, ctx=officer_ctx, inclusion_partnership=north, user=staff, reason=REASON
    )
    services.designated_lead_add(
        actor=head_x, ctx=ctx_of(head_x), school=school_x, user=lead_x, reason=REASON
    )
    world.partnerships = {"north": north, "south": south}

    def pupil(key, school, body, actor, slug="pa"):
        world.pupils[key] = services.pupil_create(
            actor=actor,
            ctx=ctx_of(actor, slug),
            full_name=f"Pupil {key}",
            date_of_birth=born_in_year(9, 5, 1),
            upn=upn(body),
            home_school=school,
            year_group=9,
            on_roll_from=dt.date(2023, 9, 1),
            reason=REASON,
        )

    pupil("x1", school_x, "901200023001", head_x)
    pupil("x2", school_x, "901200023002", lead_x)
    pupil("y1", school_y, "901200023003", staff)
    pupil("w1", school_w, "901200023004", head_w)
    pupil("z1", school_z, "902200023005", officer_b, slug="pb")
    world.people = {
        "inclusion_officer": officer_a,
        "head_x": head_x,
        "designated_lead_x": lead_x,
        "teacher_x": teacher_x,
        "chair_y": head_y,
        "other_head_w": head_w,
        "partnership_staff": staff,
        "partner": partner,
        "inclusion_officer_b": officer_b,
    }
    return world
