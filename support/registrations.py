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


def register() -> None:
    from schools.demo import demo_hooks

    from .demo import add_demo_case

    if add_demo_case not in demo_hooks:
        demo_hooks.append(add_demo_case)
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
