"""Schools that may need support: open needs flags, and whether the flagged schools have an open
support case."""

from __future__ import annotations

from partnership.figures import Section, chart, section, table
from partnership.models import DataCategory
from schools.models.needs import TriggerKind
from schools.selectors.figures import flagged_schools_by_kind, open_flags
from support.selectors.figures import flagged_schools_with_open_case

from .audience import Cells
from .period import Period
from .wording import day_text, schools_text


def needs_section(partnership, period: Period, cells: Cells, consent) -> Section:
    needs_ids, support_ids = consent[DataCategory.NEEDS], consent[DataCategory.SUPPORT]
    flags = open_flags(partnership, period.cut, needs_ids)
    by_kind = flagged_schools_by_kind(flags)
    # Whether a flagged school has an open case combines two kinds of data, so for the board it is
    # worked out only over schools whose consent covers both needs flags and support casework: a
    # school sharing only its flags would otherwise be counted "without an open support case" even
    # when it has one.
    totals = flagged_schools_with_open_case(flags, partnership, period.cut, support_ids)
    flagged, with_case, combined = totals["schools"], totals["with_case"], totals["both"]
    rows = [
        [TriggerKind(kind).label, cells.count(count, count)]
        for kind, count in sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
    ]
    if cells.hidden(flagged):
        summary = f"{cells.fewer} were flagged as possibly needing support."
    else:
        summary = (
            f"{schools_text(flagged).capitalize()} {'was' if flagged == 1 else 'were'} flagged as possibly "
            f"needing support at {day_text(period.cut)}"
        )
        if not flagged:
            summary += "."
        elif support_ids is None:
            summary += f", and {cells.count(with_case, with_case).lower()} of them had an open support case."
        else:
            summary += (
                f". Of the {cells.count(combined, combined).lower()} of them whose consent also covers "
                f"their support casework, {cells.count(with_case, with_case).lower()} had an open support case."
            )
    if needs_ids is not None:
        summary += (
            " Built only from schools whose consent to the data-sharing agreement covers their needs "
            "flags; whether a flagged school has an open case is counted only for schools whose consent "
            "covers both their needs flags and their support casework." + cells.note
        )
    without = combined - with_case
    if support_ids is None:
        split = [
            ["Flagged, with an open support case", cells.count(with_case, with_case)],
            ["Flagged, without an open support case", cells.count(without, without)],
        ]
    else:
        split = [
            ["Flagged, consent also covers support casework", cells.count(combined, combined)],
            ["Of those, with an open support case", cells.count(with_case, with_case)],
            ["Of those, without an open support case", cells.count(without, without)],
        ]
    tables = [
        table(
            "Schools flagged as possibly needing support",
            ["", "Schools"],
            [["Flagged", cells.count(flagged, flagged)], *split],
            [1],
        ),
        table("Flags by trigger (a school can have several)", ["Trigger", "Schools"], rows, [1]),
    ]
    pairs = [
        (label, value)
        for label, value in (("With an open case", with_case), ("Without an open case", without))
        if not cells.hidden(value)
    ]
    drawn = (
        None
        if cells.hidden(flagged) or not flagged
        else chart("Flagged schools and open cases", pairs, "schools")
    )
    return section("needs", "Schools that may need support", summary, tables, drawn)
