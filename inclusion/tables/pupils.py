"""The sections about pupils: permanent exclusions and their rate, consultations before exclusion,
pupils at risk by plan, and time out of mainstream school."""

from __future__ import annotations

import datetime as dt

from inclusion.models import PlanType
from inclusion.selectors.figures import (
    NO_PLAN,
    InclusionFigures,
    ScopeFigures,
    Tally,
    academic_year_span,
)
from inclusion.tables.cells import Cells, _chart, _date, _plural, year_label
from partnership.figures import NO_FIGURE, NOT_SHOWN
from partnership.figures import number as _n
from partnership.figures import section as _section
from partnership.figures import table as _table

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
    # The consulted, split by whether the chair confirmed the record: hidden with the consulted, and
    # otherwise by the same rule as any parts of a total shown (decision 0033).
    parts = {"confirmed": scope.confirmed, "unconfirmed": scope.unconfirmed}
    confirmation_withheld = set(parts) if split_hidden else cells.withheld(parts, scope.consulted)
    rows = [
        ["Permanent exclusions", cells.count(scope.exclusions)],
        ["After a consultation with the partnership's chair", consulted],
        [
            "of which the chair confirmed the record",
            cells.part(scope.confirmed, "confirmed" in confirmation_withheld),
        ],
        [
            "of which the chair has not confirmed it (waiting, or disputed)",
            cells.part(scope.unconfirmed, "unconfirmed" in confirmation_withheld),
        ],
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
        if scope.unconfirmed.n and not confirmation_withheld:
            summary += (
                f" Of those after a consultation, the chair had not confirmed the record of "
                f"{_n(scope.unconfirmed.n)}."
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


def _pupils(tally: Tally) -> Tally:
    """The distinct pupils behind a tally, as a tally of its own."""
    return Tally(tally.pupils, tally.pupils)


def _at_risk(figures: InclusionFigures, scope: ScopeFigures, cells: Cells, period: str) -> dict:
    """Pupils, each counted once: a pupil has at most one open referral (the database holds it), so
    the open referrals are counted as the pupils they are about; referrals made in a period may
    include a pupil referred again after a referral closed, so both numbers are given."""
    rows, pairs = [], []
    open_pupils = _pupils(scope.referrals_open)
    plans = {plan: _pupils(scope.open_by_plan.get(plan, Tally())) for plan in PLAN_LABELS}
    withheld = cells.withheld(plans, open_pupils)
    for plan, label in PLAN_LABELS.items():
        tally = plans[plan]
        rows.append([label, cells.part(tally, plan in withheld)])
        if tally.n and plan not in withheld:
            pairs.append((label, tally.n))
    rows.append(["All pupils with an open referral", cells.count(open_pupils)])
    made, referred = scope.referrals_made, _pupils(scope.referrals_made)
    summary = (
        f"At {_date(figures.cut)}, {cells.lower(open_pupils)} "
        f"{_plural(open_pupils.n, 'pupil', 'pupils')} at risk of exclusion "
        f"{_plural(open_pupils.n, 'was', 'were')} referred to a partnership (each pupil counted once); schools "
        f"made {cells.lower(made)} {_plural(made.n, 'referral', 'referrals')} of "
        f"{cells.lower(referred)} {_plural(referred.n, 'pupil', 'pupils')} in {period}."
    )
    tables = [
        _table(
            f"Pupils with an open referral at {_date(figures.cut)}, by the plan agreed",
            ["Plan", "Pupils"],
            rows,
            [1],
        ),
        _table(
            f"Referrals made in {period}",
            ["", "Number"],
            [
                ["Referrals made by schools", cells.count(made)],
                ["Pupils referred (each counted once)", cells.count(referred)],
            ],
            [1],
        ),
    ]
    chart = _chart("Pupils with an open referral, by the plan agreed", pairs, "pupils")
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
