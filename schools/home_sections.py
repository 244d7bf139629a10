"""The schools app's sections on the partnership home page, and its navigation item."""

from django.urls import reverse

from partnership.home_sections import home_registry
from partnership.navigation import nav_registry

from . import rules, selectors
from .selectors.consent import my_schools_consent


def _my_schools(ctx, user) -> dict:
    schools = selectors.my_schools(ctx)
    agreement, states = my_schools_consent(ctx, schools)
    return {"schools": [(school, states.get(school.pk)) for school in schools], "agreement": agreement}


def _headteacher_gaps(ctx, user) -> dict:
    return {"without_headteacher": selectors.schools_without_headteacher_count(ctx)}


def _my_school_href(ctx):
    ids = rules.own_school_ids(ctx)
    if len(ids) != 1:
        return None
    urn = ctx.school_urns[next(iter(ids))]
    return reverse("schools:school", kwargs={"partnership_slug": ctx.partnership.slug, "urn": urn})


def register() -> None:
    home_registry.register(
        "my_schools",
        roles=rules.SCHOOL_ROLES,
        template="home/my_schools.html",
        context=_my_schools,
        order=5,
    )
    home_registry.register(
        "headteacher_gaps",
        roles=rules.ADMIN_ROLES,
        template="home/headteacher_gaps.html",
        context=_headteacher_gaps,
        order=11,
    )
    nav_registry.register(
        "Your school",
        roles=rules.SCHOOL_ROLES,
        href=_my_school_href,
        order=10,
    )
    nav_registry.register(
        "Schools",
        roles=rules.PAGE_ROLES,
        href="schools:list",
        sections={"schools:school", "schools:records-grant-add", "schools:records-grant-revoke"},
        order=20,
    )
    nav_registry.register(
        "Needs support",
        roles=rules.LA_ROLES,
        href="schools:needs",
        sections={"schools:flag-dismiss", "schools:triggers"},
        order=30,
    )
    nav_registry.register(
        "Networks",
        roles=rules.PAGE_ROLES,
        href="schools:networks",
        sections={
            "schools:network",
            "schools:network-add",
            "schools:network-edit",
            "schools:membership-add",
            "schools:membership-end",
        },
        order=40,
    )
    nav_registry.register(
        "System leaders",
        roles=rules.LEADER_ROLES,
        href="schools:leaders",
        sections={"schools:leader", "schools:leader-add", "schools:leader-edit"},
        order=50,
    )
    nav_registry.register(
        "Imports",
        roles=rules.LA_ROLES,
        href="schools:imports",
        sections={"schools:import"},
        order=97,
    )
