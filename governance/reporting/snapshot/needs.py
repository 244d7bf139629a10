"""Schools that may need support: open needs flags, and whether the flagged schools have an open
support case, counted over every school the partnership covers (decision 0017)."""

from __future__ import annotations

from partnership.figures import Section, chart, number, section, table
from schools.models.needs import TriggerKind
from schools.selectors.figures import flagged_schools_by_kind, open_flags
from support.selectors.figures import flagged_schools_with_open_case

from .audience import Cells
from .period import Period
from .wording import day_text


def needs_section(partnership, period: Period, cells: Cells, covered: int, covered_ids) -> Section:
    # Only the schools the partnership covers: a flag left open at a school that has since closed is
    # not one of "the partnership's open state-funded schools".
    flags = open_flags(partnership, period.cut).filter(school__in=covered_ids)
    by_kind = flagged_schools_by_kind(flags)
    totals = flagged_schools_with_open_case(flags, partnership, period.cut)
    flagged, with_case = totals["schools"], totals["with_case"]
    without = flagged - with_case
    out_of = f"of the partnership's {number(covered)} open state-funded schools"
    parts = {"with": (with_case, with_case), "without": (without, without)}
    split, withheld = cells.parts(parts), cells.withheld(parts)
    if cells.hidden(flagged):
        summary = (
            f"{cells.fewer} {out_of} were flagged as possibly needing support at {day_text(period.cut)}."
        )
    else:
        summary = (
            f"{number(flagged)} {out_of} {'was' if flagged == 1 else 'were'} flagged as possibly needing "
            f"support at {day_text(period.cut)}"
        )
        if not flagged:
            summary += "."
        elif "with" not in withheld:
            summary += f", and {split['with']} of them had an open support case."
        else:
            summary += ". How many of them had an open support case is not shown: too few schools."
    # A school can have several triggers, but the flagged total less the triggers shown still bounds
    # a hidden one (exactly, with one trigger shown): a hidden trigger never stands alone.
    kinds = sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
    trigger_cells = cells.parts({kind: (count, count) for kind, count in kinds})
    rows = [[TriggerKind(kind).label, trigger_cells[kind]] for kind, _ in kinds]
    tables = [
        table(
            f"Schools flagged as possibly needing support, {out_of}",
            ["", "Schools"],
            [
                ["Flagged", cells.count(flagged, flagged)],
                ["Flagged, with an open support case", split["with"]],
                ["Flagged, without an open support case", split["without"]],
            ],
            [1],
            adds_up={"total": 0, "parts": [1, 2]},
        ),
        table("Flags by trigger (a school can have several)", ["Trigger", "Schools"], rows, [1]),
    ]
    pairs = [
        (label, value)
        for key, label, value in (
            ("with", "With an open case", with_case),
            ("without", "Without an open case", without),
        )
        if key not in withheld
    ]
    drawn = (
        None
        if cells.hidden(flagged) or not flagged
        else chart("Flagged schools and open cases", pairs, "schools")
    )
    return section("needs", "Schools that may need support", summary, tables, drawn)
