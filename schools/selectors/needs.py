"""Trigger settings, LA averages and the flags of schools that may need support."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership
from schools import rules
from schools.models import KeyStage2Result, KeyStage4Result, NeedsFlag, TriggerSetting
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
