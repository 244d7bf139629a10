"""Key stage 2 and key stage 4 outcomes and the disadvantaged gap, weighted by pupils, and KS2 over
the years held. Public performance-table data, shown whole to both audiences. The results counted
are those the Department for Education had published by the day the figures are counted (the
term's last day for a past term), so that a later year's import leaves a past term's figures as
they were."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from partnership.figures import (
    Section,
    Table,
    chart,
    decimal_text,
    half_up,
    number,
    percent_text,
    section,
    table,
)
from schools.selectors.benchmarks import Series, mark_text
from schools.selectors.figures import latest_results_year

from .wording import day_text

# The published figures (decision 0034) beside the partnership's own, by the portal's measure.
PUBLISHED = {"rwm": "KS2RWM_Expected_STD", "a8": "AVG_Attain8_Score"}
# The published disadvantaged gap: (stage, measure, disadvantaged, others, places, unit).
PUBLISHED_GAPS = [
    (
        "KS2",
        "reading, writing and maths at the expected standard",
        "DAP_NEW_KS2_RWM",
        "NonDAP_NEW_KS2_RWM",
        0,
        "%",
    ),
    ("KS4", "Progress 8", "DAP_KS4_Prog8", "NonDAP_KS4_Prog8", 2, ""),
]
OUTCOME_MEASURES = [
    *PUBLISHED.values(),
    *(code for gap in PUBLISHED_GAPS for code in gap[2:4]),
]


def _average(parts: list[tuple[Decimal, int, int]]) -> Decimal | None:
    pupils = sum(p for _, p, _ in parts)
    return sum((w for w, _, _ in parts), Decimal(0)) / pupils if pupils else None


def _latest_year(data: dict, measure: str) -> int | None:
    years = [year for (_, year), values in data.items() if values.get(measure, (0, 0, 0))[1]]
    return max(years) if years else None


def _ay(year: int) -> str:
    return f"{year - 1} to {year}"


NATIONAL_NOT_HELD = (
    "National averages are not held in the portal, so no national comparison is shown; compare with the "
    "Department for Education's published national figures."
)


def _measure(value: Decimal | None, places: int, unit: str) -> str:
    return percent_text(value, places=places) if unit == "%" else decimal_text(value, places)


def _percent_bar(label: str, value: Decimal | None) -> tuple[str, float, str]:
    """A bar of a pupil-weighted percentage, to one place as the tables show it."""
    return (label, float(half_up(value or 0, 1)), percent_text(value, places=1))


def _published(series: Series, year: int, area, unit: str) -> str:
    value = series.value(year, area)
    if value is None:
        return "Not held"
    if isinstance(value, str):
        return mark_text(value)
    return percent_text(value, places=0) if unit == "%" else decimal_text(value, 1)


def _published_rows(series: Series | None, year: int, unit: str) -> list[list[str]]:
    """The LA's, its region's and England's published figures for the year, as rows; or England
    "Not held" where nothing was imported."""
    if series is None:
        return [["England", "Not held", ""]]
    return [[f"{area.name} (published)", _published(series, year, area, unit), ""] for area in series.areas]


def _published_sentence(series: Series, year: int, unit: str, stage: str) -> str:
    held = [
        (area, _published(series, year, area, unit))
        for area in series.areas
        if isinstance(series.value(year, area), Decimal)
    ]
    if not held:
        return ""
    others = ", ".join(f"{area.name} {text}" for area, text in held if area.level != "la")
    own = [f"{area.name}'s own {text}" for area, text in held if area.level == "la"]
    parts = [p for p in (others, " and ".join(own)) if p]
    return f"Published for {stage} {_ay(year)}: {'; '.join(parts)}."


def published_by(on: dt.date | None) -> str:
    """What the results counted are: the caption's words."""
    return "" if on is None else f", the latest published by {day_text(on)}"


AS_PUBLISHED = (
    "Results are those the Department for Education had published by {day}: a summer's KS4 results "
    "count from the October after it and KS2 from the December, as last imported (a revision published "
    "later is included)."
)


def _ks2_years(la_names: dict[str, str], ks2: dict, on: dt.date | None) -> tuple[str, Table | None]:
    """KS2 reading, writing and maths at the expected standard in each year held, oldest first, and a
    sentence on its direction: the change on the year before and on the first year held, worked out
    from the figures as the table writes them."""
    years = sorted({year for (_, year), values in ks2.items() if values.get("rwm", (0, 0, 0))[1]})
    if len(years) < 2:
        return "", None
    several = len(la_names) > 1
    overall, rows = {}, []
    for year in years:
        parts = {code: ks2[(code, year)]["rwm"] for code in la_names if (code, year) in ks2}
        overall[year] = half_up(_average(list(parts.values())), 1)
        by_la = [
            percent_text(_average([parts[code]]), places=1) if code in parts else "Not held"
            for code in la_names
        ]
        schools = number(sum(count for _, _, count in parts.values()))
        rows.append([_ay(year), percent_text(overall[year], places=1), *(by_la if several else []), schools])
    latest, before, first = years[-1], years[-2], years[0]

    def change(now: Decimal, then: Decimal, year: int) -> str:
        if now == then:
            return f"the same as in {_ay(year)}"
        points = decimal_text(abs(now - then), 1)
        return f"{'up' if now > then else 'down'} {points} points on {_ay(year)} ({percent_text(then, places=1)})"

    sentence = f" That is {change(overall[latest], overall[before], before)}" + (
        f", and {change(overall[latest], overall[first], first)}, the first year held."
        if first != before
        else "."
    )
    made = table(
        f"KS2 reading, writing and maths at the expected standard over the years held{published_by(on)}, "
        "weighted by pupils",
        [
            "Academic year",
            "Partnership (%)",
            *(f"{name} LA (%)" for name in la_names.values() if several),
            "Schools",
        ],
        rows,
        list(range(1, len(rows[0]))),
    )
    return sentence, made


PUBLISHED_NOTE = (
    "Published figures are the Department for Education's (Local Authority Interactive Tool): they count "
    "every pupil at the area's state-funded schools, where the partnership's are weighted from the "
    "school-level performance tables, whose withheld values are left out, so the two can differ."
)


def outcomes_section(
    la_names: dict[str, str],
    ks2: dict,
    ks4: dict,
    benchmarks: dict[str, Series] | None = None,
    on: dt.date | None = None,
) -> Section:
    benchmarks = benchmarks or {}
    tables, summary_parts, pairs, published = [], [], [], False
    trend_table = None
    measures = [
        ("KS2", ks2, "rwm", "Reading, writing and maths at the expected standard", 1, "%"),
        ("KS4", ks4, "p8", "Progress 8", 2, ""),
        ("KS4", ks4, "a8", "Attainment 8", 1, ""),
    ]
    for stage, data, measure, title, places, unit in measures:
        year = _latest_year(data, measure)
        if year is None:
            summary_parts.append(f"No {stage} {title.lower() if stage == 'KS2' else title} results are held.")
            continue
        parts = {code: data[(code, year)][measure] for code in la_names if (code, year) in data}
        overall = _average(list(parts.values()))
        schools = sum(s for _, _, s in parts.values())
        rows = [["Partnership (all its schools)", _measure(overall, places, unit), number(schools)]]
        for code, name in la_names.items():
            if code in parts:
                rows.append(
                    [f"{name} LA", _measure(_average([parts[code]]), places, unit), number(parts[code][2])]
                )
        series = benchmarks.get(PUBLISHED.get(measure, ""))
        rows += _published_rows(series, year, unit)
        tables.append(
            table(
                f"{stage} {title}, {_ay(year)}{published_by(on)}, weighted by pupils",
                ["Area", title if unit != "%" else f"{title} (%)", "Schools"],
                rows,
                [1, 2],
            )
        )
        summary_parts.append(
            f"{stage} {_ay(year)}: {title.lower() if stage == 'KS2' else title} "
            f"{_measure(overall, places, unit)} across the partnership's schools, weighted by pupils."
        )
        if measure == "rwm":
            # The direction straight after the figure it is the direction of.
            trend_sentence, trend_table = _ks2_years(la_names, data, on)
            summary_parts[-1] += trend_sentence
        if series is not None and (sentence := _published_sentence(series, year, unit, stage)):
            summary_parts.append(sentence)
            published = True
        if measure == "rwm" and overall is not None:
            pairs.append(_percent_bar("Partnership", overall))
            pairs.extend(
                _percent_bar(f"{la_names[code]} LA", _average([parts[code]]))
                for code in la_names
                if code in parts and len(la_names) > 1
            )
            if series is not None:
                pairs.extend(
                    (f"{area.name} (published)", float(value), percent_text(value, places=0))
                    for area in series.areas
                    if area.level != "la" and isinstance(value := series.value(year, area), Decimal)
                )
    if trend_table is not None:
        tables.append(trend_table)
    if on is not None:
        summary_parts.append(AS_PUBLISHED.format(day=day_text(on)))
    summary = " ".join(summary_parts) + " " + (PUBLISHED_NOTE if published else NATIONAL_NOT_HELD)
    drawn = chart("KS2 reading, writing and maths at the expected standard", pairs, "%")
    return section("outcomes", "Key stage 2 and key stage 4 outcomes", summary, tables, drawn)


def _gap_year(dis: Series, oth: Series, until: int | None = None) -> int | None:
    """The latest year (up to `until`) with both figures published for every one of the partnership's
    LAs."""
    for year in reversed([y for y in dis.years if until is None or y <= until]):
        if all(
            isinstance(dis.value(year, area), Decimal) and isinstance(oth.value(year, area), Decimal)
            for area in dis.local_authorities
        ):
            return year
    return None


def _number(value: Decimal, places: int, unit: str) -> str:
    return percent_text(value, places=places) if unit == "%" else decimal_text(value, places)


def _published_gaps(benchmarks: dict[str, Series], on: dt.date | None = None) -> tuple[list, list[str]]:
    """The disadvantaged gap as published for the LA, its region and England (decision 0034)."""
    tables, parts = [], []
    for stage, title, dis_code, oth_code, places, unit in PUBLISHED_GAPS:
        dis, oth = benchmarks.get(dis_code), benchmarks.get(oth_code)
        until = None if on is None else latest_results_year(int(stage[-1]), on)
        year = _gap_year(dis, oth, until) if dis and oth else None
        if year is None:
            continue
        rows, gaps = [], []
        for area in dis.areas:
            d, o = dis.value(year, area), oth.value(year, area)
            if not (isinstance(d, Decimal) and isinstance(o, Decimal)):
                rows.append([area.name, "Not held", "Not held", "Not held"])
                continue
            gap = decimal_text(o - d, places if unit != "%" else 0)
            rows.append([area.name, _number(d, places, unit), _number(o, places, unit), gap])
            gaps.append((area, gap))
        tables.append(
            table(
                f"{stage} {title}: disadvantaged and other pupils, {_ay(year)}, as published",
                [
                    "Area",
                    "Disadvantaged pupils",
                    "Other pupils",
                    "Gap" + (" (points)" if unit == "%" else ""),
                ],
                rows,
                [1, 2, 3],
            )
        )
        points = " percentage points" if unit == "%" else ""
        own = " and ".join(
            f"{gap}{points if i == 0 else ''} in {area.name}"
            for i, (area, gap) in enumerate((a, g) for a, g in gaps if a.level == "la")
        )
        others = ", ".join(f"{area.name} {gap}" for area, gap in gaps if area.level != "la")
        parts.append(
            f"As published for {stage} {_ay(year)}, the gap in {title} was {own}"
            + (f" ({others})." if others else ".")
        )
    return tables, parts


def disadvantaged_gap_section(
    partnership,
    ks2: dict,
    ks4: dict,
    benchmarks: dict[str, Series] | None = None,
    on: dt.date | None = None,
) -> Section:
    tables, parts, pairs = [], [], []
    year = _latest_year(ks2, "dis")
    if year is not None:
        dis = _average([v["dis"] for (_, y), v in ks2.items() if y == year])
        oth = _average([v["oth"] for (_, y), v in ks2.items() if y == year])
        gap = oth - dis
        tables.append(
            table(
                f"KS2 reading, writing and maths at the expected standard, {_ay(year)}",
                ["Pupils", "At the expected standard (%)"],
                [
                    ["Disadvantaged pupils", percent_text(dis, places=1)],
                    ["Other pupils", percent_text(oth, places=1)],
                    ["Gap (points)", decimal_text(gap, 1)],
                ],
                [1],
            )
        )
        parts.append(f"At KS2 in {_ay(year)} the gap was {decimal_text(gap, 1)} percentage points.")
        pairs = [_percent_bar("Disadvantaged pupils", dis), _percent_bar("Other pupils", oth)]
    year4 = _latest_year(ks4, "dis")
    if year4 is not None:
        dis = _average([v["dis"] for (_, y), v in ks4.items() if y == year4])
        oth = _average([v["oth"] for (_, y), v in ks4.items() if y == year4])
        tables.append(
            table(
                f"KS4 Progress 8, {_ay(year4)}",
                ["Pupils", "Progress 8"],
                [
                    ["Disadvantaged pupils", decimal_text(dis, 2)],
                    ["Other pupils", decimal_text(oth, 2)],
                    ["Gap", decimal_text(oth - dis, 2)],
                ],
                [1],
            )
        )
        parts.append(f"At KS4 in {_ay(year4)} the Progress 8 gap was {decimal_text(oth - dis, 2)}.")
    if parts:
        parts.append("The partnership's figures are weighted by all pupils at the end of the key stage.")
    else:
        parts.append(
            "The performance-table files loaded so far hold no data on disadvantaged pupils, so the "
            "partnership's own gap cannot be worked out."
        )
    published_tables, published_parts = _published_gaps(benchmarks or {}, on)
    tables += published_tables
    if published_parts:
        parts += published_parts
        parts.append(
            "Published gaps are the Department for Education's, for every state-funded school in the area "
            "(Local Authority Interactive Tool)."
        )
    summary = " ".join(parts)
    drawn = chart("KS2 expected standard: disadvantaged and other pupils", pairs, "%")
    return section("disadvantaged_gap", "The disadvantaged gap", summary, tables, drawn)
