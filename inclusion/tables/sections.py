"""The inclusion figures as the dashboard shows them and as the termly report prints them."""

from __future__ import annotations

from inclusion.selectors.figures import (
    InclusionFigures,
)
from inclusion.tables.benchmarks import benchmarks_section
from inclusion.tables.cells import Cells, Reader
from inclusion.tables.comparison import _compared
from inclusion.tables.provision import _provision, _reintegration, _spend
from inclusion.tables.pupils import _at_risk, _consultations, _exclusions, _time_out
from partnership.figures import section as _section


def dashboard_sections(
    figures: InclusionFigures, reader: Reader, *, period: str, benchmarks: dict | None = None
) -> list[dict]:
    """The dashboard's sections for one reader: the comparison first, and, for the county, the
    published figures beside it last (when `benchmarks` are given, from
    schools.selectors.benchmarks)."""
    scope = figures.scope
    cells = Cells(reader, reader.exact(scope, [area.area_id for area in figures.areas]))
    sections = [
        _exclusions(figures, scope, cells, period),
        _consultations(scope, cells, period),
        _at_risk(figures, scope, cells, period),
        _time_out(scope, cells, period),
        _provision(figures, scope, cells, period),
        _reintegration(scope, cells, period),
        _spend(figures, scope),
    ]
    if figures.is_county and figures.areas:
        sections.insert(0, _compared(figures, reader, period))
    if figures.is_county and benchmarks is not None:
        sections.append(benchmarks_section(figures, cells, benchmarks))
    return sections


SUPPRESSION_NOTE = (
    "A number of fewer than {n} pupils (but more than none) is shown as “Fewer than {n}”, and a rate, "
    "share, cost or number of days built on one is not shown, so that no child can be identified. "
    "Where such a number is one of the parts of a total shown beside it, one more is not shown, so "
    "that it cannot be worked out by taking the others from the total."
)


def report_section(figures: InclusionFigures, *, period: str, benchmarks: dict | None = None) -> dict:
    """One section for the termly report, which is published: every small number hidden, whoever
    reads it."""
    reader = Reader(frozenset())
    parts = dashboard_sections(figures, reader, period=period, benchmarks=benchmarks)
    by_key = {part["key"]: part for part in parts}
    summary = " ".join(
        by_key[key]["summary"]
        for key in ("exclusions", "consultations", "at_risk", "provision", "reintegration", "spend")
    )
    if "benchmarks" in by_key:
        summary += " " + by_key["benchmarks"]["summary"]
    summary += " " + SUPPRESSION_NOTE.format(n=reader.minimum)
    tables = [table for part in parts for table in part["tables"]]
    chart = by_key["compared"]["chart"] if "compared" in by_key else by_key["exclusions"]["chart"]
    section = _section("inclusion", "Inclusion partnerships", summary, tables, chart)
    if by_key.get("benchmarks", {}).get("notes"):
        section["notes"] = by_key["benchmarks"]["notes"]
    return section
