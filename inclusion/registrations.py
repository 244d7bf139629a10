"""Where the inclusion app shows itself in the pages of the apps below it."""

from __future__ import annotations

from partnership.history import history_registry
from partnership.home_sections import home_registry
from partnership.models import LA_ROLES, Role
from partnership.navigation import nav_registry

INCLUSION_NAV_ROLES = LA_ROLES | {Role.INCLUSION_OFFICER, Role.INCLUSION_STAFF, Role.BOARD_MEMBER}


def _inclusion_school_home(ctx, user) -> dict:
    """Whether this head or member of staff has a part in an inclusion partnership: their school is
    a member of one, they chair one, or they are a designated inclusion lead. One query."""
    from django.db.models import Q
    from django.utils import timezone

    from schools.models import NetworkMembership

    from .models import DesignatedInclusionLead, InclusionPartnership

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

    from .demo import add_demo_inclusion

    if add_demo_inclusion not in demo_hooks:
        demo_hooks.append(add_demo_inclusion)
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
    from .selectors import funding as inclusion_funding
    from .selectors import records as inclusion

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
