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


# --- The data-sharing agreement ---------------------------------------------------------------


def published_agreement(partnership, *, version: int = 1, categories=None, partial: bool = True, by=None):
    """A published version of the partnership's agreement, with every part of the ICO checklist."""
    import datetime as dt

    from django.utils import timezone

    from partnership.models import DataCategory, SharingAgreement

    return SharingAgreement.objects.create(
        partnership=partnership,
        version=version,
        status=SharingAgreement.Status.PUBLISHED,
        purposes="To improve outcomes for pupils through school-to-school support.",
        categories=list(categories or DataCategory.values),
        partial_consent_allowed=partial,
        recipients="The dioceses and trusts named in the partnership.",
        lawful_basis="Public task, UK GDPR Article 6(1)(e).",
        retention="Six years after support ends.",
        security_measures="Role-based access, two-factor sign-in, an access log.",
        subject_access="The LA's data protection officer answers requests.",
        review_date=dt.date(2027, 9, 1),
        termination_and_sanctions="A partner who breaches the agreement loses access.",
        effective_from=dt.date(2026, 9, 1),
        changes="The first version of the agreement.",
        published_at=timezone.now(),
        published_by=by,
    )


def consent_in_force(agreement, school, *, head=None, chair=None, categories=None):
    """A school's consent to `agreement`, signed by both, in force now."""
    from django.utils import timezone

    from partnership.models import SchoolConsent

    now = timezone.now()
    return SchoolConsent.objects.create(
        agreement=agreement,
        school=school,
        categories=list(categories or agreement.categories),
        head_signed_by=head,
        head_signed_name="Head",
        head_signed_at=now,
        chair_signed_by=chair,
        chair_signed_name="Chair",
        chair_capacity=SchoolConsent.ChairCapacity.CHAIR,
        chair_signed_at=now,
        in_force_from=now,
    )


def two_factor_device(user, *, recovery_codes: list[str] | None = None):
    """Give a person a confirmed authenticator app (and, if asked, these recovery codes)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    if recovery_codes:
        static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in recovery_codes])
    return device


def totp_code(device_or_key, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now, for a device or a secret key (bytes).

    A code is accepted once; steps_ahead=1 gives the next step's code, which the device also accepts
    (its tolerance is one step), for a second sign-in within the same 30 seconds.
    """
    from django_otp.oath import totp

    key = device_or_key if isinstance(device_or_key, bytes) else device_or_key.bin_key
    return f"{totp(key, step=30, t0=0, digits=6, drift=steps_ahead):06d}"
