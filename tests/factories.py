"""Factories for the records every test needs. Each app's tests build on these."""

from __future__ import annotations

import factory

from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User
from schools.models import School

TEST_PASSWORD = "a-long-test-password"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Test Partnership {n}")
    short_name = factory.Sequence(lambda n: f"TP{n}")
    slug = factory.Sequence(lambda n: f"tp{n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    code = factory.Sequence(lambda n: f"{900 + n}")
    name = factory.Sequence(lambda n: f"Test LA {n}")
    partnership = factory.SubFactory(PartnershipFactory)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: 500000 + n)
    name = factory.Sequence(lambda n: f"Test School {n}")
    la_code = "900"
    la_name = "Test LA"
    phase = "Primary"
    type_group = "Local authority maintained schools"
    status = "Open"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.OBSERVER
    school = None
