"""Where the support app shows itself in the pages of the apps below it."""

from __future__ import annotations

from django.urls import reverse

from partnership.access_log import RecordType
from partnership.history import history_registry
from partnership.home_sections import home_registry
from partnership.navigation import nav_registry
from schools import start_case

from . import rules, selectors
from .models import SupportAgreement, SupportCase


def _start_case(ctx, school, flag=None) -> str | None:
    """The link from a school's page or a needs flag to open a case for it: for those who open
    cases. From a flag, the case takes "a trigger" as its source and shows the flag's evidence."""
    if not rules.is_caseworker(ctx):
        return None
    query = f"?flag={flag.pk}" if flag is not None else f"?school={school.urn}"
    return reverse("support:case-open", kwargs={"partnership_slug": ctx.partnership.slug}) + query


def _open_cases(ctx, school_ids) -> dict[int, str]:
    """Each school's open case, for those who see every case of the partnership (the LA)."""
    if not rules.is_caseworker(ctx):
        return {}
    return {
        school_id: reverse("support:case", kwargs={"partnership_slug": ctx.partnership.slug, "case_id": pk})
        for pk, school_id in selectors.open_case_ids(ctx, school_ids)
    }


def _for_caseworkers(find):
    """A record's full history is for the LA only (support.rules), a 404 for anyone else."""

    def find_for_caseworker(ctx, pk):
        rules.require_caseworker_sight(ctx)
        return find(ctx, pk)

    return find_for_caseworker


def register() -> None:
    from schools.demo import demo_hooks

    from .demo import add_demo_case

    if add_demo_case not in demo_hooks:
        demo_hooks.append(add_demo_case)
    start_case.register(_start_case, _open_cases)
    from schools import leader_panels

    leader_panels.register(
        "support/_leader_links.html",
        lambda ctx, leader: {
            "links": selectors.declared_links(leader),
            "can_declare": rules.may_declare_link(ctx, leader),
        },
    )
    nav_registry.register(
        "Support cases",
        roles=rules.CASE_ROLES,
        href="support:cases",
        sections={
            "support:case",
            "support:case-open",
            "support:needs",
            "support:escalate",
            "support:close",
            "support:agreement-new",
            "support:team",
            # The school receiving support reaches its agreements through its case.
            "support:agreement",
            "support:agree",
            "support:brief",
            "support:brief-approve",
            "support:brief-approval-record",
        },
        order=25,
    )
    nav_registry.register(
        "Support you give",
        roles=rules.PROVIDER_ROLES,
        href="support:agreements",
        sections={"support:agreement"},
        order=26,
    )
    home_registry.register(
        "support_officer",
        roles=rules.CASEWORKER_ROLES,
        template="home/support_officer.html",
        context=lambda ctx, user: selectors.officer_home(ctx),
        order=15,
    )
    home_registry.register(
        "support_school",
        roles=rules.SCHOOL_STAFF_ROLES,
        template="home/support_school.html",
        context=lambda ctx, user: selectors.school_home(ctx),
        order=6,
    )
    # A governor reads the latest approved brief of their school's support (decision 0036).
    home_registry.register(
        "support_governor",
        roles=rules.GOVERNOR_ROLES,
        template="home/support_governor.html",
        context=lambda ctx, user: {"briefs": selectors.governor_briefs(ctx)},
        order=8,
    )
    home_registry.register(
        "support_provider",
        roles=rules.PROVIDER_ROLES,
        template="home/support_provider.html",
        context=lambda ctx, user: selectors.provider_home(ctx),
        order=7,
    )
    # A record's history holds every field, cost and conflict notes included: for the LA only.
    history_registry.register(
        "case",
        SupportCase,
        find=_for_caseworkers(selectors.case_for),
        describe=str,
        logged_as=RecordType.SUPPORT_CASE,
        school_of=lambda case: case.school_id,
    )
    history_registry.register(
        "agreement",
        SupportAgreement,
        find=_for_caseworkers(selectors.agreement_for),
        describe=str,
        logged_as=RecordType.SUPPORT_AGREEMENT,
        school_of=lambda agreement: agreement.case.school_id,
    )
