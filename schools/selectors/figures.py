"""Aggregate reads of the register for the termly figures (governance.reporting.snapshot, decision
0017): inspections, needs flags, system leaders' capacity, results and networks; and for the annual
report's impact comparison (governance.reporting.impact, decision 0037), grouped by whether a school
is among the ones the caller says had support.

Only counts and sums leave here, never a school's record, each in one query whatever the number of
schools. They are for a whole partnership, not scoped to a person: the snapshot decides what each
audience sees. It counts every school (decision 0017, revised), so it passes no `school_ids`; a
caller that must count only some schools passes their ids, or a subquery of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
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
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.consent import limited_to
from schools.models import (
    Inspection,
    KeyStage2Result,
    KeyStage4Result,
    NeedsFlag,
    NetworkMembership,
    School,
    SystemLeader,
)
from schools.models.needs import NOT_COVERED_TYPE_GROUPS, FlagStatus

# Per (LA code, academic year), for each measure: (pupil-weighted sum, pupils, schools).
Results = dict[tuple[str, int], dict[str, tuple[Decimal, int, int]]]


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after a day: records written before it stood at the end of that day."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def open_on(on: dt.date | None = None) -> Q:
    """The register's schools open on a day. Today, by their status. On a past day, also by their
    opening and closing dates, so a past term's figures read the same next year: a school that has
    closed since still counts, one opened since does not (a school converting to an academy closes
    under its old number the day before it opens under its new one, so it is counted once). A
    school closed without a closing date cannot be placed in time and is not counted."""
    if on is None or on >= timezone.localdate():
        return Q(status__istartswith="open")
    opened = Q(open_date__isnull=True) | Q(open_date__lte=on)
    still_open = Q(status__istartswith="open") & (Q(close_date__isnull=True) | Q(close_date__gt=on))
    closed_since = Q(status__iexact="closed", close_date__gt=on)
    return opened & (still_open | closed_since)


def covered_schools(la_codes: list[str], on: dt.date | None = None) -> QuerySet[School]:
    """The schools a partnership covers (its terms of reference): its LAs' open state-funded
    schools, today or on a past day (`open_on`). The base of every figure about needs flags and
    support."""
    return School.objects.filter(open_on(on), la_code__in=la_codes).exclude(
        type_group__in=NOT_COVERED_TYPE_GROUPS
    )


def latest_overall(school_ref: str, on: dt.date) -> Subquery:
    """The overall grade of a school's latest inspection up to a day: "" for a report card."""
    return Subquery(
        Inspection.objects.filter(school=OuterRef(school_ref), inspected_on__lte=on)
        .order_by("-inspected_on", "-pk")
        .values("overall")[:1]
    )


def inspection_outcomes(la_codes: list[str], on: dt.date, before: dt.date) -> list[dict]:
    """The open schools of the LAs counted by their latest overall grade on `on` and on `before`:
    rows of {"now", "before", "schools"}, the grade None for a school not inspected by then. The
    schools are those open on `on` (`open_on`), each compared with its own grade on `before`."""
    schools = School.objects.filter(open_on(on), la_code__in=la_codes)
    return list(
        schools.annotate(now=latest_overall("pk", on), before=latest_overall("pk", before))
        .values("now", "before")
        .annotate(schools=Count("pk"))
        .order_by()
    )


def grades_of_schools_inspected_since(la_codes: list[str], since: dt.date, days: list[dt.date]) -> list[dict]:
    """The open schools of the LAs inspected after `since` and by the last of `days`, counted by their
    latest overall grade on each of `days`: rows of {"grades": (the grade on each day, None where not
    inspected by then, "" for a report card), "schools"}. Every other school's latest grade is the
    same on each of those days, so a trend over terms asks this of the few inspected in them only.
    One query."""
    inspected = Inspection.objects.filter(inspected_on__gt=since, inspected_on__lte=max(days)).values(
        "school_id"
    )
    schools = School.objects.filter(open_on(max(days)), la_code__in=la_codes, pk__in=inspected)
    names = [f"on_{index}" for index in range(len(days))]
    rows = (
        schools.annotate(**{name: latest_overall("pk", day) for name, day in zip(names, days, strict=True)})
        .values(*names)
        .annotate(schools=Count("pk"))
        .order_by()
    )
    return [{"grades": tuple(row[name] for name in names), "schools": row["schools"]} for row in rows]


def open_flags(partnership, on: dt.date, school_ids=None) -> QuerySet[NeedsFlag]:
    """The needs flags raised by the end of `on` and open at the end of it, as their history tells: a
    flag dismissed or cleared since is still counted for a day before, and one dismissed by then is
    not, so a past term's figures read the same next year. A flag with no history by then is counted
    as it was first recorded, and one with none at all (loaded in bulk without it) by its status now."""
    end = end_of(on)
    then = NeedsFlag.history.filter(id=OuterRef("pk"), history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )
    first = NeedsFlag.history.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
    return (
        NeedsFlag.objects.filter(Q(partnership=partnership, raised_at__lt=end) & limited_to(school_ids))
        .annotate(
            status_then=Coalesce(
                Subquery(then.values("status")[:1]), Subquery(first.values("status")[:1]), F("status")
            )
        )
        .filter(status_then=FlagStatus.OPEN)
    )


def flagged_schools_by_kind(flags: QuerySet[NeedsFlag]) -> dict[str, int]:
    """For each trigger, the number of schools with such a flag."""
    return {
        row["kind"]: row["schools"]
        for row in flags.values("kind").annotate(schools=Count("school", distinct=True)).order_by()
    }


def capacity_by_designation(partnership, on: dt.date) -> list[dict]:
    """The system leaders available for support at the end of `on`, by designation, as their records
    stood then (from their history: the days committed are those set by that day): rows of
    {"designation", "leaders", "capacity", "committed"}, the days summed. A leader with no history at
    all (loaded in bulk without it) is counted as now. One query."""
    history = SystemLeader.history.model
    latest = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=end_of(on))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    sums = {"leaders": Count("id"), "capacity": Sum("capacity_days"), "committed": Sum("committed_days")}
    then = (
        history.objects.filter(partnership=partnership, history_id=Subquery(latest), is_active=True)
        .exclude(history_type="-")
        .values("designation")
        .annotate(**sums)
        .order_by()
    )
    unrecorded = (
        SystemLeader.objects.filter(partnership=partnership, is_active=True)
        .exclude(Exists(history.objects.filter(id=OuterRef("pk"))))
        .values("designation")
        .annotate(**sums)
        .order_by()
    )
    rows: dict[str, dict] = {}
    for row in then.union(unrecorded, all=True):
        into = rows.setdefault(
            row["designation"],
            {
                "designation": row["designation"],
                "leaders": 0,
                "capacity": Decimal(0),
                "committed": Decimal(0),
            },
        )
        into["leaders"] += row["leaders"]
        into["capacity"] += row["capacity"] or 0
        into["committed"] += row["committed"] or 0
    return [rows[key] for key in sorted(rows)]


def _weighted_sum(field: str, *, other: str | None = None):
    """The pupil-weighted sum of a measure and the pupils behind it, over rows where it is held."""
    held = Q(**{f"{field}__isnull": False}, pupils__isnull=False)
    if other:
        held &= Q(**{f"{other}__isnull": False})
    product = ExpressionWrapper(
        F(field) * F("pupils"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    return Sum(product, filter=held), Sum("pupils", filter=held), Count("pk", filter=held)


# The Department for Education publishes a summer's school-level results in the autumn after it: KS4
# in October, KS2 in December (month, day from which they are counted).
PUBLISHED_FROM = {2: (12, 1), 4: (10, 1)}


def latest_results_year(key_stage: int, on: dt.date) -> int:
    """The latest academic year (by the year it ends) whose school-level results the department had
    published by `on`: what the portal would have held at the end of that day, whenever it was
    imported, so that a past term's results read the same when a later year's are loaded."""
    month, day = PUBLISHED_FROM[key_stage]
    return on.year if on >= dt.date(on.year, month, day) else on.year - 1


def _results(
    model, fields: dict[str, tuple[str, str | None]], la_codes: list[str], until: int | None = None
) -> Results:
    annotations = {}
    for name, (field, other) in fields.items():
        total, pupils, schools = _weighted_sum(field, other=other)
        annotations[f"{name}__w"] = total
        annotations[f"{name}__p"] = pupils
        annotations[f"{name}__s"] = schools
    held = model.objects.filter(school__la_code__in=la_codes)
    if until is not None:
        held = held.filter(academic_year__lte=until)
    rows = held.values("school__la_code", "academic_year").annotate(**annotations).order_by()
    out: Results = defaultdict(dict)
    for row in rows:
        for name in fields:
            out[(row["school__la_code"], row["academic_year"])][name] = (
                Decimal(row[f"{name}__w"] or 0),
                row[f"{name}__p"] or 0,
                row[f"{name}__s"] or 0,
            )
    return out


def ks2_results(la_codes: list[str], on: dt.date | None = None) -> Results:
    """Reading, writing and maths at the expected standard: all pupils ("rwm"), and disadvantaged
    ("dis") and other ("oth") pupils where both are held; every year held, or, given `on`, every year
    published by then."""
    return _results(
        KeyStage2Result,
        {
            "rwm": ("rwm_expected_pct", None),
            "dis": ("disadvantaged_rwm_expected_pct", "other_rwm_expected_pct"),
            "oth": ("other_rwm_expected_pct", "disadvantaged_rwm_expected_pct"),
        },
        la_codes,
        latest_results_year(2, on) if on else None,
    )


def ks4_results(la_codes: list[str], on: dt.date | None = None) -> Results:
    """Progress 8 ("p8") and Attainment 8 ("a8") of all pupils, and Progress 8 of disadvantaged
    ("dis") and other ("oth") pupils where both are held; every year held, or, given `on`, every year
    published by then."""
    return _results(
        KeyStage4Result,
        {
            "p8": ("progress8", None),
            "a8": ("attainment8", None),
            "dis": ("disadvantaged_progress8", "other_progress8"),
            "oth": ("other_progress8", "disadvantaged_progress8"),
        },
        la_codes,
        latest_results_year(4, on) if on else None,
    )


def network_members(partnership, on: dt.date) -> QuerySet[NetworkMembership]:
    """The memberships of the partnership's networks current at the end of `on`."""
    return NetworkMembership.objects.filter(
        Q(network__partnership=partnership, joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))
    )


def network_grades(members: QuerySet[NetworkMembership], on: dt.date) -> list[dict]:
    """Each network's schools counted by their latest overall grade on `on`: rows of {"network_id",
    "network__name", "grade", "schools"}, by network name."""
    return list(
        members.annotate(grade=latest_overall("school_id", on))
        .values("network_id", "network__name", "grade")
        .annotate(schools=Count("school", distinct=True))
        .order_by("network__name")
    )


# --- The impact comparison (the annual report, decision 0037) -------------------------------------


def _among(school_ids) -> Case:
    """True for a school among `school_ids` (a subquery of ids the caller chose), False otherwise."""
    return Case(When(pk__in=school_ids, then=Value(True)), default=Value(False), output_field=BooleanField())


def inspection_moves(la_codes: list[str], starts_on: dt.date, on: dt.date, supported) -> list[dict]:
    """The schools the partnership covers, counted by phase, by whether they are among `supported` (a
    subquery of school ids), by their overall grade at the start (the latest inspection before
    `starts_on`) and at the end of `on`, and by whether they were inspected from `starts_on` to `on`:
    rows of {"phase", "supported", "start", "end", "inspected", "schools"}, a grade "" for a report
    card and None for no inspection by then. The schools are those covered on `on` (`open_on`), so
    a school that closed since, as many do on becoming an academy, is still compared. One query."""
    in_period = Inspection.objects.filter(school=OuterRef("pk"), inspected_on__range=(starts_on, on))
    return list(
        covered_schools(la_codes, on=on)
        .annotate(
            supported=_among(supported),
            start=latest_overall("pk", starts_on - dt.timedelta(days=1)),
            end=latest_overall("pk", on),
            inspected=Exists(in_period),
        )
        .values("phase", "supported", "start", "end", "inspected")
        .annotate(schools=Count("pk"))
        .order_by()
    )


RESULTS_MODELS = {2: KeyStage2Result, 4: KeyStage4Result}


def results_change(
    la_codes: list[str],
    *,
    key_stage: int,
    measure: str,
    edges: list[Decimal],
    before_year: int,
    after_year: int,
    supported,
    on: dt.date | None = None,
) -> list[dict]:
    """The schools the partnership covers with `measure` held for both academic years (numbered by
    the year they end), counted by phase, by whether they are among `supported`, and by the band
    their first year's figure falls in (0 below the first of `edges`, 1 from it to below the
    second, and so on): rows of {"phase", "supported", "band", "schools", "before", "after",
    "change"}, the last three each school's figure averaged, every school counting once. The schools
    are those covered on `on` (today if not given). One query."""
    model = RESULTS_MODELS[key_stage]

    def held(year: int) -> Subquery:
        return Subquery(
            model.objects.filter(school=OuterRef("pk"), academic_year=year).values(measure)[:1],
            output_field=DecimalField(max_digits=6, decimal_places=2),
        )

    band = Case(
        *(When(before__lt=edge, then=Value(place)) for place, edge in enumerate(edges)),
        default=Value(len(edges)),
        output_field=IntegerField(),
    )
    return list(
        covered_schools(la_codes, on=on)
        .annotate(before=held(before_year), after=held(after_year))
        .filter(before__isnull=False, after__isnull=False)
        .annotate(supported=_among(supported), band=band)
        .values("phase", "supported", "band")
        .annotate(
            schools=Count("pk"),
            before_avg=Avg("before"),
            after_avg=Avg("after"),
            change=Avg(F("after") - F("before")),
        )
        .order_by()
    )


def results_years_held(la_codes: list[str]) -> dict[int, list[int]]:
    """For key stages 2 and 4, the academic years (numbered by the year they end) with any result
    of the LAs' schools held. Two queries."""
    return {
        stage: sorted(
            model.objects.filter(school__la_code__in=la_codes)
            .values_list("academic_year", flat=True)
            .distinct()
            .order_by()
        )
        for stage, model in RESULTS_MODELS.items()
    }
