"""Trigger settings, LA averages and the flags of schools that may need support."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership
from schools import rules, start_case
from schools.models import (
    KeyStage2Result,
    KeyStage4Result,
    NeedsFlag,
    NetworkMembership,
    School,
    TriggerSetting,
)
from schools.models.needs import TRIGGER_DEFAULTS, FlagStatus


def effective_trigger_settings(partnership: Partnership) -> dict[str, tuple[bool, Decimal | None]]:
    """Each trigger's (enabled, threshold): the partnership's own setting, or the default."""
    settings = {kind: (on, threshold) for kind, (on, threshold, _) in TRIGGER_DEFAULTS.items()}
    for setting in TriggerSetting.objects.filter(partnership=partnership):
        default_threshold = TRIGGER_DEFAULTS[setting.kind][1]
        settings[setting.kind] = (
            setting.enabled,
            setting.threshold if setting.threshold is not None else default_threshold,
        )
    return settings


def _weighted(model, field: str, la_codes) -> dict[tuple[str, int], Decimal]:
    """The pupil-weighted average of a measure for each (LA, academic year)."""
    rows = (
        model.objects.filter(
            school__la_code__in=la_codes, **{f"{field}__isnull": False}, pupils__isnull=False
        )
        .values("school__la_code", "academic_year")
        .annotate(
            weighted=Sum(
                ExpressionWrapper(
                    F(field) * F("pupils"),
                    output_field=DecimalField(max_digits=14, decimal_places=2),
                )
            ),
            pupils_total=Sum("pupils"),
        )
    )
    return {
        (r["school__la_code"], r["academic_year"]): Decimal(r["weighted"]) / r["pupils_total"]
        for r in rows
        if r["pupils_total"]
    }


def la_averages_ks2(la_codes) -> dict[tuple[str, int], Decimal]:
    return _weighted(KeyStage2Result, "rwm_expected_pct", la_codes)


def la_averages_ks4(la_codes) -> dict[str, dict[tuple[str, int], Decimal]]:
    return {
        "progress8": _weighted(KeyStage4Result, "progress8", la_codes),
        "attainment8": _weighted(KeyStage4Result, "attainment8", la_codes),
    }


@dataclass(frozen=True)
class NeedsFilters:
    trigger: str = ""
    phase: str = ""
    type_group: str = ""
    network: int | None = None
    open_case: str = ""  # "yes", "no" or "" for either
    sort: str = "severity"


@dataclass
class SchoolNeeds:
    """One school on the needs list: its open flags, and its open case or the way to start one."""

    school: School
    flags: list[NeedsFlag]
    case_link: str | None = None
    start_link: str | None = None

    @property
    def newest_evidence(self) -> dt.date | None:
        return max((f.evidence_on for f in self.flags if f.evidence_on), default=None)

    @property
    def severity(self) -> tuple:
        """More triggers first, then further below the mark, then the newer evidence."""
        shortfall = max((f.shortfall for f in self.flags if f.shortfall is not None), default=Decimal(0))
        newest = self.newest_evidence or dt.date.min
        return (-len(self.flags), -shortfall, -newest.toordinal(), self.school.name)


def needs_list(ctx: PartnershipContext, filters: NeedsFilters) -> list[SchoolNeeds]:
    """The schools with open flags, filtered and sorted for triage: three queries however many
    schools and flags (flags with their schools, current network members if filtered, open cases)."""
    flags = open_flags(ctx)
    if filters.trigger:
        flags = flags.filter(kind=filters.trigger)
    if filters.phase:
        flags = flags.filter(school__phase=filters.phase)
    if filters.type_group:
        flags = flags.filter(school__type_group=filters.type_group)
    if filters.network:
        members = NetworkMembership.objects.current().filter(network_id=filters.network)
        flags = flags.filter(school_id__in=members.values("school_id"))
    if filters.trigger:
        # A school shown for one trigger still shows every open flag it has.
        flags = open_flags(ctx).filter(school_id__in=flags.values("school_id"))
    entries = [
        SchoolNeeds(school=school, flags=list(group))
        for school, group in groupby(flags, key=lambda flag: flag.school)
    ]
    cases = start_case.open_case_links(ctx, [e.school.pk for e in entries])
    for entry in entries:
        entry.case_link = cases.get(entry.school.pk)
        entry.start_link = (
            None if entry.case_link else start_case.start_case_link(ctx, entry.school, entry.flags[0])
        )
    if filters.open_case == "yes":
        entries = [e for e in entries if e.case_link]
    elif filters.open_case == "no":
        entries = [e for e in entries if not e.case_link]
    if filters.sort == "name":
        entries.sort(key=lambda e: (e.school.name, e.school.urn))
    else:
        entries.sort(key=lambda e: e.severity)
    return entries


def needs_filter_choices(ctx: PartnershipContext) -> dict[str, list[str]]:
    """The phases and types of the schools that have open flags, for the filters."""
    pairs = set(
        School.objects.filter(needs_flags__partnership=ctx.partnership, needs_flags__status=FlagStatus.OPEN)
        .values_list("phase", "type_group")
        .order_by()
        .distinct()
    )
    return {
        "phase": sorted({phase for phase, _ in pairs if phase}),
        "type_group": sorted({group for _, group in pairs if group}),
    }


def open_flags(ctx: PartnershipContext) -> QuerySet[NeedsFlag]:
    rules.require_la_sight(ctx)
    return (
        NeedsFlag.objects.filter(partnership=ctx.partnership, status=FlagStatus.OPEN)
        .select_related("school")
        .order_by("school__name", "kind")
    )


def flags_for_school(ctx: PartnershipContext, school) -> list[NeedsFlag]:
    """The LA's flags on a school, for those rules.may_see_flags_of lets see them."""
    if not rules.may_see_flags_of(ctx, school):
        return []
    return list(
        NeedsFlag.objects.filter(partnership=ctx.partnership, school=school)
        .exclude(status=FlagStatus.CLEARED)
        .select_related("dismissed_by")
        .order_by("status", "kind")
    )


def flag_for(ctx: PartnershipContext, flag_id: int) -> NeedsFlag:
    rules.require_la_sight(ctx)
    flag = NeedsFlag.objects.filter(pk=flag_id, partnership=ctx.partnership).select_related("school").first()
    if flag is None:
        raise NotVisible(f"flag {flag_id} is not in {ctx.partnership.slug}")
    return flag
