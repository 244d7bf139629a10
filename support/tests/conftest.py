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
