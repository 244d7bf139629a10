"""Inclusion partnership records for the URL sweep and the axe sweep, made through the services.

Partnership A gets an inclusion partnership on a network holding school X, chaired by X's
headteacher, with an LA inclusion officer, a member of staff, a designated lead, a year's funding,
and one pupil at X with a record of every kind. The ids go into the sweep's sample arguments.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from inclusion import services
from inclusion.models import upn_check_letter
from inclusion.tests.world import born_in_year
from partnership.access import partnership_context_for
from partnership.models import Role
from tests.factories import MembershipFactory, NetworkFactory, RoleFactory, UserFactory

REASON = "Sweep set-up"
INCLUSION_OFFICER_EMAIL = "ines@a.test"


def _person(partnership, role, name, email, school=None):
    user = UserFactory(full_name=name, email=email)
    RoleFactory(user=user, partnership=partnership, role=role, school=school)
    return user


def inclusion_samples(partnership_a, school_x, head_x) -> dict:
    officer = _person(partnership_a, Role.INCLUSION_OFFICER, "Ines Inclusion", INCLUSION_OFFICER_EMAIL)
    staff = _person(partnership_a, Role.INCLUSION_STAFF, "Ira Staff", "ira@a.test")
    lead = _person(partnership_a, Role.SCHOOL_STAFF, "Lee Lead", "lee@x.test", school=school_x)
    network = NetworkFactory(partnership=partnership_a, name="North", network_type="inclusion_partnership")
    MembershipFactory(network=network, school=school_x, joined_on=dt.date(2020, 9, 1))
    officer_ctx = partnership_context_for(officer, partnership_a.slug)
    head_ctx = partnership_context_for(head_x, partnership_a.slug)
    ip = services.inclusion_partnership_create(
        actor=officer,
        ctx=officer_ctx,
        network=network,
        area="North",
        fund_holder=school_x,
        chair=head_x,
        reason=REASON,
    )
    staff_member = services.staff_member_add(
        actor=officer, ctx=officer_ctx, inclusion_partnership=ip, user=staff, reason=REASON
    )
    allocation = services.allocation_set(
        actor=officer,
        ctx=officer_ctx,
        inclusion_partnership=ip,
        financial_year=2026,
        amount=Decimal("250000"),
        reason=REASON,
    )
    services.spend_add(
        actor=officer,
        ctx=officer_ctx,
        allocation=allocation,
        category="home_base",
        amount=Decimal("40000"),
        description="Home base teacher",
        reason=REASON,
    )
    designated = services.designated_lead_add(
        actor=head_x, ctx=head_ctx, school=school_x, user=lead, reason=REASON
    )
    body = "901200023001"
    pupil = services.pupil_create(
        actor=head_x,
        ctx=head_ctx,
        full_name="Sam Sample",
        date_of_birth=born_in_year(9, 5, 1),
        upn=upn_check_letter(body) + body,
        home_school=school_x,
        year_group=9,
        on_roll_from=dt.date(2023, 9, 1),
        reason=REASON,
    )
    referral = services.referral_create(
        actor=head_x,
        ctx=head_ctx,
        pupil=pupil,
        reasons="Repeated suspensions this term",
        support_tried="Mentoring and a reduced timetable",
        reason=REASON,
    )
    services.referral_agree_plan(
        actor=officer,
        ctx=officer_ctx,
        referral=referral,
        plan_type="home_base",
        detail="Three days a week in the home base",
        next_review_on=dt.date.today() + dt.timedelta(days=28),
        reason=REASON,
    )
    consultation = services.consultation_record(
        actor=head_x,
        ctx=head_ctx,
        pupil=pupil,
        consulted_on=dt.date.today() - dt.timedelta(days=10),
        reason_considered="A serious incident",
        alternatives_considered="A managed move",
        chair_advice="Try a managed move first",
        reason=REASON,
    )
    exclusion = services.exclusion_record(
        actor=head_x,
        ctx=head_ctx,
        pupil=pupil,
        excluded_on=dt.date.today() - dt.timedelta(days=3),
        reason=REASON,
    )
    provider = services.provider_create(
        actor=officer, ctx=officer_ctx, name="Bridge Centre", registration="Ofsted 123456", reason=REASON
    )
    services.qa_visit_record(
        actor=officer,
        ctx=officer_ctx,
        provider=provider,
        visited_on=dt.date.today() - dt.timedelta(days=30),
        outcome="meets",
        reason=REASON,
    )
    placement = services.placement_create(
        actor=officer,
        ctx=officer_ctx,
        pupil=pupil,
        provider=provider,
        starts_on=dt.date.today() - dt.timedelta(days=20),
        ends_on=None,
        days_per_week=Decimal("2"),
        cost=Decimal("3200"),
        funding_source="partnership",
        referral=referral,
        reason=REASON,
    )
    return {
        "ip_id": ip.pk,
        "staff_id": staff_member.pk,
        "allocation_id": allocation.pk,
        "lead_id": designated.pk,
        "pupil_id": pupil.pk,
        "referral_id": referral.pk,
        "consult_id": consultation.pk,
        "exclusion_id": exclusion.pk,
        "provider_id": provider.pk,
        "placement_id": placement.pk,
    }
