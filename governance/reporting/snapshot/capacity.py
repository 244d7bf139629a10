"""System leaders' capacity: days available and committed, by designation, as the leaders' records
stood at the day the figures are counted (the term's last day for a past term)."""

from __future__ import annotations

from decimal import Decimal

from partnership.figures import Section, chart, decimal_text, number, percent, percent_value, section, table
from schools.models.leaders import Designation
from schools.selectors.figures import capacity_by_designation

from .period import Period
from .wording import day_text


def capacity_section(partnership, period: Period, term: str = "the term") -> Section:
    """`term` names the term the days are for (a leader's capacity and commitments are termly): the
    one the figures are counted in, which for a year is its last."""
    labels = dict(Designation.choices)
    rows_by = capacity_by_designation(partnership, period.cut)
    leaders = sum(r["leaders"] for r in rows_by)
    capacity = sum((r["capacity"] or Decimal(0) for r in rows_by), Decimal(0))
    committed = sum((r["committed"] or Decimal(0) for r in rows_by), Decimal(0))
    rows = [
        [
            labels[r["designation"]],
            number(r["leaders"]),
            decimal_text(r["capacity"], 1),
            decimal_text(r["committed"], 1),
            percent(r["committed"] or 0, r["capacity"] or 0),
        ]
        for r in rows_by
    ]
    used = percent(committed, capacity)
    if leaders:
        rows.append(
            [
                "All system leaders",
                number(leaders),
                decimal_text(capacity, 1),
                decimal_text(committed, 1),
                used,
            ]
        )
        summary = (
            f"At {day_text(period.cut)}, {number(leaders)} system leader{'s' if leaders != 1 else ''} "
            f"available for support had {decimal_text(capacity, 1)} days of capacity for {term}, of "
            f"which {decimal_text(committed, 1)} days ({used}) were committed."
        )
    else:
        summary = f"No system leaders were available for support at {day_text(period.cut)}."
    tables = [
        table(
            f"System leaders' capacity for {term}, at {day_text(period.cut)}",
            ["Designation", "Leaders", "Capacity (days)", "Committed (days)", "Used"],
            rows,
            [1, 2, 3, 4],
        )
    ]
    pairs = [
        (
            labels[r["designation"]],
            percent_value(r["committed"] or 0, r["capacity"] or 0) or 0,
            percent(r["committed"] or 0, r["capacity"] or 0),
        )
        for r in rows_by
    ]
    return section(
        "capacity",
        "System leaders' capacity",
        summary,
        tables,
        chart("Capacity used by designation", pairs, "%"),
    )
