import pytest


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
    """The inclusion world (inclusion/tests/world.py) with the partnership's LA staff, a
    board member and a governor among its people: those who must see no pupils."""
    from .world import build_world

    world = build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)
    world.people.update(
        la_admin_a=la_admin_a, la_officer_a=la_officer_a, board_member_a=board_member_a, governor_x=governor_x
    )
    return world
