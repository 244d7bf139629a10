"""The side-by-side comparison of every inclusion partnership in the partnership."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from inclusion.selectors.figures import (
    InclusionFigures,
    ScopeFigures,
    Tally,
)
from inclusion.selectors.funding import spent_share
from inclusion.tables.cells import Cells, Reader, _chart, _date
from inclusion.tables.provision import _reintegration_rate, financial_year_label
from inclusion.tables.pupils import _schools, _split_withheld
from partnership.disclosure import also_hidden
from partnership.figures import NOT_SHOWN
from partnership.figures import money as _money
from partnership.figures import number as _n
from partnership.figures import section as _section
from partnership.figures import table as _table


def _compared_rolls(areas: list[ScopeFigures]) -> str:
    """Where each area's pupils on roll came from, in short."""
    notes = []
    for area in areas:
        if area.schools_estimated or area.schools_without_numbers:
            note = f"{area.name}, {_n(area.schools_estimated)} of {_schools(area.schools)} estimated"
            if area.schools_without_numbers:
                note += f" and {_n(area.schools_without_numbers)} not known, left out"
            notes.append(note)
    if not notes:
        return "Pupils on roll are the school register's numbers for every school."
    return (
        "Pupils on roll are the school register's numbers where it holds one, and otherwise estimated as "
        f"five times the school's latest Year 11 cohort ({'; '.join(notes)})."
    )


class _Areas:
    """The areas beside the county, for one reader: which area's figure in a column is not shown.

    The county's total is shown beside the areas, so where one area's figure is hidden, the
    smallest area still shown is hidden too, unless the reader sees it exactly anyway."""

    def __init__(self, figures: InclusionFigures, reader: Reader):
        area_ids = [area.area_id for area in figures.areas]
        self.areas, self.county = figures.areas, figures.scope
        self.cells = {scope.area_id: Cells(reader, reader.exact(scope, area_ids)) for scope in self.areas}
        self.county_cells = Cells(reader, reader.exact(self.county, area_ids))
        self.known = {area_id for area_id, cells in self.cells.items() if cells.exact}

    def withheld(
        self,
        number: Callable[[ScopeFigures], int],
        hidden: Callable[[ScopeFigures, Cells], bool],
        total_shown: bool,
    ) -> set[int]:
        """`number(scope)` is an area's part of the county's total and `hidden(scope, cells)` says
        whether the area's figure is hidden on its own."""
        small = {area.area_id for area in self.areas if hidden(area, self.cells[area.area_id])}
        numbers = {area.area_id: number(area) for area in self.areas}
        return small | also_hidden(numbers, small, total_shown=total_shown, known=self.known)

    def counted(self, tally_of: Callable[[ScopeFigures], Tally]) -> set[int]:
        """A column counting pupils' records: an area's count hidden where it is small."""
        return self.withheld(
            lambda area: tally_of(area).n,
            lambda area, cells: cells.hidden(tally_of(area)),
            not self.county_cells.hidden(tally_of(self.county)),
        )


def _compared(figures: InclusionFigures, reader: Reader, period: str) -> dict:
    """Each inclusion partnership beside the others, and all of them together."""
    areas = _Areas(figures, reader)
    excluded = areas.counted(lambda scope: scope.exclusions)
    referred = areas.counted(lambda scope: scope.referrals_open)
    placed = areas.counted(lambda scope: scope.ap_current)
    costed = areas.counted(lambda scope: scope.ap_started)  # the cost rests on the placements started

    def share_hidden(scope: ScopeFigures, cells: Cells) -> bool:
        # With the exclusions shown, the share gives back the number without a consultation.
        return (
            bool(_split_withheld(scope, cells))
            or cells.hidden(scope.flagged, scope.exclusions)
            or scope.area_id in excluded
        )

    # Each area's share without a consultation against the county's count of them.
    unconsulted = areas.withheld(
        lambda scope: scope.flagged.n,
        share_hidden,
        "flagged" not in _split_withheld(areas.county, areas.county_cells),
    )
    people_rows, provision_rows, pairs = [], [], []
    year = figures.financial_year
    for scope in [*figures.areas, figures.scope]:
        total = scope.area_id is None
        cells = areas.county_cells if total else areas.cells[scope.area_id]
        name = "All partnerships" if total else scope.name
        if scope.area_id in excluded:
            count, rate, rate_value = cells.part(scope.exclusions, True), NOT_SHOWN, None
        else:
            count = cells.count(scope.exclusions)
            rate = cells.rate(scope.exclusions, scope.pupils_on_roll)
            rate_value = cells.rate_value(scope.exclusions, scope.pupils_on_roll)
        if total:
            share = NOT_SHOWN if _split_withheld(scope, cells) else cells.pct(scope.flagged, scope.exclusions)
        else:
            share = NOT_SHOWN if scope.area_id in unconsulted else cells.pct(scope.flagged, scope.exclusions)
        people_rows.append(
            [
                name,
                _n(scope.schools),
                _n(scope.pupils_on_roll),
                count,
                rate,
                share,
                cells.part(scope.referrals_open, scope.area_id in referred),
            ]
        )
        allocation = scope.allocation_by_year.get(year)
        spent = sum(scope.spend_by_year.get(year, {}).values(), Decimal(0))
        provision_rows.append(
            [
                name,
                cells.part(scope.ap_current, scope.area_id in placed),
                NOT_SHOWN
                if scope.area_id in costed
                else cells.money(scope.ap_started_cost, scope.ap_started),
                _reintegration_rate(scope, cells),
                _money(allocation) if allocation is not None else "None set",
                spent_share(spent, allocation),
            ]
        )
        if not total and rate_value is not None:
            pairs.append((name, rate_value, rate))
    if len(figures.areas) == 1:
        summary = "There is one inclusion partnership."
    else:
        summary = (
            f"The {_n(len(figures.areas))} inclusion partnerships side by side for {period}, so that each "
            "area's exclusions, referrals, alternative provision and spending can be compared."
        )
    summary += " " + _compared_rolls(figures.areas)
    tables = [
        _table(
            f"Exclusions and referrals by partnership in {period}",
            [
                "Inclusion partnership",
                "Schools",
                "Pupils on roll",
                "Permanent exclusions",
                "Per 1,000 pupils",
                "Without a consultation",
                f"Pupils with an open referral at {_date(figures.cut)}",
            ],
            people_rows,
            [1, 2, 3, 4, 5, 6],
        ),
        _table(
            f"Alternative provision and money by partnership in {period}",
            [
                "Inclusion partnership",
                f"AP placements at {_date(figures.cut)}",
                "Cost of placements started",
                "Reintegration rate",
                f"Allocation, {financial_year_label(year)}",
                "Allocation spent",
            ],
            provision_rows,
            [1, 2, 3, 4, 5],
        ),
    ]
    chart = _chart("Permanent exclusions per 1,000 pupils on roll, by partnership", pairs, "per 1,000 pupils")
    return _section("compared", "The partnerships compared", summary, tables, chart)
