"""Raising, clearing and dismissing the flags for schools that may need support."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.models import Partnership
from partnership.services import ServiceError
from schools import rules
from schools.models import (
    Inspection,
    KeyStage2Result,
    KeyStage4Result,
    NeedsFlag,
    TriggerKind,
    TriggerSetting,
)
from schools.models.inspections import CONCERN_GRADES, Framework, OverallGrade
from schools.models.needs import (
    TRIGGER_DEFAULTS,
    FlagStatus,
    judged_by_inspection_only,
)
from schools.models.performance import ProgressBand
from schools.selectors.figures import covered_schools
from schools.selectors.needs import effective_trigger_settings, la_averages_ks2


@dataclass
class Hit:
    school_id: int
    kind: str
    evidence_key: str
    evidence: str
    evidence_on: dt.date | None = None
    shortfall: Decimal | None = None


def _pct(value) -> str:
    return f"{value.normalize():f}%" if value is not None else "no figure"


def _year(year: int) -> str:
    return f"{year - 1} to {year}"


def _latest_by_school(rows, key="school_id"):
    latest = {}
    for row in rows:
        latest.setdefault(getattr(row, key), row)
    return latest


def compute_hits(partnership: Partnership, today=None) -> list[Hit]:
    """Which triggers fire for which of the partnership's open schools, with the evidence."""
    today = today or timezone.localdate()
    settings = effective_trigger_settings(partnership)
    on = {kind for kind, (enabled, _) in settings.items() if enabled}
    la_codes = partnership.la_codes
    # Only the schools the partnership covers: open and state-funded (terms of reference).
    covered = covered_schools(la_codes).only("id", "la_code", "type_group", "establishment_type")
    schools = {s.pk: s for s in covered}
    # Special schools and alternative provision are judged by their inspections only.
    by_results = {pk for pk, s in schools.items() if not judged_by_inspection_only(s)}
    hits: list[Hit] = []
    inspections = _latest_by_school(
        Inspection.objects.filter(school_id__in=schools).order_by("school_id", "-inspected_on")
    )
    # Grades are needed for each school's latest inspection only, not its whole history.
    prefetch_related_objects(list(inspections.values()), "area_grades")
    for school_id, inspection in inspections.items():
        when = date_format(inspection.inspected_on)
        if inspection.framework == Framework.LEGACY:
            if TriggerKind.INSPECTION_BELOW_GOOD in on and inspection.overall in {
                OverallGrade.REQUIRES_IMPROVEMENT,
                OverallGrade.INADEQUATE,
            }:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.INSPECTION_BELOW_GOOD,
                        f"inspection:{inspection.pk}",
                        f"Judged {inspection.get_overall_display()} at the inspection on {when}.",
                    )
                )
        else:
            concerns = [g for g in inspection.area_grades.all() if g.grade in CONCERN_GRADES]
            if TriggerKind.REPORT_CARD_CONCERN in on and concerns:
                listed = "; ".join(f"{g.get_area_display()}: {g.get_grade_display()}" for g in concerns)
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.REPORT_CARD_CONCERN,
                        f"inspection:{inspection.pk}",
                        f"Report card of {when}. {listed}.",
                    )
                )
            if TriggerKind.SAFEGUARDING_NOT_MET in on and inspection.safeguarding_met is False:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.SAFEGUARDING_NOT_MET,
                        f"inspection:{inspection.pk}",
                        f"Safeguarding was not met at the inspection on {when}.",
                    )
                )
        if TriggerKind.INSPECTION_OVERDUE in on:
            years = settings[TriggerKind.INSPECTION_OVERDUE][1] or Decimal("5")
            age_days = (today - inspection.inspected_on).days
            if age_days > float(years) * 365.25:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.INSPECTION_OVERDUE,
                        f"overdue:{inspection.pk}",
                        f"Last inspected on {when}, more than {years.normalize():f} years ago.",
                    )
                )

    ks2_by_school: dict[int, list] = {}
    for result in KeyStage2Result.objects.filter(school_id__in=by_results).order_by(
        "school_id", "-academic_year"
    ):
        ks2_by_school.setdefault(result.school_id, []).append(result)
    averages = la_averages_ks2(la_codes)
    for school_id, results in ks2_by_school.items():
        latest = results[0]
        label = _year(latest.academic_year)
        if TriggerKind.KS2_BELOW_LA in on and latest.rwm_expected_pct is not None:
            average = averages.get((schools[school_id].la_code, latest.academic_year))
            gap = settings[TriggerKind.KS2_BELOW_LA][1] or Decimal("10")
            if average is not None and average - latest.rwm_expected_pct > gap:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.KS2_BELOW_LA,
                        f"ks2:{latest.academic_year}",
                        f"In {label}, {_pct(latest.rwm_expected_pct)} reached the expected standard in "
                        f"reading, writing and maths: {(average - latest.rwm_expected_pct):.1f} points "
                        f"below the LA average of {average:.1f}%.",
                        shortfall=(average - latest.rwm_expected_pct).quantize(Decimal("0.1")),
                    )
                )
        if TriggerKind.KS2_PROGRESS_WELL_BELOW in on:
            subjects = [
                f"{name} ({getattr(latest, f'{key}_progress')})"
                for key, name in (
                    ("reading", "reading"),
                    ("writing", "writing"),
                    ("maths", "maths"),
                )
                if getattr(latest, f"{key}_band") == ProgressBand.WELL_BELOW
            ]
            if subjects:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.KS2_PROGRESS_WELL_BELOW,
                        f"ks2:{latest.academic_year}",
                        f"In {label}, progress was well below average in {', '.join(subjects)}.",
                    )
                )
        if TriggerKind.THREE_YEAR_DECLINE in on:
            hit = _decline(
                results,
                "rwm_expected_pct",
                "KS2 reading, writing and maths at the expected standard",
                _pct,
            )
            if hit:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.THREE_YEAR_DECLINE,
                        f"ks2:{results[0].academic_year}",
                        hit,
                    )
                )

    ks4_by_school: dict[int, list] = {}
    for result in KeyStage4Result.objects.filter(school_id__in=by_results).order_by(
        "school_id", "-academic_year"
    ):
        ks4_by_school.setdefault(result.school_id, []).append(result)
    for school_id, results in ks4_by_school.items():
        latest = results[0]
        if TriggerKind.KS4_PROGRESS_WELL_BELOW in on and latest.progress8_band == ProgressBand.WELL_BELOW:
            hits.append(
                Hit(
                    school_id,
                    TriggerKind.KS4_PROGRESS_WELL_BELOW,
                    f"ks4:{latest.academic_year}",
                    f"In {_year(latest.academic_year)}, Progress 8 was {latest.progress8}: "
                    "well below average.",
                )
            )
        if TriggerKind.THREE_YEAR_DECLINE in on:
            hit = _decline(results, "attainment8", "KS4 Attainment 8", lambda v: f"{v}")
            if hit:
                hits.append(
                    Hit(
                        school_id,
                        TriggerKind.THREE_YEAR_DECLINE,
                        f"ks4:{results[0].academic_year}",
                        hit,
                    )
                )
    return _dated(hits, inspections)


def _dated(hits: list[Hit], inspections: dict) -> list[Hit]:
    """Each hit's evidence date: the inspection's, or the end of its results' academic year."""
    by_pk = {i.pk: i for i in inspections.values()}
    for hit in hits:
        source, _, ref = hit.evidence_key.partition(":")
        if source in {"inspection", "overdue"} and int(ref) in by_pk:
            hit.evidence_on = by_pk[int(ref)].inspected_on
        elif source in {"ks2", "ks4"}:
            hit.evidence_on = dt.date(int(ref), 8, 31)
    return hits


def _decline(results, field: str, label: str, show) -> str | None:
    """Three consecutive years, newest first, each lower than the year before."""
    if len(results) < 3:
        return None
    newest, middle, oldest = results[:3]
    if newest.academic_year - oldest.academic_year != 2:
        return None
    values = [getattr(r, field) for r in (oldest, middle, newest)]
    if None in values or not values[0] > values[1] > values[2]:
        return None
    path = " → ".join(
        f"{show(v)} ({_year(r.academic_year)})" for v, r in zip(values, (oldest, middle, newest), strict=True)
    )
    return f"{label} fell each year: {path}."


@transaction.atomic
def needs_flags_refresh(
    *, partnership: Partnership, actor=None, reason: str = "Evidence refreshed"
) -> dict[str, int]:
    """Raise flags for new evidence, clear those whose evidence no longer triggers; dismissed
    flags stay dismissed."""
    hits = {(h.school_id, h.kind, h.evidence_key): h for h in compute_hits(partnership)}
    existing = {
        (f.school_id, f.kind, f.evidence_key): f for f in NeedsFlag.objects.filter(partnership=partnership)
    }
    to_create, to_update = [], []
    for key, hit in hits.items():
        flag = existing.get(key)
        if flag is None:
            to_create.append(
                NeedsFlag(
                    partnership=partnership,
                    school_id=hit.school_id,
                    kind=hit.kind,
                    evidence_key=hit.evidence_key,
                    evidence=hit.evidence,
                    evidence_on=hit.evidence_on,
                    shortfall=hit.shortfall,
                )
            )
        elif flag.status == FlagStatus.CLEARED or (
            flag.status == FlagStatus.OPEN
            and (flag.evidence, flag.evidence_on, flag.shortfall)
            != (hit.evidence, hit.evidence_on, hit.shortfall)
        ):
            flag.status = FlagStatus.OPEN
            flag.evidence, flag.evidence_on, flag.shortfall = hit.evidence, hit.evidence_on, hit.shortfall
            to_update.append(flag)
    for key, flag in existing.items():
        if key not in hits and flag.status == FlagStatus.OPEN:
            flag.status = FlagStatus.CLEARED
            to_update.append(flag)
    if to_create:
        bulk_create_with_history(to_create, NeedsFlag, default_user=actor, default_change_reason=reason)
    if to_update:
        bulk_update_with_history(
            to_update,
            NeedsFlag,
            ["status", "evidence", "evidence_on", "shortfall"],
            default_user=actor,
            default_change_reason=reason,
        )
    cleared = sum(1 for f in to_update if f.status == FlagStatus.CLEARED)
    return {
        "raised": len(to_create) + len(to_update) - cleared,
        "cleared": cleared,
        "open": len(hits),
    }


def needs_flags_refresh_all(*, actor=None, reason: str = "Evidence refreshed") -> None:
    for partnership in Partnership.objects.all():
        needs_flags_refresh(partnership=partnership, actor=actor, reason=reason)


@transaction.atomic
def flag_dismiss(*, actor, ctx: PartnershipContext, flag: NeedsFlag, reason: str) -> NeedsFlag:
    rules.require_manager(ctx)
    if flag.partnership_id != ctx.partnership.pk:
        raise ServiceError("This flag belongs to another partnership")
    if flag.status != FlagStatus.OPEN:
        raise ServiceError("This flag is no longer open")
    flag.status = FlagStatus.DISMISSED
    flag.dismissed_by = actor
    flag.dismissed_at = timezone.now()
    flag.dismissal_reason = reason
    return save_with_history(flag, actor=actor, reason=f"Dismissed: {reason}")


@transaction.atomic
def trigger_settings_save(
    *, actor, ctx: PartnershipContext, values: dict[str, tuple[bool, Decimal | None]], reason: str
) -> None:
    rules.require_administrator(ctx)
    existing = {s.kind: s for s in TriggerSetting.objects.filter(partnership=ctx.partnership)}
    for kind, (enabled, threshold) in values.items():
        if kind not in TRIGGER_DEFAULTS:
            continue
        setting = existing.get(kind) or TriggerSetting(partnership=ctx.partnership, kind=kind)
        if setting.pk and setting.enabled == enabled and setting.threshold == threshold:
            continue
        setting.enabled, setting.threshold = enabled, threshold
        save_with_history(setting, actor=actor, reason=reason)
    needs_flags_refresh(partnership=ctx.partnership, actor=actor, reason=f"Triggers changed: {reason}")
