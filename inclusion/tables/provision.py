"""The sections about alternative provision: placements and what they cost, how they ended and the
reintegration rate, and spending against each partnership's allocation."""

from __future__ import annotations

from decimal import Decimal

from inclusion.models import FundingSource, PlacementOutcome, SpendCategory
from inclusion.selectors.figures import (
    NO_OUTCOME,
    InclusionFigures,
    ScopeFigures,
    Tally,
)
from inclusion.selectors.funding import spent_share
from inclusion.tables.cells import Cells, _chart, _date, _days, _plural, _weeks
from partnership import figures as shared
from partnership.figures import NO_FIGURE, NOT_SHOWN
from partnership.figures import money as _money
from partnership.figures import number as _n
from partnership.figures import section as _section
from partnership.figures import table as _table

FUNDING_LABELS = dict(FundingSource.choices)

OUTCOME_LABELS = {**dict(PlacementOutcome.choices), NO_OUTCOME: "Outcome not recorded"}


def _provision(figures: InclusionFigures, scope: ScopeFigures, cells: Cells, period: str) -> dict:
    current, started, ended = scope.ap_current, scope.ap_started, scope.ap_ended
    rows = [
        [f"Placements at {_date(figures.cut)}", cells.count(current)],
        [
            "Days a week of those placements, added up",
            NOT_SHOWN if cells.hidden(current) else _days(scope.ap_current_days),
        ],
        ["Placements started", cells.count(started)],
        ["Cost of the placements started", cells.money(scope.ap_started_cost, started)],
        ["Placements ended", cells.count(ended)],
        [
            "Average length of the placements ended (weeks)",
            NOT_SHOWN if cells.hidden(ended) else _weeks(scope),
        ],
    ]
    funding_rows, pairs = [], []
    funding = {source: scope.ap_by_funding.get(source, (Tally(), Decimal(0))) for source in FUNDING_LABELS}
    # The total's count and cost are shown above: one more source is hidden where one is small.
    withheld = cells.withheld({source: tally for source, (tally, _) in funding.items()}, started)
    for source, label in FUNDING_LABELS.items():
        tally, cost = funding[source]
        if source in withheld:
            funding_rows.append([label, cells.part(tally, True), NOT_SHOWN])
            continue
        funding_rows.append([label, cells.count(tally), cells.money(cost, tally)])
        if tally.n:
            pairs.append((label, tally.n))
    if cells.hidden(current):
        summary = f"Fewer than {cells.minimum} pupils were in alternative provision at {_date(figures.cut)}."
    else:
        summary = (
            f"{_n(current.n)} alternative provision {_plural(current.n, 'placement was', 'placements were')} "
            f"running at {_date(figures.cut)}."
        )
    if cells.hidden(started):
        summary += f" Fewer than {cells.minimum} placements started in {period}."
    else:
        summary += (
            f" {_n(started.n)} {_plural(started.n, 'placement', 'placements')} started in {period}, costing "
            f"{_money(scope.ap_started_cost)}."
        )
    tables = [
        _table(f"Alternative provision placements in {period}", ["", "Figure"], rows, [1]),
        _table(
            f"Placements started in {period}, by who pays",
            ["Funding", "Placements", "Cost"],
            funding_rows,
            [1, 2],
        ),
    ]
    chart = _chart("Placements started, by who pays", pairs, "placements")
    return _section("provision", "Alternative provision", summary, tables, chart)


def _outcomes_withheld(scope: ScopeFigures, cells: Cells) -> set[str]:
    """How the placements ended, the outcomes not shown: the small ones, and one more beside the
    placements ended."""
    outcomes = {outcome: scope.ap_by_outcome.get(outcome, Tally()) for outcome in OUTCOME_LABELS}
    return cells.withheld(outcomes, scope.ap_ended)


def _reintegration_rate(scope: ScopeFigures, cells: Cells) -> str:
    if PlacementOutcome.REINTEGRATED in _outcomes_withheld(scope, cells):
        return NOT_SHOWN
    reintegrated = scope.ap_by_outcome.get(PlacementOutcome.REINTEGRATED, Tally())
    return cells.pct(reintegrated, scope.ap_ended)


def _reintegration(scope: ScopeFigures, cells: Cells, period: str) -> dict:
    ended = scope.ap_ended
    rows, pairs = [], []
    withheld = _outcomes_withheld(scope, cells)
    for outcome, label in OUTCOME_LABELS.items():
        tally = scope.ap_by_outcome.get(outcome, Tally())
        if outcome == NO_OUTCOME and not tally.n:
            continue
        if outcome in withheld:
            rows.append([label, cells.part(tally, True), NOT_SHOWN])
            continue
        rows.append([label, cells.count(tally), cells.pct(tally, ended)])
        if tally.n:
            pairs.append((label, tally.n))
    reintegrated = scope.ap_by_outcome.get(PlacementOutcome.REINTEGRATED, Tally())
    rate = _reintegration_rate(scope, cells)
    rows.append(["All placements ended", cells.count(ended), ""])
    if not ended.n:
        summary = f"No alternative provision placements ended in {period}."
    elif cells.hidden(reintegrated, ended):
        summary = (
            f"The reintegration rate for {period} is not shown, because it rests on fewer than "
            f"{cells.minimum} pupils."
        )
    elif rate == NOT_SHOWN:
        summary = (
            f"The reintegration rate for {period} is not shown, because with the other outcomes it "
            f"would give away a number of fewer than {cells.minimum} pupils."
        )
    else:
        summary = (
            f"Of the {_n(ended.n)} {_plural(ended.n, 'placement', 'placements')} that ended in {period}, "
            f"{_n(reintegrated.n)} ended with the pupil back in mainstream school: a reintegration rate of {rate}."
        )
    tables = [_table(f"How placements ended in {period}", ["Outcome", "Placements", "Share"], rows, [1, 2])]
    chart = _chart("How placements ended", pairs, "placements")
    return _section("reintegration", "Reintegration", summary, tables, chart)


CATEGORY_LABELS = dict(SpendCategory.choices)


def financial_year_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def _spend(figures: InclusionFigures, scope: ScopeFigures) -> dict:
    """The partnerships' accounts: money, not pupils, so nothing here is hidden."""
    rows = []
    for year in figures.financial_years:
        allocation = scope.allocation_by_year.get(year)
        spent = sum(scope.spend_by_year.get(year, {}).values(), Decimal(0))
        if allocation is None:
            rows.append([financial_year_label(year), "None set", _money(spent), NO_FIGURE, NO_FIGURE])
            continue
        left = (
            _money(allocation - spent)
            if spent <= allocation
            else f"Overspent by {_money(spent - allocation)}"
        )
        rows.append(
            [
                financial_year_label(year),
                _money(allocation),
                _money(spent),
                left,
                spent_share(spent, allocation),
            ]
        )
    year = figures.financial_year
    by_category = scope.spend_by_year.get(year, {})
    allocation = scope.allocation_by_year.get(year)
    category_rows, pairs = [], []
    for category, label in CATEGORY_LABELS.items():
        amount = by_category.get(category, Decimal(0))
        share = shared.percent(amount, allocation)
        category_rows.append([label, _money(amount), share])
        if amount:
            pairs.append((label, float(amount)))
    spent = sum(by_category.values(), Decimal(0))
    if allocation is None:
        summary = (
            f"No allocation is set for {financial_year_label(year)}; {_money(spent)} of spending is recorded."
        )
    else:
        share = f" ({spent_share(spent, allocation)})" if allocation else ""
        summary = (
            f"In {financial_year_label(year)}, {_money(spent)} of the {_money(allocation)} allocated had been "
            f"spent{share}"
        )
        if spent > allocation:
            summary += f", overspent by {_money(spent - allocation)}"
        if by_category:
            biggest = max(by_category, key=lambda key: by_category[key])
            summary += f", the most on {CATEGORY_LABELS[biggest].lower()}."
        else:
            summary += "."
    tables = [
        _table(
            "Allocation and spending by financial year",
            ["Financial year", "Allocation", "Spent", "Left", "Spent (%)"],
            rows,
            [1, 2, 3, 4],
        ),
        _table(
            f"What the money was spent on, {financial_year_label(year)}",
            ["Spent on", "Amount", "Share of the allocation"],
            category_rows,
            [1, 2],
        ),
    ]
    chart = _chart(f"Spending by category, {financial_year_label(year)}", pairs, "£")
    return _section("spend", "Spend against allocation", summary, tables, chart)
