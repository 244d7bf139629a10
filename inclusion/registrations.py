"""Where the inclusion app shows itself in the pages of the apps below it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inclusion import rules
from partnership.history import history_registry
from partnership.home_sections import home_registry
from partnership.navigation import nav_registry


def register() -> None:
    from schools.demo import demo_hooks

    from .demo import add_demo_inclusion

    if add_demo_inclusion not in demo_hooks:
        demo_hooks.append(add_demo_inclusion)
    nav_registry.register(
        "Inclusion",
        roles=rules.OVERSIGHT_ROLES,
        href="inclusion:home",
        sections={"inclusion:*"},
        order=31,
    )
    home_registry.register(
        "inclusion_school",
        roles=rules.SCHOOL_STAFF_ROLES,
        template="home/inclusion_school.html",
        context=_school_section,
        order=8,
    )
    _register_inclusion_history()


def _school_section(ctx, user) -> dict:
    """The pointer to the inclusion pages for a school's head or staff who take part, and the
    referrals and exclusions in the areas a head chairs (decision 0033): one query."""
    from .selectors.figures import academic_year_of
    from .selectors.home import home_areas

    areas = home_areas(ctx)
    year = academic_year_of(timezone.localdate())
    return {
        "involved": bool(areas),
        "chaired": [area for area in areas if area.serves_as_chair],
        "year": year,
        "year_starts": dt.date(year, 9, 1),
    }


def _register_inclusion_history() -> None:
    """Each inclusion record's history for exactly the people who see its page. A pupil's records
    are read through the selectors that log every read and give a 404 to anyone who may not see the
    pupil (decision 0020). The history is of the record itself: its reviews, attendance and rolls
    are not included."""
    from . import selectors as inclusion
    from .models import (
        APPlacement,
        APProvider,
        ExclusionConsultation,
        InclusionPartnership,
        PermanentExclusion,
        Pupil,
        Referral,
    )
    from .selectors import funding as inclusion_funding

    history_registry.register("pupil", Pupil, read=inclusion.pupil_for, describe=str)
    history_registry.register("referral", Referral, read=inclusion.referral_for, describe=str)
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
