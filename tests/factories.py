"""Factories for the records every test needs. Each app's tests build on these."""

from __future__ import annotations

import datetime as dt

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


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnership.Priority"

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.Network"

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Network {n}")
    network_type = "triad"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.NetworkMembership"

    network = factory.SubFactory(NetworkFactory)
    school = factory.SubFactory(SchoolFactory)


class SystemLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.SystemLeader"

    partnership = factory.SubFactory(PartnershipFactory)
    full_name = factory.Sequence(lambda n: f"Leader {n}")
    designation = "sle"
    capacity_days = 10


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.Inspection"

    school = factory.SubFactory(SchoolFactory)
    framework = "legacy"
    inspected_on = factory.Sequence(lambda n: dt.date(2015, 1, 1) + dt.timedelta(days=n))
    overall = "good"


class KS2Factory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.KeyStage2Result"

    school = factory.SubFactory(SchoolFactory)
    academic_year = 2018
    pupils = 30
    rwm_expected_pct = 65


class NeedsFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.NeedsFlag"

    partnership = factory.SubFactory(PartnershipFactory)
    school = factory.SubFactory(SchoolFactory)
    kind = "inspection_below_good"
    evidence_key = factory.Sequence(lambda n: f"inspection:{n}")
    evidence = "Judged Requires Improvement."


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schools.ImportRun"

    partnership = factory.SubFactory(PartnershipFactory)
    kind = "gias"
    original_name = "register.csv"
    file = factory.django.FileField(filename="register.csv", data=b"URN\n")
    status = "done"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.SupportCase"

    partnership = factory.SubFactory(PartnershipFactory)
    school = factory.SubFactory(SchoolFactory)
    source = "officer"
    lead_officer = factory.SubFactory(UserFactory)
    needs_analysis = "Reading in key stage 2."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.SupportAgreement"

    case = factory.SubFactory(CaseFactory)
    provider_type = "external"
    provider_name = "Reading Recovery Ltd"
    starts_on = dt.date(2026, 9, 1)
    ends_on = dt.date(2027, 7, 20)
    days = 5
    cost = 2500
    funding = "partnership_budget"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Objective"

    agreement = factory.SubFactory(AgreementFactory)
    description = "Raise attainment in reading"
    outcome_measure = "70% at the expected standard"
    target_date = dt.date(2027, 7, 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Action"

    agreement = factory.SubFactory(AgreementFactory)
    description = "Audit guided reading"
    owner = "English lead"
    due_on = dt.date(2026, 10, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Visit"

    agreement = factory.SubFactory(AgreementFactory)
    visit_on = dt.date(2027, 1, 10)
    purpose = "Observe reading lessons"
    proposed_by = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.ProgressReview"

    agreement = factory.SubFactory(AgreementFactory)
    due_on = dt.date(2026, 11, 1)
