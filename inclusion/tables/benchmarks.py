"""The county beside England and its region (decision 0034): the DfE's published permanent exclusion
and suspension rates, and its published counts of pupils in alternative provision, set beside the
portal's own counts, each with what it counts and how that differs from the portal's.

Published figures are public, so they are shown exactly to every reader; the portal's own figures
in the same tables are the cells of the other sections, small numbers hidden just as there.
Published years are named as the portal names academic years ("2023 to 2024").
"""

from __future__ import annotations

from decimal import Decimal

from inclusion.selectors.figures import InclusionFigures, Tally
from inclusion.tables.cells import Cells, _chart, _date, year_label
from partnership.figures import decimal_text, half_up
from partnership.figures import section as _section
from partnership.figures import table as _table
from schools.importers.benchmarks import AP_CENSUS_PUPILS, SCHOOL_CENSUS_AP_PUPILS
from schools.models import BenchmarkSource
from schools.selectors.benchmarks import Area, Series, mark_text

PERMANENT = "TotPermEx"
SUSPENSIONS = "TotFixedEx"
MEASURES = [PERMANENT, SUSPENSIONS, AP_CENSUS_PUPILS, SCHOOL_CENSUS_AP_PUPILS]
NOT_HELD = "Not held"
NOT_RECORDED = "Not recorded here"
# A year older than the five the figures count: records may exist, but are not counted here.
NOT_COUNTED = "Not counted here"
HERE = "Recorded here (inclusion partnerships)"


def _start(year_ending: int) -> int:
    return year_ending - 1


def _published(series: Series, start: int, area: Area, *, per: int = 1, places: int = 2, breakdown="") -> str:
    """A published value as a display string: rates to two places, counts whole."""
    value = series.value(start + 1, area, breakdown)
    if value is None:
        return NOT_HELD
    if isinstance(value, str):
        return mark_text(value)
    return decimal_text(value * per, places)


def _bar(series: Series, year_ending: int, area: Area, per: int) -> tuple[str, float, str] | None:
    value = series.value(year_ending, area)
    if not isinstance(value, Decimal):
        return None
    shown = half_up(value * per, 2)
    return (area.name, float(shown), f"{shown:,.2f}")


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _area_names(series: Series) -> str:
    """ "Rotherham, its region (Yorkshire and the Humber) and England": a region's name may hold an
    "and" of its own."""
    names = [area.name for area in series.local_authorities]
    regions = [area.name for area in series.areas if area.level == "region"]
    if regions:
        names.append(f"{'its region' if len(regions) == 1 else 'its regions'} ({'; '.join(regions)})")
    if any(area.level == "england" for area in series.areas):
        names.append("England")
    return _and(names)


def _source(series: Series) -> str:
    measure = series.measure
    text = f"Source: {measure.get_source_display()}"
    if measure.published_by:
        text += f", published by {measure.published_by}"
    if measure.source == BenchmarkSource.LAIT:
        text += f" (measure {measure.code}"
        if measure.last_updated:
            text += f", last updated {_date(measure.last_updated)}"
        text += ")"
    return text + "."


def _definition(series: Series) -> str:
    measure = series.measure
    if not measure.described:
        return (
            f"{measure.title}: the LAIT data dictionary has not been imported, so what the DfE counts "
            "is not held here. " + _source(series)
        )
    return f"{measure.title}: {measure.description} " + _source(series)


def recorded_years(figures: InclusionFigures) -> list[int]:
    """The academic years the portal has records for: from the first in which any permanent exclusion
    or placement is recorded (or the chosen year, if none is) to the chosen year. A year before the
    partnership recorded anything here reads "Not recorded here", not a rate of nought; a year before
    the five the figures count reads "Not counted here", since records may exist for it."""
    scope = figures.scope
    held = [y for y in figures.years if scope.exclusions_by_year[y].n or scope.ap_by_year[y].n]
    first = min(held, default=figures.academic_year)
    return [y for y in figures.years if y >= first]


def _recorded_cell(figures: InclusionFigures, start: int, recorded: list[int], cell) -> str:
    """The portal's own figure for a year (`cell(start)`), or why it has none."""
    if start in recorded:
        return cell(start)
    return NOT_COUNTED if start < min(figures.years) else NOT_RECORDED


def _exclusions_table(figures: InclusionFigures, cells: Cells, series: Series) -> dict:
    scope = figures.scope
    published = {_start(year) for year in series.years}
    recorded = recorded_years(figures)
    rows = []
    for start in sorted(published | set(recorded)):
        row = [year_label(start)]
        for area in series.areas:
            row.append(_published(series, start, area, per=10) if start in published else NOT_HELD)
        row.append(
            _recorded_cell(
                figures,
                start,
                recorded,
                lambda year: cells.rate(scope.exclusions_by_year[year], scope.pupils_on_roll),
            )
        )
        rows.append(row)
    headers = ["Academic year", *[f"{area.name} (published)" for area in series.areas], HERE]
    return _table(
        "Permanent exclusions per 1,000 pupils on roll: published for the LA, its region and England, "
        "and recorded here for the schools in the inclusion partnerships",
        headers,
        rows,
        list(range(1, len(headers))),
    )


def _suspensions_table(series: Series) -> dict:
    rows = [
        [year_label(_start(year)), *[_published(series, _start(year), area) for area in series.areas]]
        for year in series.years
    ]
    headers = ["Academic year", *[f"{area.name} (published)" for area in series.areas]]
    return _table(
        "Suspensions per 100 pupils on roll (the suspension rate), as published",
        headers,
        rows,
        list(range(1, len(headers))),
    )


def _ap_table(
    figures: InclusionFigures, cells: Cells, la_series: Series | None, school_series: Series | None
):
    held = [s for s in (la_series, school_series) if s is not None]
    las = {area.key: area for s in held for area in s.local_authorities}
    recorded = recorded_years(figures)
    years = {_start(year) for s in held for year in s.years} | set(recorded)
    headers, columns = ["Academic year"], []
    for area in las.values():
        if la_series is not None:
            headers.append(f"{area.name}: arranged and funded by the LA (AP census, published)")
            columns.append((la_series, area))
        if school_series is not None:
            headers.append(f"{area.name}: arranged by schools (school census, published)")
            columns.append((school_series, area))
    headers.append("Pupils with a placement recorded here")
    rows = []
    for start in sorted(years):
        row = [year_label(start)]
        for series, area in columns:
            row.append(_published(series, start, area, places=0))
        row.append(
            _recorded_cell(
                figures,
                start,
                recorded,
                lambda year: cells.count(
                    Tally(figures.scope.ap_by_year[year].pupils, figures.scope.ap_by_year[year].pupils)
                ),
            )
        )
        rows.append(row)
    return _table(
        "Pupils in alternative provision: as published for the LA, and as recorded here",
        headers,
        rows,
        list(range(1, len(headers))),
    )


def _latest(series: Series, *, per: int, unit: str) -> tuple[int, tuple[str, ...], str] | None:
    """The latest year published with a value for the LA, the LAs it is for, and what it was:
    "0.71 permanent exclusions per 1,000 pupils (East Midlands 1.47, England 1.29)" for one LA,
    "Aford had 0.71 and Beeton had 1.51 permanent exclusions per 1,000 pupils (…)" for two."""
    for year in reversed(series.years):
        shown = [(area, _bar(series, year, area, per)) for area in series.areas]
        las = [(area.name, bar[2]) for area, bar in shown if area.level == "la" and bar]
        others = [f"{area.name} {bar[2]}" for area, bar in shown if area.level != "la" and bar]
        if las:
            beside = f" ({', '.join(others)})" if others else ""
            if len(las) == 1:
                return _start(year), (las[0][0],), f"{las[0][1]} {unit}{beside}"
            had = " and ".join(f"{name} had {value}" for name, value in las)
            return _start(year), tuple(name for name, _ in las), f"{had} {unit}{beside}"
    return None


def _latest_sentences(*latest: tuple[int, tuple[str, ...], str] | None) -> list[str]:
    """One sentence per latest year: two measures last published for the same year about the same
    one LA share one ("Aford had 0.71 … and 10.52 …"); with two LAs each measure has its own, so a
    figure is never read as another LA's."""
    sentences = []
    shared: dict[tuple[int, str], list[str]] = {}
    for one in latest:
        if not one:
            continue
        year, las, text = one
        if len(las) == 1:
            shared.setdefault((year, las[0]), []).append(text)
        else:
            sentences.append(f"In {year_label(year)}, the latest year published, {text}.")
    together = [
        f"In {year_label(year)}, the latest year published, {name} had {' and '.join(clauses)}."
        for (year, name), clauses in shared.items()
    ]
    return together + sentences


def benchmarks_section(figures: InclusionFigures, cells: Cells, benchmarks: dict[str, Series]) -> dict:
    """The section, or one saying plainly what is not held."""
    permanent, suspensions = benchmarks.get(PERMANENT), benchmarks.get(SUSPENSIONS)
    la_ap, school_ap = benchmarks.get(AP_CENSUS_PUPILS), benchmarks.get(SCHOOL_CENSUS_AP_PUPILS)
    tables, notes, summary = [], [], []
    chart = None
    if permanent:
        tables.append(_exclusions_table(figures, cells, permanent))
        latest = permanent.years[-1]
        bars = [bar for area in permanent.areas if (bar := _bar(permanent, latest, area, 10))]
        chart = _chart(
            f"Permanent exclusions per 1,000 pupils on roll in {year_label(_start(latest))}, as published",
            bars,
            "per 1,000 pupils",
        )
        notes.append(
            _definition(permanent)
            + " The DfE publishes this rate as a percentage (exclusions per 100 pupils); it is shown here "
            "per 1,000 pupils, as the portal's own rate is."
        )
        notes.append(
            "The rate recorded here counts the permanent exclusions recorded in the portal at the schools "
            "in the inclusion partnerships, against those schools' pupils on roll as the other sections "
            "say; the published rate counts every permanent exclusion from the LA's state-funded schools "
            "against the pupils on roll at the January census. A year with a figure in one column and not "
            "the other is not held there: the imported files end where the DfE's publication did when "
            "they were imported, and the portal's records begin when the partnership began recording here."
        )
    if suspensions:
        tables.append(_suspensions_table(suspensions))
        notes.append(
            _definition(suspensions)
            + " The portal does not record suspensions, so has none to set beside it."
        )
    summary += _latest_sentences(
        permanent and _latest(permanent, per=10, unit="permanent exclusions per 1,000 pupils"),
        suspensions and _latest(suspensions, per=1, unit="suspensions per 100 pupils"),
    )
    if la_ap or school_ap:
        tables.append(_ap_table(figures, cells, la_ap, school_ap))
        notes += [_definition(s) for s in (la_ap, school_ap) if s]
        notes.append(
            "Pupils with a placement recorded here are the distinct pupils with an alternative provision "
            "placement running on any day of the academic year (to the date of these figures), at any "
            "provider and whoever pays, at the schools in the inclusion partnerships. The AP census counts "
            "one day in January and only placements the LA arranges and funds, outside pupil referral "
            "units and AP academies; the school census counts placements schools arranged. So the three "
            "counts are not the same thing, and none is a subset of another."
        )
    if not tables:
        summary = [
            "No published figures for the LA's exclusions, suspensions or alternative provision are held "
            "in the portal, so the figures recorded here stand alone."
        ]
    else:
        names = _area_names(permanent or suspensions or la_ap or school_ap)
        summary.append(f"Published figures are for {names}, for every year held.")
    section = _section(
        "benchmarks", "Beside England and the region", " ".join(s for s in summary if s), tables, chart
    )
    section["notes"] = notes
    return section
