"""Where the support app shows itself in the pages of the apps below it."""

from __future__ import annotations

from django.urls import reverse

from partnership.access import require_roles
from partnership.access_log import RecordType
from partnership.history import history_registry
from partnership.home_sections import home_registry
from partnership.models import LA_ROLES, Role
from partnership.navigation import nav_registry
from schools import start_case

from . import selectors
from .models import SupportAgreement, SupportCase

PROVIDER_ROLES = {Role.SYSTEM_LEADER, Role.HEADTEACHER, Role.SCHOOL_STAFF}


def _start_case(ctx, school) -> str | None:
    if not ctx.is_la:
        return None
    return (
        reverse("support:case-open", kwargs={"partnership_slug": ctx.partnership.slug})
        + f"?school={school.urn}"
    )


def _la_only(find):
    def find_for_la(ctx, pk):
        require_roles(ctx, LA_ROLES)
        return find(ctx, pk)

    return find_for_la


INCLUSION_NAV_ROLES = LA_ROLES | {Role.INCLUSION_OFFICER, Role.INCLUSION_STAFF, Role.BOARD_MEMBER}


def _inclusion_school_home(ctx, user) -> dict:
    """Whether this head or member of staff has a part in an inclusion partnership: their school is
    a member of one, they chair one, or they are a designated inclusion lead. One query."""
    from django.db.models import Q
    from django.utils import timezone

    from schools.models import NetworkMembership

    from .models.inclusion import DesignatedInclusionLead, InclusionPartnership

    school_ids = ctx.school_ids(Role.HEADTEACHER, Role.SCHOOL_STAFF)
    members = NetworkMembership.objects.current(timezone.localdate()).filter(school_id__in=school_ids)
    head_of = ctx.school_ids(Role.HEADTEACHER)
    involved = InclusionPartnership.objects.filter(partnership=ctx.partnership).filter(
        Q(chair_id=ctx.user_id)
        | Q(network__memberships__in=members.filter(school_id__in=head_of))
        | Q(
            network__memberships__in=members.filter(
                school_id__in=DesignatedInclusionLead.objects.filter(user_id=ctx.user_id).values("school_id")
            )
        )
    )
    return {"involved": involved.exists()}


def register() -> None:
    from schools.demo import demo_hooks

    from .demo import add_demo_case

    if add_demo_case not in demo_hooks:
        demo_hooks.append(add_demo_case)
    from .demo_inclusion import add_demo_inclusion

    if add_demo_inclusion not in demo_hooks:
        demo_hooks.append(add_demo_inclusion)
    start_case.register(_start_case)
    from schools import leader_panels

    from .models import ProviderLink

    leader_panels.register(
        "support/_leader_links.html",
        lambda ctx, leader: {
            "links": list(ProviderLink.objects.filter(leader=leader).select_related("school")),
            "can_declare": ctx.is_la or leader.user_id == ctx.user_id,
        },
    )
    nav_registry.register(
        "Support cases",
        roles=selectors.CASE_ROLES,
        href="support:cases",
        sections={
            "support:case",
            "support:case-open",
            "support:needs",
            "support:escalate",
            "support:close",
            "support:agreement-new",
            "support:team",
        },
        order=25,
    )
    nav_registry.register(
        "Inclusion",
        roles=INCLUSION_NAV_ROLES,
        href="inclusion:home",
        sections={"inclusion:*"},
        order=31,
    )
    home_registry.register(
        "inclusion_school",
        roles={Role.HEADTEACHER, Role.SCHOOL_STAFF},
        template="home/inclusion_school.html",
        context=_inclusion_school_home,
        order=8,
    )
    nav_registry.register(
        "Support you give",
        roles=PROVIDER_ROLES,
        href="support:agreements",
        sections={"support:agreement"},
        order=26,
    )
    home_registry.register(
        "support_officer",
        roles=LA_ROLES,
        template="home/support_officer.html",
        context=lambda ctx, user: selectors.officer_home(ctx),
        order=15,
    )
    home_registry.register(
        "support_school",
        roles={Role.HEADTEACHER, Role.SCHOOL_STAFF},
        template="home/support_school.html",
        context=lambda ctx, user: selectors.school_home(ctx),
        order=6,
    )
    home_registry.register(
        "support_provider",
        roles=PROVIDER_ROLES,
        template="home/support_provider.html",
        context=lambda ctx, user: selectors.provider_home(ctx),
        order=7,
    )
    # A record's history holds every field, cost and conflict notes included: for the LA only.
    history_registry.register(
        "case",
        SupportCase,
        find=_la_only(selectors.case_for),
        describe=str,
        logged_as=RecordType.SUPPORT_CASE,
        school_of=lambda case: case.school_id,
    )
    history_registry.register(
        "agreement",
        SupportAgreement,
        find=_la_only(selectors.agreement_for),
        describe=str,
        logged_as=RecordType.SUPPORT_AGREEMENT,
        school_of=lambda agreement: agreement.case.school_id,
    )
    _register_inclusion_history()


def _register_inclusion_history() -> None:
    """Each inclusion record's history for exactly the people who see its page. A pupil's records
    are read through the selectors that log every read and give a 404 to anyone who may not see the
    pupil (decision 0020). The history is of the record itself: its reviews, attendance and rolls
    are not included."""
    from .models import (
        APPlacement,
        APProvider,
        AtRiskCase,
        ExclusionConsultation,
        InclusionPartnership,
        PermanentExclusion,
        Pupil,
    )
    from .selectors import inclusion, inclusion_funding

    history_registry.register("pupil", Pupil, read=inclusion.pupil_for, describe=str)
    history_registry.register("referral", AtRiskCase, read=inclusion.case_for, describe=str)
    history_registry.register("exclusion", PermanentExclusion, read=inclusion.exclusion_for, describe=str)
    history_registry.register(
        "exclusion-consultation", ExclusionConsultation, read=inclusion.consultation_for, describe=str
    )
    history_registry.register("placement", APPlacement, read=inclusion.placement_for, describe=str)
    history_registry.register("ap-provider", APProvider, find=inclusion.provider_for, describe=str)
    history_registry.register(
        "inclusion-partnership",
        InclusionPartnership,
        find=inclusion_funding.inclusion_partnership_for,
        describe=str,
    )
