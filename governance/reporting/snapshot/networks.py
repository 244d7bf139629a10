"""Networks: each network's schools, the share good or outstanding, and its open support cases."""

from __future__ import annotations

from partnership.figures import Section, chart, number, percent, percent_value, section, table
from schools.selectors.figures import network_grades, network_members
from support.selectors.figures import open_cases_by_network

from .audience import Cells
from .inspections import GOOD_OR_BETTER, GRADE_ORDER
from .period import Period
from .wording import day_text


def networks_section(partnership, period: Period, cells: Cells) -> Section:
    members = network_members(partnership, period.cut)
    networks: dict[int, dict] = {}
    for row in network_grades(members, period.cut):
        entry = networks.setdefault(
            row["network_id"], {"name": row["network__name"], "schools": 0, "good": 0, "graded": 0}
        )
        entry["schools"] += row["schools"]
        if row["grade"] in GOOD_OR_BETTER:
            entry["good"] += row["schools"]
        if row["grade"] in GRADE_ORDER:
            entry["graded"] += row["schools"]
    cases = open_cases_by_network(members, partnership, period.cut)
    # The networks' open cases add up to (at most) the open cases by status: a hidden network's
    # never stands alone.
    open_cells = cells.parts(
        {
            network_id: (
                cases.get(network_id, {"cases": 0})["cases"],
                cases.get(network_id, {"schools": 0})["schools"],
            )
            for network_id in networks
        }
    )
    rows, pairs = [], []
    for network_id, entry in sorted(networks.items(), key=lambda item: item[1]["name"]):
        good_pct = percent_value(entry["good"], entry["graded"])
        good_text = percent(entry["good"], entry["graded"])
        rows.append(
            [
                entry["name"],
                number(entry["schools"]),
                good_text,
                open_cells[network_id],
            ]
        )
        if good_pct is not None:
            pairs.append((entry["name"], good_pct, good_text))
    if rows:
        summary = (
            f"{len(rows):,} network{'s' if len(rows) != 1 else ''} with schools at {day_text(period.cut)}. "
            "Good or outstanding is the share of each network's schools with an overall effectiveness grade."
        )
    else:
        summary = "The partnership has no networks with schools in them."
    tables = [
        table(
            "Networks",
            ["Network", "Schools", "Good or outstanding", "Open support cases"],
            rows,
            [1, 2, 3],
        )
    ]
    return section(
        "networks", "Networks", summary, tables, chart("Good or outstanding schools by network", pairs, "%")
    )
