"""The inclusion partnerships' figures: counts, sums and rates, never a pupil (decisions 0020, 0021).

Everything here is aggregated in the database. Each kind of record is read with two queries, one
grouped by inclusion partnership (for the comparison between areas) and one over the whole scope
(the county, or the one area asked for), so the number of queries is the same for five pupils or
five thousand. Nothing here returns a name, a UPN or a record: only numbers, each with the number of
distinct pupils behind it, so that the pages can hide small numbers (inclusion.tables).

Which inclusion partnership a record counts for:
- an exclusion or a consultation: the partnership the excluding (or consulting) school belonged to
  on that day;
- a referral: the partnership it was made to;
- attendance and an AP placement: the partnership of the school the pupil was on roll at on the
  record's first day (the pupil's home school if the roll does not say).
Only this partnership's inclusion partnerships and pupils are ever counted.

Pupils on roll, the denominator of the rates: the school register's number (GIAS NumberOfPupils)
where it holds one, and otherwise an estimate, five times the school's latest key stage 4 cohort in
the performance tables (a secondary school has five year groups, Years 7 to 11). A school with
neither is counted as not known and left out. Each way is counted, so the pages can say how the
number was found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import IsNull
from django.utils import timezone

from schools.models import KeyStage4Result, NetworkMembership, School

from ..models import (
    APPlacement,
    AttendanceRecord,
    ExclusionConsultation,
    FundingAllocation,
    FundingSource,
    InclusionPartnership,
    PermanentExclusion,
    PlacementOutcome,
    PlanType,
    PupilRoll,
    Referral,
    Spend,
    SpendCategory,
)

# How many academic (and financial) years the figures over time go back, the chosen one included.
YEARS_SHOWN = 5
NO_PLAN = "none"  # an open referral whose plan is not yet agreed
NO_OUTCOME = "none"  # an ended placement whose outcome was not recorded
# A secondary school has five year groups (Years 7 to 11), so five times its key stage 4 cohort
# (the pupils at the end of Year 11) estimates its pupils on roll where the register has no number.
YEAR_GROUPS_PER_KS4_COHORT = 5


def academic_year_of(day: dt.date) -> int:
    """September to August, named by the calendar year it starts in."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def financial_year_of(day: dt.date) -> int:
    """April to March, named by the calendar year it starts in (as FundingAllocation is)."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class Tally:
    """A number of records and the number of distinct pupils they are about."""

    n: int = 0
    pupils: int = 0


@dataclass
class ScopeFigures:
    """The figures for one inclusion partnership, or for all of them (the county)."""

    area_id: int | None
    name: str
    schools: int = 0
    pupils_on_roll: int = 0  # from the register, plus the estimates
    schools_from_register: int = 0
    pupils_from_register: int = 0
    schools_estimated: int = 0  # no number in the register: five times the latest KS4 cohort
    pupils_estimated: int = 0
    schools_without_numbers: int = 0  # neither: not known, left out of the rates
    exclusions_by_year: dict[int, Tally] = field(default_factory=dict)
    exclusions: Tally = Tally()
    consulted: Tally = Tally()
    confirmed: Tally = Tally()  # of the consulted, confirmed by the chair by the cut
    unconfirmed: Tally = Tally()  # of the consulted, waiting for the chair or disputed
    flagged: Tally = Tally()
    consultations: Tally = Tally()
    referrals_open: Tally = Tally()
    referrals_made: Tally = Tally()
    open_by_plan: dict[str, Tally] = field(default_factory=dict)
    sessions_possible: int = 0
    sessions_attended: int = 0
    sessions_out: int = 0
    attendance_pupils: int = 0
    ap_current: Tally = Tally()
    # Pupils with a placement running on any day of each academic year, up to the cut.
    ap_by_year: dict[int, Tally] = field(default_factory=dict)
    ap_current_days: Decimal = Decimal(0)
    ap_started: Tally = Tally()
    ap_started_cost: Decimal = Decimal(0)
    ap_by_funding: dict[str, tuple[Tally, Decimal]] = field(default_factory=dict)
    ap_ended: Tally = Tally()
    ap_ended_days: int = 0  # the placements' lengths added up, in days
    ap_by_outcome: dict[str, Tally] = field(default_factory=dict)
    allocation_by_year: dict[int, Decimal] = field(default_factory=dict)
    spend_by_year: dict[int, dict[str, Decimal]] = field(default_factory=dict)


@dataclass
class InclusionFigures:
    starts_on: dt.date
    cut: dt.date  # figures are counted as at the end of this day
    academic_year: int
    years: list[int]  # academic years for the figures over time, oldest first
    financial_year: int
    financial_years: list[int]
    scope: ScopeFigures  # the county, or the one area asked for
    areas: list[ScopeFigures]  # one per inclusion partnership in the scope, by area name

    @property
    def is_county(self) -> bool:
        return self.scope.area_id is None


# --- Which inclusion partnership a record counts for --------------------------------------------


def _area_of(partnership, school_ref: str, day_ref: str) -> Subquery:
    """The inclusion partnership whose network the school was a member of on the day."""
    day = OuterRef(day_ref)
    return Subquery(
        NetworkMembership.objects.filter(
            network__partnership=partnership,
            network__inclusion_partnership__isnull=False,
            school_id=OuterRef(school_ref),
            joined_on__lte=day,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .order_by("network__inclusion_partnership__area", "pk")
        .values("network__inclusion_partnership")[:1],
        output_field=IntegerField(),
    )


def _school_on_roll(day_ref: str) -> Coalesce:
    """The school the record's pupil was on roll at on the day, or else their home school."""
    day = OuterRef(day_ref)
    roll = (
        PupilRoll.objects.filter(pupil=OuterRef("pupil"), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("-starts_on", "-pk")
        .values("school")[:1]
    )
    return Coalesce(Subquery(roll, output_field=IntegerField()), F("pupil__home_school_id"))


def _by_area_and_scope(
    queryset: QuerySet, area_ids: list[int], aggregates: dict, county: bool
) -> tuple[dict, dict | None]:
    """One query grouped by area and, for the county, one over them all: a pupil counted in two
    areas is one pupil in the county."""
    scoped = queryset.filter(area__in=area_ids)
    rows = {row["area"]: row for row in scoped.values("area").annotate(**aggregates).order_by()}
    return rows, scoped.aggregate(**aggregates) if county else None


def _tally(row: dict | None, name: str) -> Tally:
    if not row:
        return Tally()
    return Tally(row.get(f"{name}_n") or 0, row.get(f"{name}_p") or 0)


def _counting(name: str, condition: Q) -> dict:
    return {
        f"{name}_n": Count("pk", filter=condition),
        f"{name}_p": Count("pupil", filter=condition, distinct=True),
    }


# --- The queries, one kind of record at a time --------------------------------------------------


def _latest_ks4_cohort(school_ref: str) -> Subquery:
    """The pupils at the end of key stage 4 in the school's latest year with a number."""
    return Subquery(
        KeyStage4Result.objects.filter(school_id=OuterRef(school_ref), pupils__gt=0)
        .order_by("-academic_year")
        .values("pupils")[:1],
        output_field=IntegerField(),
    )


def _roll_aggregates(school: str, register: str, school_ref: str) -> dict:
    """Pupils on roll from the register, or estimated from the KS4 cohort where the register has
    no number, and how many schools each way: `school` is what counts a school, `register` the
    register's number of pupils and `school_ref` the school's id, for the cohort's subquery."""
    no_register = Q(**{f"{register}__isnull": True})
    cohort = _latest_ks4_cohort(school_ref)
    return {
        "schools": Count(school, distinct=True),
        "register_schools": Count(school, distinct=True, filter=~no_register),
        "register_pupils": Sum(register),
        "estimated_schools": Count(school, distinct=True, filter=no_register & Q(IsNull(cohort, False))),
        "estimated_pupils": Sum(cohort * YEAR_GROUPS_PER_KS4_COHORT, filter=no_register),
    }


def _rolls(area_ids: list[int], cut: dt.date, county: bool):
    """One query by area and one for the county, the cohorts read in a subquery, not per school."""
    members = NetworkMembership.objects.current(cut).filter(network__inclusion_partnership__in=area_ids)
    rows = {
        row["area"]: row
        for row in members.values(area=F("network__inclusion_partnership"))
        .annotate(**_roll_aggregates("school", "school__pupils", "school_id"))
        .order_by()
    }
    if not county:
        return rows, None
    total = School.objects.filter(pk__in=members.values("school")).aggregate(
        **_roll_aggregates("pk", "pupils", "pk")
    )
    return rows, total


def _exclusions(partnership, area_ids, starts_on, cut, years, county):
    queryset = (
        PermanentExclusion.objects.filter(pupil__partnership=partnership, excluded_on__lte=cut)
        .with_consultation_flag()
        .annotate(area=_area_of(partnership, "school_id", "excluded_on"))
    )
    in_period = Q(excluded_on__gte=starts_on)
    confirmed_by_cut = Q(consultation__response="confirmed", consultation__responded_on__lte=cut)
    aggregates = {
        **_counting("period", in_period),
        **_counting("consulted", in_period & Q(was_consulted=True)),
        **_counting("flagged", in_period & Q(was_consulted=False)),
        # Of the consulted, those whose consultation the chair had confirmed by the cut, and the rest
        # (waiting for the chair, or disputed), counted each on its own (decision 0033).
        **_counting("confirmed", in_period & Q(was_consulted=True) & confirmed_by_cut),
        **_counting("unconfirmed", in_period & Q(was_consulted=True) & ~confirmed_by_cut),
    }
    for year in years:
        first, last = academic_year_span(year)
        aggregates.update(_counting(f"y{year}", Q(excluded_on__gte=first, excluded_on__lte=last)))
    return _by_area_and_scope(queryset, area_ids, aggregates, county)


def _consultations(partnership, area_ids, starts_on, cut, county):
    queryset = ExclusionConsultation.objects.filter(
        pupil__partnership=partnership, consulted_on__gte=starts_on, consulted_on__lte=cut
    ).annotate(area=_area_of(partnership, "school_id", "consulted_on"))
    return _by_area_and_scope(queryset, area_ids, _counting("held", Q()), county)


def _referrals(partnership, area_ids, starts_on, cut, county):
    queryset = Referral.objects.filter(
        pupil__partnership=partnership,
        inclusion_partnership__partnership=partnership,
        referred_on__lte=cut,
    ).annotate(area=F("inclusion_partnership_id"))
    open_at_cut = Q(closed_on__isnull=True) | Q(closed_on__gt=cut)
    agreed_by_cut = Q(plan_agreed_on__lte=cut)
    aggregates = {
        **_counting("open", open_at_cut),
        **_counting("made", Q(referred_on__gte=starts_on)),
        **_counting(f"plan_{NO_PLAN}", open_at_cut & ~agreed_by_cut),
    }
    for plan in PlanType.values:
        aggregates.update(_counting(f"plan_{plan}", open_at_cut & agreed_by_cut & Q(plan_type=plan)))
    return _by_area_and_scope(queryset, area_ids, aggregates, county)


def _attendance(partnership, area_ids, starts_on, cut, county):
    queryset = (
        AttendanceRecord.objects.filter(
            pupil__partnership=partnership, starts_on__gte=starts_on, starts_on__lte=cut
        )
        .annotate(school_on_day=_school_on_roll("starts_on"))
        .annotate(area=_area_of(partnership, "school_on_day", "starts_on"))
    )
    aggregates = {
        "possible": Sum("sessions_possible"),
        "attended": Sum("sessions_attended"),
        "out": Sum("sessions_out_of_mainstream"),
        "pupils": Count("pupil", distinct=True),
    }
    return _by_area_and_scope(queryset, area_ids, aggregates, county)


def _placements(partnership, area_ids, starts_on, cut, years, county):
    """Counted at the end of the cut day, so each placement started by then is either running or
    ended, never both: running when its last day is after the cut (or not set), ended in the period
    when its last day falls from the period's first day to the cut, the cut day included. A
    placement with an outcome has ended: its last day is the one recorded, or today if that was
    recorded ahead (placement_end now refuses that, but older records may hold it)."""
    today = timezone.localdate()
    queryset = (
        APPlacement.objects.filter(pupil__partnership=partnership, starts_on__lte=cut)
        .annotate(school_on_day=_school_on_roll("starts_on"))
        .annotate(area=_area_of(partnership, "school_on_day", "starts_on"))
        .annotate(
            last_day=Case(
                When(~Q(outcome=""), then=Least(F("ends_on"), Value(today))),
                default=F("ends_on"),
                output_field=DateField(),
            )
        )
    )
    current = Q(last_day__isnull=True) | Q(last_day__gt=cut)
    started = Q(starts_on__gte=starts_on)
    ended = Q(last_day__gte=starts_on, last_day__lte=cut)
    length = ExpressionWrapper(F("last_day") - F("starts_on"), output_field=DurationField())
    aggregates = {
        **_counting("current", current),
        "current_days": Sum("days_per_week", filter=current),
        **_counting("started", started),
        "started_cost": Sum("cost", filter=started),
        **_counting("ended", ended),
        # The last day counts, so a placement of one day lasts one day: added on after the sum.
        "ended_length": Sum(length, filter=ended),
        **_counting(f"outcome_{NO_OUTCOME}", ended & Q(outcome="")),
    }
    for outcome in PlacementOutcome.values:
        aggregates.update(_counting(f"outcome_{outcome}", ended & Q(outcome=outcome)))
    for year in years:
        first, last = academic_year_span(year)
        running = Q(starts_on__lte=last) & (Q(last_day__isnull=True) | Q(last_day__gte=first))
        aggregates.update(_counting(f"y{year}", running))
    for source in FundingSource.values:
        aggregates.update(_counting(f"fund_{source}", started & Q(funding_source=source)))
        aggregates[f"fund_{source}_cost"] = Sum("cost", filter=started & Q(funding_source=source))
    return _by_area_and_scope(queryset, area_ids, aggregates, county)


def _money(area_ids, financial_years):
    allocations = {
        (row["inclusion_partnership"], row["financial_year"]): row["amount"]
        for row in FundingAllocation.objects.filter(
            inclusion_partnership__in=area_ids, financial_year__in=financial_years
        ).values("inclusion_partnership", "financial_year", "amount")
    }
    spends = {
        (row["allocation__inclusion_partnership"], row["allocation__financial_year"], row["category"]): row[
            "total"
        ]
        for row in Spend.objects.filter(
            allocation__inclusion_partnership__in=area_ids,
            allocation__financial_year__in=financial_years,
        )
        .values("allocation__inclusion_partnership", "allocation__financial_year", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    return allocations, spends


# --- Putting them together ----------------------------------------------------------------------


def _fill(figures: ScopeFigures, rows: dict, years: list[int]) -> None:
    roll = rows["roll"] or {}
    figures.schools = roll.get("schools") or 0
    figures.schools_from_register = roll.get("register_schools") or 0
    figures.pupils_from_register = roll.get("register_pupils") or 0
    figures.schools_estimated = roll.get("estimated_schools") or 0
    figures.pupils_estimated = roll.get("estimated_pupils") or 0
    figures.pupils_on_roll = figures.pupils_from_register + figures.pupils_estimated
    figures.schools_without_numbers = (
        figures.schools - figures.schools_from_register - figures.schools_estimated
    )

    exclusions = rows["exclusions"]
    figures.exclusions_by_year = {year: _tally(exclusions, f"y{year}") for year in years}
    figures.exclusions = _tally(exclusions, "period")
    figures.consulted = _tally(exclusions, "consulted")
    figures.flagged = _tally(exclusions, "flagged")
    figures.confirmed = _tally(exclusions, "confirmed")
    figures.unconfirmed = _tally(exclusions, "unconfirmed")
    figures.consultations = _tally(rows["consultations"], "held")

    referrals = rows["referrals"]
    figures.referrals_open = _tally(referrals, "open")
    figures.referrals_made = _tally(referrals, "made")
    figures.open_by_plan = {plan: _tally(referrals, f"plan_{plan}") for plan in [*PlanType.values, NO_PLAN]}

    attendance = rows["attendance"] or {}
    figures.sessions_possible = attendance.get("possible") or 0
    figures.sessions_attended = attendance.get("attended") or 0
    figures.sessions_out = attendance.get("out") or 0
    figures.attendance_pupils = attendance.get("pupils") or 0

    ap = rows["placements"] or {}
    figures.ap_current = _tally(ap, "current")
    figures.ap_by_year = {year: _tally(ap, f"y{year}") for year in years}
    figures.ap_current_days = ap.get("current_days") or Decimal(0)
    figures.ap_started = _tally(ap, "started")
    figures.ap_started_cost = ap.get("started_cost") or Decimal(0)
    figures.ap_ended = _tally(ap, "ended")
    length = ap.get("ended_length") or dt.timedelta(0)
    figures.ap_ended_days = length.days + figures.ap_ended.n
    figures.ap_by_outcome = {
        outcome: _tally(ap, f"outcome_{outcome}") for outcome in [*PlacementOutcome.values, NO_OUTCOME]
    }
    figures.ap_by_funding = {
        source: (_tally(ap, f"fund_{source}"), ap.get(f"fund_{source}_cost") or Decimal(0))
        for source in FundingSource.values
    }


def _fill_money(figures: ScopeFigures, area_ids: list[int], allocations, spends, financial_years) -> None:
    for year in financial_years:
        held = [allocations[(area, year)] for area in area_ids if (area, year) in allocations]
        if held:
            figures.allocation_by_year[year] = sum(held, Decimal(0))
        by_category = {}
        for category in SpendCategory.values:
            spent = [spends[(area, year, category)] for area in area_ids if (area, year, category) in spends]
            if spent:
                by_category[category] = sum(spent, Decimal(0))
        figures.spend_by_year[year] = by_category


def inclusion_partnerships_of(partnership) -> list[InclusionPartnership]:
    """The partnership's inclusion partnerships, by area: one query."""
    return list(InclusionPartnership.objects.filter(partnership=partnership).order_by("area", "pk"))


def inclusion_figures(
    partnership,
    *,
    starts_on: dt.date,
    cut: dt.date,
    area: InclusionPartnership | None = None,
    inclusion_partnerships: list[InclusionPartnership] | None = None,
) -> InclusionFigures:
    """The figures for the period from `starts_on` to `cut`, over every inclusion partnership of
    this partnership (the county) or over `area` alone.

    Pass the partnership's inclusion partnerships if already read, to save a query."""
    ips = (
        inclusion_partnerships
        if inclusion_partnerships is not None
        else inclusion_partnerships_of(partnership)
    )
    ips = [ip for ip in ips if ip.partnership_id == partnership.pk]
    if area is not None:
        if area.partnership_id != partnership.pk:
            raise ValueError("that inclusion partnership is not in this partnership")
        ips = [ip for ip in ips if ip.pk == area.pk] or [area]
    area_ids = [ip.pk for ip in ips]
    county = area is None
    academic_year = academic_year_of(starts_on)
    years = list(range(academic_year - YEARS_SHOWN + 1, academic_year + 1))
    financial_year = financial_year_of(starts_on)
    financial_years = list(range(financial_year - YEARS_SHOWN + 1, financial_year + 1))

    queried = {
        "roll": _rolls(area_ids, cut, county),
        "exclusions": _exclusions(partnership, area_ids, starts_on, cut, years, county),
        "consultations": _consultations(partnership, area_ids, starts_on, cut, county),
        "referrals": _referrals(partnership, area_ids, starts_on, cut, county),
        "attendance": _attendance(partnership, area_ids, starts_on, cut, county),
        "placements": _placements(partnership, area_ids, starts_on, cut, years, county),
    }
    allocations, spends = _money(area_ids, financial_years)

    areas = []
    for ip in ips:
        figures = ScopeFigures(area_id=ip.pk, name=ip.area)
        _fill(figures, {key: by_area.get(ip.pk) for key, (by_area, _) in queried.items()}, years)
        _fill_money(figures, [ip.pk], allocations, spends, financial_years)
        areas.append(figures)
    if county:
        scope = ScopeFigures(area_id=None, name="All inclusion partnerships")
        _fill(scope, {key: total for key, (_, total) in queried.items()}, years)
        _fill_money(scope, area_ids, allocations, spends, financial_years)
    else:
        scope = areas[0]
    return InclusionFigures(
        starts_on=starts_on,
        cut=cut,
        academic_year=academic_year,
        years=years,
        financial_year=financial_year,
        financial_years=financial_years,
        scope=scope,
        areas=areas,
    )
