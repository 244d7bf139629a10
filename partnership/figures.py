"""One way to show a figure (decision 0022): the section, table and chart that the dashboards and the
reports draw, the text of a hidden cell, and one rounding rule for every percentage and rate.

Used by the termly dashboard and reports (governance), the inclusion figures (support) and the
schools and support figures they show, so a figure reads the same wherever it appears.

The types are TypedDicts, so a section is a plain dict at run time: the termly snapshot is stored as
JSON in a frozen report, and reports made before this module still render.

The rounding rule. A percentage or a rate is rounded half up, to the places stated (12.5% to 13%,
not to the even 12% as Python's round() would), and never across nought or the whole:
- a part that is not nothing never reads 0%: 0.4% reads "less than 1%";
- a part that is not the whole never reads 100%: 99.6% reads "more than 99%";
- more than the whole never reads 100%: 100.4% reads "more than 100%" (100.5% reads "101%").
At one place the same holds a tenth further in: "less than 0.1%", "more than 99.9%". A rate (per
1,000 pupils, say) that is not nothing never reads nought either: "less than 0.01".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NotRequired, TypedDict

Number = Decimal | int | float

NO_FIGURE = "No figure"  # nothing to count against: no whole, no pupils on roll
NOT_SHOWN = "Not shown"  # hidden so that a small number cannot be worked out from it


class AddsUp(TypedDict):
    """Which rows' first figures add up to which: `total` the row of the total, or None where the
    total is not a row but may be known to the reader (another table adds up to it too)."""

    total: int | None
    parts: list[int]


class Table(TypedDict):
    caption: str
    headers: list[str]
    rows: list[list[str]]  # display strings, the first of each row its heading
    numeric_columns: list[int]
    # Where rows add up to a total, which: the test that no hidden cell can be worked out reads it.
    adds_up: NotRequired[AddsUp]


class Chart(TypedDict):
    title: str
    labels: list[str]
    values: list[int | float]  # the length of each bar
    unit: str  # "%", "schools", "per 1,000 pupils", "£" ...
    # The figure written beside each bar, as the tables show it. Charts stored before decision 0022
    # have none: their bars are labelled from the values, as they were then.
    shown: NotRequired[list[str]]


class Section(TypedDict):
    key: str  # stable: anchors and tests use it
    title: str
    summary: str
    tables: list[Table]
    chart: Chart | None
    # What the figures count and where they come from, a paragraph each, after the tables.
    notes: NotRequired[list[str]]


# A bar: its label and length, and the figure to write beside it if not the length itself.
Bar = tuple[str, int | float] | tuple[str, int | float, str]


def table(
    caption: str,
    headers: list[str],
    rows: list[list[str]],
    numeric: list[int],
    *,
    adds_up: AddsUp | None = None,
) -> Table:
    made: Table = {"caption": caption, "headers": headers, "rows": rows, "numeric_columns": numeric}
    if adds_up is not None:
        made["adds_up"] = adds_up
    return made


def chart(title: str, bars: list[Bar], unit: str, *, none_if_all_nought: bool = False) -> Chart | None:
    """A bar chart, or None when there are no bars (or, if asked, when every bar is nought).

    A bar of a percentage should carry its text from `percent`, so that the chart reads as the
    table does; a bar without one is labelled from its length."""
    if not bars or (none_if_all_nought and not any(bar[1] for bar in bars)):
        return None
    return {
        "title": title,
        "labels": [bar[0] for bar in bars],
        "values": [bar[1] for bar in bars],
        "unit": unit,
        "shown": [bar[2] if len(bar) > 2 else bar_text(bar[1], unit) for bar in bars],
    }


def section(key: str, title: str, summary: str, tables: list[Table], chart: Chart | None) -> Section:
    return {"key": key, "title": title, "summary": summary, "tables": tables, "chart": chart}


def bar_text(value: int | float, unit: str) -> str:
    """A bar's figure from its length alone: how every bar was labelled before decision 0022, and
    still how a stored chart without its own texts is labelled."""
    if unit == "%":
        return f"{value:g}%"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


# --- Hidden cells -------------------------------------------------------------------------------


def fewer_than(minimum: int, unit: str = "") -> str:
    """A count shown as hidden because it is small: "Fewer than 5 schools", or "Fewer than 5" (of
    pupils, where the table says what is counted)."""
    return f"Fewer than {minimum} {unit}".rstrip()


def number(value: int) -> str:
    return f"{value:,}"


# --- Rounding -----------------------------------------------------------------------------------


def _decimal(value: Number) -> Decimal:
    # A float is read as it prints (2.675 as 2.675, not the binary 2.67499...), as a reader would.
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _step(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def half_up(value: Number, places: int = 0) -> Decimal:
    """Rounded half up (away from nought) to `places` decimal places: 12.5 to 13, 0.125 to 0.13,
    -0.125 to -0.13. Python's round(), and a Decimal's own formatting, take a half to the even
    neighbour instead (12.5 to 12), which readers do not expect."""
    return _decimal(value).quantize(_step(places), rounding=ROUND_HALF_UP)


def decimal_text(value: Number | None, places: int) -> str:
    """A measure (Progress 8, days, an average) to the places stated, rounded half up."""
    return NO_FIGURE if value is None else f"{half_up(value, places):,.{places}f}"


def money(value: Number) -> str:
    """An amount to the whole pound, rounded half up: "£1,235" for £1,234.50."""
    return f"£{decimal_text(value, 0)}"


def amount(value: Number | None) -> str:
    """A sum of money as recorded: "£1,750" when it is whole pounds, "£1,750.50" when it has pence."""
    if value is None:
        return NO_FIGURE
    exact = _decimal(value)
    if exact == exact.to_integral_value():
        return f"£{exact:,.0f}"
    return f"£{half_up(exact, 2):,.2f}"


def ratio(part: Number | None, whole: Number | None, *, per: int = 100) -> Decimal | None:
    """`part` of `whole`, times `per`, exactly; None when there is no whole to count against."""
    if part is None or whole is None or not whole:
        return None
    return _decimal(part) * per / _decimal(whole)


def percent_text(value: Number | None, *, places: int = 0) -> str:
    """A percentage already worked out, by the one rule (this module's docstring): "13%", "less than
    1%", "more than 99%", "more than 100%"; "No figure" for None."""
    if value is None:
        return NO_FIGURE
    exact = _decimal(value)
    shown = half_up(exact, places)
    step = _step(places)
    if shown == 0 and exact > 0:
        return f"less than {step:f}%"
    if shown == 0 and exact < 0:
        return f"more than -{step:f}%"
    if shown == 100 and exact < 100:
        return f"more than {100 - step:f}%"
    if shown == 100 and exact > 100:
        return "more than 100%"
    return f"{shown:,.{places}f}%"


def percent(part: Number | None, whole: Number | None, *, places: int = 0) -> str:
    """`part` as a percentage of `whole`, by the one rule; "No figure" when there is no whole."""
    return percent_text(ratio(part, whole), places=places)


def percent_value(part: Number | None, whole: Number | None, *, places: int = 0) -> int | float | None:
    """The percentage as a number rounded half up, for a bar's length or a change in points: an int
    at no places, else a float. Write it with `percent`, never from this number: 0.4% is 0 here."""
    value = ratio(part, whole)
    if value is None:
        return None
    rounded = half_up(value, places)
    return int(rounded) if places == 0 else float(rounded)


def rate(part: Number | None, whole: Number | None, *, per: int = 1000, places: int = 2) -> str:
    """`part` per `per` of `whole` ("2.14" per 1,000 pupils), rounded half up, never reading nought
    when it is not: "less than 0.01". "No figure" when there is no whole."""
    value = ratio(part, whole, per=per)
    if value is None:
        return NO_FIGURE
    shown = half_up(value, places)
    if shown == 0 and value > 0:
        return f"less than {_step(places):f}"
    return f"{shown:,.{places}f}"


def rate_value(
    part: Number | None, whole: Number | None, *, per: int = 1000, places: int = 2
) -> float | None:
    """The rate as a number rounded half up, for a bar's length."""
    value = ratio(part, whole, per=per)
    return None if value is None else float(half_up(value, places))
