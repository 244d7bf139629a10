"""Published figures for a partnership's own LAs, their regions and England (decision 0034), read
in one query whatever the number of measures or years."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from partnership.models import LocalAuthority
from schools.importers.benchmarks import revision_rank
from schools.models import AreaLevel, Benchmark, BenchmarkMeasure

LEVEL_ORDER = {AreaLevel.LA: 0, AreaLevel.REGION: 1, AreaLevel.ENGLAND: 2}
ACADEMIC_YEAR_TYPE = "academic year"
ONE_YEAR = re.compile(r"^(\d{4})(?:\s*\((\w+)\))?$")


def year_of(row: Benchmark) -> tuple[int, int] | None:
    """The academic year (by the year it ends) a value is for, and its revision's rank (see
    REVISIONS); None for a period that is not one academic year. A measure the dictionary calls
    anything but an academic-year measure (a financial or calendar year) has none; a one-year label
    ("2018", "2025 (Rev)") is an academic year only where the dictionary says so."""
    year_type = row.measure.year_type.casefold()
    if year_type and year_type != ACADEMIC_YEAR_TYPE:
        return None
    rank = revision_rank(row.period)
    if rank is None:
        return None
    if row.academic_year is not None:
        return row.academic_year, rank
    match = ONE_YEAR.match(row.period.strip())
    if not match or year_type != ACADEMIC_YEAR_TYPE:
        return None
    return int(match.group(1)), rank


# What the DfE's symbols mean, in the words a reader needs (GSS guidance on symbols in tables).
MARKS = {
    "-": "Not published",
    "x": "Not published",
    ":": "Not published",
    "..": "Not published",
    "z": "Not applicable",
    "u": "Low reliability",
    "~": "Rounds to 0",
    "LOW": "Rounds to 0",
}


def mark_text(mark: str) -> str:
    """A mark the file put instead of a value, in words: "x" is "Not published", "c" (a figure kept
    back to protect confidentiality) and the performance tables' codes are "Withheld"."""
    return MARKS.get(mark, MARKS.get(mark.upper(), "Withheld"))


@dataclass(frozen=True)
class Area:
    level: str
    key: str
    name: str


@dataclass
class Series:
    """One measure's published values: the partnership's LAs, then their regions, then England."""

    measure: BenchmarkMeasure
    areas: list[Area] = field(default_factory=list)
    # (academic year ending, area key, breakdown) -> the value, or the file's mark if withheld
    values: dict[tuple[int, str, str], Decimal | str] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """The academic years held (by the year each ends), oldest first."""
        return sorted({year for year, _, _ in self.values})

    def value(self, year: int, area: Area, breakdown: str = "") -> Decimal | str | None:
        """The value; the file's mark where it withheld it; None where the file had no row."""
        return self.values.get((year, area.key, breakdown))

    def breakdowns(self, area: Area) -> list[str]:
        return sorted({b for (_, key, b) in self.values if key == area.key and b})

    @property
    def local_authorities(self) -> list[Area]:
        return [area for area in self.areas if area.level == AreaLevel.LA]


def benchmarks_for(partnership, codes: list[str]) -> dict[str, Series]:
    """The series of each measure held, by code, for one academic year at a time (values published
    for other periods, such as three-year spans or financial years, are left out). A measure with no
    value held for the partnership's LAs is left out too: a region and England alone compare nothing."""
    la_codes = LocalAuthority.objects.filter(partnership=partnership).values("code")
    regions = Benchmark.objects.filter(area_level=AreaLevel.LA, area_key__in=la_codes).values("region_key")
    rows = (
        Benchmark.objects.filter(measure__code__in=codes)
        .filter(
            Q(area_level=AreaLevel.LA, area_key__in=la_codes)
            | Q(area_level=AreaLevel.REGION, area_key__in=regions)
            | Q(area_level=AreaLevel.ENGLAND)
        )
        .select_related("measure")
        # Oldest row first, so that of two publications of the same rank the later import wins.
        .order_by("measure__code", "pk")
    )
    series: dict[str, Series] = {}
    names: dict[str, dict[tuple[str, str], str]] = {}
    ranks: dict[tuple, int] = {}
    for row in rows:
        year = year_of(row)
        if year is None:
            continue
        one = series.setdefault(row.measure.code, Series(measure=row.measure))
        # The latest year's spelling of an area's name wins.
        names.setdefault(row.measure.code, {})[(row.area_level, row.area_key)] = row.area_name
        key = (year[0], row.area_key, row.breakdown)
        # Rows come oldest first, so of two publications of the same rank the later import wins.
        if ranks.get((row.measure.code, *key), -1) > year[1]:
            continue
        ranks[(row.measure.code, *key)] = year[1]
        one.values[key] = row.value if row.value is not None else row.withheld
    for code, one in series.items():
        one.areas = sorted(
            (Area(level, key, name) for (level, key), name in names[code].items()),
            key=lambda area: (LEVEL_ORDER[area.level], area.name),
        )
    return {code: one for code, one in series.items() if one.local_authorities}
