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
        # Every role, and the chair of governors' office (the demo governor holds it); no demo
        # school's trust has named a delegate, so that office is left to the tests of consent.
        assert roles == set(Role.values) - {Role.TRUST_DELEGATE}
    # Twelve roles' people in each partnership, the chair of one inclusion partnership in each, and
    # one person in both.
    assert len(logins) == 27
    # The demo diocese login sees the support of the one school that has consented, and no other.
    from partnership.access import partnership_context_for
    from partnership.models import User
    from support.selectors import visible_cases

    for slug, domain in (("leep", "leep.example"), ("rotherham", "rotherham.example")):
        diocese = User.objects.get(email=f"diocese@{domain}")
        seen = visible_cases(partnership_context_for(diocese, slug))
        head_school = RoleAssignment.objects.get(user__email=f"head@{domain}").school_id
        assert set(seen.values_list("school_id", flat=True)) == {head_school}
