"""Fixtures shared by every test: the partnerships, schools and named people the rules are tried on.

Partnership A holds schools X and Y; partnership B holds school Z.
- la_admin_a, la_officer_a: run partnership A
- head_x, head_y: headteachers of X and Y
- governor_x: a governor of X
- board_member_a: on A's board
- la_officer_b: runs partnership B, and must never reach anything of A
- anonymous: a client that has not signed in
"""

from __future__ import annotations

import os

import pytest
from django.test import Client

from partnership.models import Role
from tests.factories import (
    LocalAuthorityFactory,
    PartnershipFactory,
    RoleFactory,
    SchoolFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(available: bool, what: str) -> None:
    """A test that needs a missing service fails in CI and is skipped elsewhere."""
    if not available:
        (pytest.fail if IN_CI else pytest.skip)(f"{what} is not available")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so one test's rate-limit counts never refuse another's
    requests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _two_factor_only_where_tested(request, settings):
    """Two-factor sign-in is on in production; tests of it are marked two_factor, and the rest sign in
    with a password alone, as the development demo does."""
    settings.TWO_FACTOR_REQUIRED = bool(request.node.get_closest_marker("two_factor"))


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test asks for the real worker."""
    from leep.celery import app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def partnership_a(db):
    partnership = PartnershipFactory(name="Partnership A", short_name="A", slug="pa")
    LocalAuthorityFactory(code="901", name="Aford", partnership=partnership)
    return partnership


@pytest.fixture
def partnership_b(db):
    partnership = PartnershipFactory(name="Partnership B", short_name="B", slug="pb")
    LocalAuthorityFactory(code="902", name="Beeton", partnership=partnership)
    return partnership


@pytest.fixture
def school_x(partnership_a):
    return SchoolFactory(name="School X", la_code="901", la_name="Aford")


@pytest.fixture
def school_y(partnership_a):
    return SchoolFactory(name="School Y", la_code="901", la_name="Aford", phase="Secondary")


@pytest.fixture
def school_z(partnership_b):
    return SchoolFactory(name="School Z", la_code="902", la_name="Beeton")


def _person(name: str, email: str, partnership, role, school=None):
    user = UserFactory(full_name=name, email=email)
    RoleFactory(user=user, partnership=partnership, role=role, school=school)
    return user


@pytest.fixture
def la_admin_a(partnership_a):
    return _person("Alice Admin", "alice@a.test", partnership_a, Role.LA_ADMIN)


@pytest.fixture
def la_officer_a(partnership_a):
    return _person("Oscar Officer", "oscar@a.test", partnership_a, Role.LA_OFFICER)


@pytest.fixture
def head_x(partnership_a, school_x):
    return _person("Hana Head", "hana@x.test", partnership_a, Role.HEADTEACHER, school_x)


@pytest.fixture
def head_y(partnership_a, school_y):
    return _person("Yusuf Head", "yusuf@y.test", partnership_a, Role.HEADTEACHER, school_y)


@pytest.fixture
def governor_x(partnership_a, school_x):
    return _person("Gita Governor", "gita@x.test", partnership_a, Role.GOVERNOR, school_x)


@pytest.fixture
def board_member_a(partnership_a):
    return _person("Bob Board", "bob@a.test", partnership_a, Role.BOARD_MEMBER)


@pytest.fixture
def la_officer_b(partnership_b, school_z):
    return _person("Olga Outsider", "olga@b.test", partnership_b, Role.LA_OFFICER)


@pytest.fixture
def personas(la_admin_a, la_officer_a, head_x, head_y, governor_x, board_member_a, la_officer_b):
    return {
        "la_admin_a": la_admin_a,
        "la_officer_a": la_officer_a,
        "head_x": head_x,
        "head_y": head_y,
        "governor_x": governor_x,
        "board_member_a": board_member_a,
        "la_officer_b": la_officer_b,
    }


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def client_for():
    """A signed-in client for any person: client_for(head_x)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
