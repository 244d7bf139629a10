"""The demo data loads the real registers as two partnerships; loading it again changes nothing."""

from partnership.models import Partnership, Role, RoleAssignment, User
from schools.demo import seed_demo
from schools.models import School
from support.models import SupportAgreement, SupportCase


def counts():
    return (
        Partnership.objects.count(),
        School.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        School.history.count(),
        RoleAssignment.history.count(),
        SupportCase.objects.count(),
        SupportAgreement.objects.count(),
    )


def test_seed_demo_is_idempotent_and_covers_every_role(db):
    logins = seed_demo()
    first = counts()
    seed_demo()
    assert counts() == first
    assert set(Partnership.objects.values_list("slug", flat=True)) == {"leep", "rotherham"}
    assert School.objects.filter(la_code="855").count() == 334
    assert School.objects.filter(la_code="372").count() == 138
    for slug in ("leep", "rotherham"):
        roles = set(RoleAssignment.objects.filter(partnership__slug=slug).values_list("role", flat=True))
        assert roles == set(Role.values)
    assert len(logins) == 19
