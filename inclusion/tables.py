"""The inclusion partnerships' figures as sections of tables, a chart and a sentence (decision 0021).

The sections have the shape of the termly snapshot's (governance.reporting, decision 0017), so that
the inclusion dashboard and the termly report draw them with the same chart and table partials.
Every cell is a display string, worked out here for one reader. The sections, tables and charts are
the shared ones of partnership.figures, and every percentage and rate is written by its one rule
(decision 0022).

Small numbers: a count resting on more than none but fewer than SMALL_PUPIL_COUNT_MIN pupils reads
"Fewer than 5", and every rate, percentage, sum of days or cost built on such a count reads "Not
shown", unless the reader may see those pupils' records anyway (an LA inclusion officer, or the
partnership's own staff and chair, for their own partnership). A hidden figure is left out of the
chart too, since a bar would give it away.

Where a total is shown beside its parts (the plans of the open referrals, who pays for the
placements, how they ended, each partnership beside all of them), hiding a small part is not enough:
the total less the shown parts would give it back. So one more part is hidden, with everything
built on it, and reads "Not shown" (partnership.disclosure.also_hidden): secondary suppression.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal

from inclusion.models import FundingSource, PlacementOutcome, PlanType, SpendCategory
from partnership import figures as shared
from partnership.disclosure import also_hidden, pupil_threshold
from partnership.figures import NO_FIGURE, NOT_SHOWN, Bar, Chart
from partnership.figures import money as _money
from partnership.figures import number as _n
from partnership.figures import section as _section
from partnership.figures import table as _table

from .selectors.figures import (
    NO_OUTCOME,
    NO_PLAN,
    InclusionFigures,
    ScopeFigures,
    Tally,
    academic_year_span,
)


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


def _days(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _chart(title: str, pairs: list[Bar], unit: str) -> Chart | None:
    """None when there is nothing to draw: no bars, or every bar at nought."""
    return shared.chart(title, pairs, unit, none_if_all_nought=True)


class Reader:
    """Which figures one reader sees exactly.

    `exact_areas` is None for a reader who sees every figure exactly (an LA inclusion officer), or
    the ids of the inclusion partnerships whose pupils they may see anyway (their staff and chair).
    A total over several partnerships is exact only if every one of them is."""

    def __init__(self, exact_areas: frozenset[int] | None = frozenset()):
        self.exact_areas = exact_areas
        self.minimum = pupil_threshold()

    def exact(self, scope: ScopeFigures, area_ids: list[int]) -> bool:
        if self.exact_areas is None:
            return True
        if scope.area_id is None:
            return bool(area_ids) and set(area_ids) <= self.exact_areas
        return scope.area_id in self.exact_areas

    @property
    def sees_every_figure(self) -> bool:
        return self.exact_areas is None


class Cells:
    """Display strings for one scope, for one reader."""

    def __init__(self, reader: Reader, exact: bool):
        self.exact = exact
        self.minimum = reader.minimum

    def hidden(self, *tallies: Tally) -> bool:
        return not self.exact and any(0 < t.pupils < self.minimum for t in tallies)

    def count(self, tally: Tally) -> str:
        return shared.fewer_than(self.minimum) if self.hidden(tally) else _n(tally.n)

    def pct(self, part: Tally, whole: Tally) -> str:
        if self.hidden(part, whole):
            return NOT_SHOWN
        return shared.percent(part.n, whole.n)

    def pct_value(self, part: Tally, whole: Tally) -> int | None:
        if self.hidden(part, whole) or not whole.n:
            return None
        return shared.percent_value(part.n, whole.n)

    def money(self, amount: Decimal, *tallies: Tally) -> str:
        return NOT_SHOWN if self.hidden(*tallies) else _money(amount)

    def rate(self, tally: Tally, pupils_on_roll: int) -> str:
        return NOT_SHOWN if self.hidden(tally) else shared.rate(tally.n, pupils_on_roll)

    def rate_value(self, tally: Tally, pupils_on_roll: int) -> float | None:
        if self.hidden(tally) or not pupils_on_roll:
            return None
        return shared.rate_value(tally.n, pupils_on_roll)

    def lower(self, tally: Tally) -> str:
        return self.count(tally).lower() if self.hidden(tally) else self.count(tally)

    def withheld(self, parts: Mapping[str, Tally], total: Tally) -> set[str]:
        """The parts of a total not shown to this reader: the small ones, and one more where the
        total is shown, so that the total less the shown parts gives back no small part."""
        small = {key for key, tally in parts.items() if self.hidden(tally)}
        numbers = {key: tally.n for key, tally in parts.items()}
        return small | also_hidden(numbers, small, total_shown=not self.hidden(total))

    def part(self, tally: Tally, withheld: bool) -> str:
        """A part's count: "Fewer than 5" when it is small, "Not shown" when it is hidden only so
        that a small one cannot be worked out."""
        if withheld and not self.hidden(tally):
            return NOT_SHOWN
        return self.count(tally)


def _weeks(scope: ScopeFigures) -> str:
    if not scope.ap_ended.n:
        return NO_FIGURE
    return shared.decimal_text(Decimal(scope.ap_ended_days) / scope.ap_ended.n / 7, 1)


# --- The sections -------------------------------------------------------------------------------


def _exclusions(figures: InclusionFigures, scope: ScopeFigures, cells: Cells, period: str) -> dict:
    rows, pairs = [], []
    for year in figures.years:
        tally = scope.exclusions_by_year[year]
        label = year_label(year)
        if academic_year_span(year)[1] > figures.cut:
            label += " (so far)"
        rows.append([label, cells.count(tally), cells.rate(tally, scope.pupils_on_roll)])
        value = cells.rate_value(tally, scope.pupils_on_roll)
        if value is not None:
            pairs.append((label, value, cells.rate(tally, scope.pupils_on_roll)))
    exclusions = scope.exclusions
    if cells.hidden(exclusions):
        summary = f"There were fewer than {cells.minimum} permanent exclusions in {period}."
    else:
        summary = (
            f"There {_plural(exclusions.n, 'was', 'were')} {_n(exclusions.n)} permanent "
            f"{_plural(exclusions.n, 'exclusion', 'exclusions')} in {period}"
        )
        rate = cells.rate(exclusions, scope.pupils_on_roll)
        summary += f", {rate} per 1,000 pupils on roll." if rate not in (NO_FIGURE, NOT_SHOWN) else "."
    summary += " " + denominator_sentence(scope, figures.cut)
    tables = [
        _table(
            "Permanent exclusions by academic year (September to August)",
            ["Academic year", "Permanent exclusions", "Per 1,000 pupils on roll"],
            rows,
            [1, 2],
        )
    ]
    chart = _chart(
        "Permanent exclusions per 1,000 pupils on roll, by academic year", pairs, "per 1,000 pupils"
    )
    return _section("exclusions", "Permanent exclusions", summary, tables, chart)


def _schools(count: int) -> str:
    return f"{_n(count)} {_plural(count, 'school', 'schools')}"


def roll_sources(scope: ScopeFigures) -> str:
    """How the pupils on roll were found: "from the school register for 3 schools; estimated for 9
    schools as five times their latest Year 11 cohort, ..."."""
    parts = []
    if scope.schools_from_register:
        parts.append(f"from the school register for {_schools(scope.schools_from_register)}")
    estimated = scope.schools_estimated
    if estimated:
        parts.append(
            f"estimated for {_schools(estimated)} as five times {_plural(estimated, 'its', 'their')} latest "
            f"Year 11 cohort, because the register holds no number for {_plural(estimated, 'it', 'them')}"
        )
    unknown = scope.schools_without_numbers
    if unknown:
        parts.append(
            f"not known for {_schools(unknown)}, which {_plural(unknown, 'is', 'are')} left out, because the "
            f"register holds no number for {_plural(unknown, 'it', 'them')} and the performance tables no key "
            "stage 4 cohort"
        )
    return "; ".join(parts)


def denominator_sentence(scope: ScopeFigures, cut: dt.date) -> str:
    if not scope.schools:
        return (
            f"There were no member schools at {_date(cut)}, so there are no pupils on roll to count against."
        )
    return (
        f"Pupils on roll at the {_n(scope.schools)} member {_plural(scope.schools, 'school', 'schools')} on "
        f"{_date(cut)}: "
        f"{_n(scope.pupils_on_roll)} ({roll_sources(scope)}). The same numbers are used for every year, "
        "since the portal holds no earlier census."
    )


def _split_withheld(scope: ScopeFigures, cells: Cells) -> set[str]:
    """The two parts of the exclusions, with and without a consultation, that are not shown: when
    one is hidden, so is the other, since the exclusions less the one would give the other away."""
    return cells.withheld({"consulted": scope.consulted, "flagged": scope.flagged}, scope.exclusions)


def _consultations(scope: ScopeFigures, cells: Cells, period: str) -> dict:
    withheld = _split_withheld(scope, cells)
    split_hidden = bool(withheld)
    consulted = cells.part(scope.consulted, "consulted" in withheld)
    flagged = cells.part(scope.flagged, "flagged" in withheld)
    share = NOT_SHOWN if split_hidden else cells.pct(scope.flagged, scope.exclusions)
    rows = [
        ["Permanent exclusions", cells.count(scope.exclusions)],
        ["After a consultation with the partnership's chair", consulted],
        ["Without a consultation first (flagged)", flagged],
        ["Share of exclusions without a consultation", share],
        ["Consultations with a chair recorded", cells.count(scope.consultations)],
    ]
    if not scope.exclusions.n:
        summary = f"There were no permanent exclusions in {period}."
    elif split_hidden:
        summary = (
            f"Whether each permanent exclusion in {period} followed a consultation with the chair is not "
            f"shown, because it rests on fewer than {cells.minimum} pupils."
        )
    else:
        summary = (
            f"Of {_n(scope.exclusions.n)} permanent {_plural(scope.exclusions.n, 'exclusion', 'exclusions')} in "
            f"{period}, {_n(scope.flagged.n)} ({share}) had no consultation with the partnership's chair "
            "beforehand."
        )
    summary += (
        f" Headteachers recorded {cells.lower(scope.consultations)} consultations with a chair about a "
        "possible permanent exclusion."
    )
    tables = [_table(f"Consultation before exclusion in {period}", ["", "Number"], rows, [1])]
    pairs = []
    if scope.exclusions.n and not split_hidden:
        pairs = [("After a consultation", scope.consulted.n), ("Without a consultation", scope.flagged.n)]
    chart = _chart("Permanent exclusions with and without a consultation first", pairs, "exclusions")
    return _section("consultations", "Consultation before exclusion", summary, tables, chart)


PLAN_LABELS = {**dict(PlanType.choices), NO_PLAN: "No plan agreed yet"}


def _at_risk(figures: InclusionFigures, scope: ScopeFigures, cells: Cells, period: str) -> dict:
    rows, pairs = [], []
    plans = {plan: scope.open_by_plan.get(plan, Tally()) for plan in PLAN_LABELS}
    withheld = cells.withheld(plans, scope.referrals_open)
    for plan, label in PLAN_LABELS.items():
        tally = plans[plan]
        rows.append([label, cells.part(tally, plan in withheld)])
        if tally.n and plan not in withheld:
            pairs.append((label, tally.n))
    rows.append(["All open referrals", cells.count(scope.referrals_open)])
    summary = (
        f"At {_date(figures.cut)}, {cells.lower(scope.referrals_open)} "
        f"{_plural(scope.referrals_open.n, 'referral', 'referrals')} of pupils at risk of exclusion "
        f"{_plural(scope.referrals_open.n, 'was', 'were')} open; schools made "
        f"{cells.lower(scope.referrals_made)} {_plural(scope.referrals_made.n, 'referral', 'referrals')} in "
        f"{period}."
    )
    tables = [
        _table(
            f"Open referrals at {_date(figures.cut)}, by the plan agreed", ["Plan", "Referrals"], rows, [1]
        ),
        _table(
            f"Referrals made in {period}",
            ["", "Referrals"],
            [["Referrals made by schools", cells.count(scope.referrals_made)]],
            [1],
        ),
    ]
    chart = _chart("Open referrals by the plan agreed", pairs, "referrals")
    return _section("at_risk", "Pupils at risk", summary, tables, chart)


def _time_out(scope: ScopeFigures, cells: Cells, period: str) -> dict:
    pupils = Tally(scope.attendance_pupils, scope.attendance_pupils)
    possible = Tally(scope.sessions_possible, scope.attendance_pupils)
    attended = Tally(scope.sessions_attended, scope.attendance_pupils)
    out = Tally(scope.sessions_out, scope.attendance_pupils)
    hidden = cells.hidden(pupils)
    rows = [
        ["Pupils with attendance recorded", cells.count(pupils)],
        ["Sessions possible", NOT_SHOWN if hidden else _n(scope.sessions_possible)],
        ["Attendance (% of sessions possible)", cells.pct(attended, possible)],
        ["Sessions out of mainstream lessons", NOT_SHOWN if hidden else _n(scope.sessions_out)],
        ["Time out of mainstream (% of sessions possible)", cells.pct(out, possible)],
    ]
    if not scope.sessions_possible:
        summary = f"No attendance was recorded for {period}."
    elif hidden:
        summary = f"Attendance was recorded for fewer than {cells.minimum} pupils in {period}."
    else:
        summary = (
            f"The {_n(pupils.n)} {_plural(pupils.n, 'pupil', 'pupils')} with attendance recorded for {period} "
            f"attended {cells.pct(attended, possible)} of the sessions possible and spent "
            f"{cells.pct(out, possible)} of them out of mainstream lessons (in home base, alternative "
            "provision or excluded)."
        )
    pairs = []
    if scope.sessions_possible and not hidden:
        pairs = [
            ("Attendance", cells.pct_value(attended, possible) or 0, cells.pct(attended, possible)),
            ("Out of mainstream", cells.pct_value(out, possible) or 0, cells.pct(out, possible)),
        ]
    tables = [_table(f"Attendance and time out of mainstream in {period}", ["", "Figure"], rows, [1])]
    chart = _chart("Attendance and time out of mainstream", pairs, "%")
    return _section("time_out", "Time out of school", summary, tables, chart)


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
        share = shared.percent(spent, allocation)
        rows.append(
            [financial_year_label(year), _money(allocation), _money(spent), _money(allocation - spent), share]
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
        share = f" ({shared.percent(spent, allocation)})" if allocation else ""
        summary = (
            f"In {financial_year_label(year)}, {_money(spent)} of the {_money(allocation)} allocated had been "
            f"spent{share}"
        )
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
                shared.percent(spent, allocation),
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
                f"Open referrals at {_date(figures.cut)}",
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


def dashboard_sections(figures: InclusionFigures, reader: Reader, *, period: str) -> list[dict]:
    """The dashboard's sections for one reader: the comparison first, for the county."""
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
    return sections


SUPPRESSION_NOTE = (
    "A number of fewer than {n} pupils (but more than none) is shown as “Fewer than {n}”, and a rate, "
    "share, cost or number of days built on one is not shown, so that no child can be identified. "
    "Where such a number is one of the parts of a total shown beside it, one more is not shown, so "
    "that it cannot be worked out by taking the others from the total."
)


def report_section(figures: InclusionFigures, *, period: str) -> dict:
    """One section for the termly report, which is published: every small number hidden, whoever
    reads it."""
    reader = Reader(frozenset())
    parts = dashboard_sections(figures, reader, period=period)
    by_key = {part["key"]: part for part in parts}
    summary = " ".join(
        by_key[key]["summary"]
        for key in ("exclusions", "consultations", "at_risk", "provision", "reintegration", "spend")
    )
    summary += " " + SUPPRESSION_NOTE.format(n=reader.minimum)
    tables = [table for part in parts for table in part["tables"]]
    chart = by_key["compared"]["chart"] if "compared" in by_key else by_key["exclusions"]["chart"]
    return _section("inclusion", "Inclusion partnerships", summary, tables, chart)
