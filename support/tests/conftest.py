import datetime as dt

import pytest

from partnership.models import Role
from tests.factories import PriorityFactory, RoleFactory, SystemLeaderFactory, UserFactory


@pytest.fixture
def leader_user(partnership_a, school_y):
    user = UserFactory(full_name="Lena Leader", email="lena@a.test")
    RoleFactory(user=user, partnership=partnership_a, role=Role.SYSTEM_LEADER)
    return user


@pytest.fixture
def leader(partnership_a, leader_user, school_y):
    return SystemLeaderFactory(
        partnership=partnership_a,
        full_name="Lena Leader",
        user=leader_user,
        home_school=school_y,
        capacity_days=10,
        committed_days=2,
    )


@pytest.fixture
def reading(partnership_a):
    return PriorityFactory(partnership=partnership_a, title="Reading")


def future(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


def past(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.fixture
def inclusion_world(
    partnership_a,
    partnership_b,
    school_x,
    school_y,
    school_z,
    head_x,
    head_y,
    la_admin_a,
    la_officer_a,
    board_member_a,
    governor_x,
):
    """The inclusion world (support/tests/inclusion_world.py) with the partnership's LA staff, a
    board member and a governor among its people: those who must see no pupils."""
    from .inclusion_world import build_world

    world = build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)
    world.people.update(
        la_admin_a=la_admin_a, la_officer_a=la_officer_a, board_member_a=board_member_a, governor_x=governor_x
    )
    return world
