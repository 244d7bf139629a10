"""One way to show a figure (partnership.figures, decision 0022): half up to the places stated, and
never across nought or the whole."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from partnership.charts import chart_geometry
from partnership.figures import (
    NO_FIGURE,
    bar_text,
    chart,
    decimal_text,
    fewer_than,
    half_up,
    money,
    number,
    percent,
    percent_text,
    percent_value,
    rate,
    rate_value,
    section,
    table,
)

# --- Percentages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "part, whole, shown",
    [
        (1, 8, "13%"),  # 12.5: half up, not to the even 12
        (1, 200, "1%"),  # 0.5: half up, so a half of one per cent reads 1%
        (1, 250, "less than 1%"),  # 0.4: not nothing, so never 0%
        (249, 250, "more than 99%"),  # 99.6: not the whole, so never 100%
        (251, 250, "more than 100%"),  # 100.4: more than the whole, so never 100%
        (1001, 1000, "more than 100%"),  # 100.1
        (201, 200, "101%"),  # 100.5 rounds half up, above the whole
        (0, 8, "0%"),  # nothing is 0%
        (8, 8, "100%"),  # the whole is 100%
        (3, 8, "38%"),  # 37.5
        (5, 8, "63%"),  # 62.5
        (2, 3, "67%"),
        (1, 3, "33%"),
        (30, 10, "300%"),
        (150, 1, "15,000%"),
    ],
)
def test_a_percentage_rounds_half_up_and_never_across_nought_or_the_whole(part, whole, shown):
    assert percent(part, whole) == shown


@pytest.mark.parametrize("whole", [0, None, Decimal(0)])
def test_a_percentage_of_nothing_has_no_figure(whole):
    assert percent(3, whole) == NO_FIGURE == "No figure"
    assert percent_value(3, whole) is None
    assert percent(None, 10) == NO_FIGURE


@pytest.mark.parametrize(
    "value, places, shown",
    [
        (12.5, 0, "13%"),
        (0.5, 0, "1%"),
        (0.4, 0, "less than 1%"),
        (99.6, 0, "more than 99%"),
        (100.4, 0, "more than 100%"),
        (100.1, 0, "more than 100%"),
        (0, 0, "0%"),
        (100, 0, "100%"),
        (None, 0, "No figure"),
        (Decimal("65.05"), 1, "65.1%"),  # half up where a Decimal's own formatting gives 65.0
        (Decimal("65.25"), 1, "65.3%"),
        (Decimal("65"), 1, "65.0%"),
        (0.04, 1, "less than 0.1%"),
        (0.05, 1, "0.1%"),
        (99.96, 1, "more than 99.9%"),
        (99.94, 1, "99.9%"),
        (100.04, 1, "more than 100%"),
        (100.05, 1, "100.1%"),
        (2.675, 2, "2.68%"),  # the float read as it prints, not as its binary 2.67499...
        (-0.4, 0, "more than -1%"),
        (-12.5, 0, "-13%"),
    ],
)
def test_a_percentage_already_worked_out_reads_by_the_same_rule(value, places, shown):
    assert percent_text(value, places=places) == shown


def test_the_places_are_stated_by_the_caller():
    assert percent(1, 8, places=1) == "12.5%"
    assert percent(1, 3, places=1) == "33.3%"
    assert percent(2, 3, places=2) == "66.67%"
    assert percent(1, 2500, places=1) == "less than 0.1%"  # 0.04
    assert percent(2499, 2500, places=1) == "more than 99.9%"  # 99.96


def test_a_percentage_value_is_the_rounded_number_for_a_bar_or_a_change():
    assert percent_value(1, 8) == 13 and isinstance(percent_value(1, 8), int)
    assert percent_value(1, 200) == 1
    assert percent_value(1, 250) == 0  # the text says "less than 1%"; the bar is as long as 0
    assert percent_value(249, 250) == 100
    assert percent_value(1, 8, places=1) == 12.5 and isinstance(percent_value(1, 8, places=1), float)
    assert percent_value(Decimal("1.0"), Decimal("8.0")) == 13


def test_decimals_and_floats_give_the_same_text():
    assert percent(Decimal("1.0"), Decimal("8.0")) == percent(1.0, 8.0) == percent(1, 8) == "13%"
    assert percent(Decimal("0.1"), Decimal("25.0")) == "less than 1%"
    assert percent(Decimal("100.1"), Decimal("100.0")) == "more than 100%"


# --- Rates and other measures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "part, whole, shown",
    [
        (3, 1400, "2.14"),
        (1, 400, "2.50"),
        (1, 8000, "0.13"),  # 0.125: half up, not to the even 0.12
        (1, 200_000, "0.01"),  # 0.005
        (1, 250_000, "less than 0.01"),  # 0.004: not nothing, so never 0.00
        (0, 1000, "0.00"),
        (2, 0, "No figure"),
        (2, None, "No figure"),
    ],
)
def test_a_rate_per_1000_rounds_half_up_and_never_reads_nought_when_it_is_not(part, whole, shown):
    assert rate(part, whole) == shown


def test_a_rate_value_and_other_bases():
    assert rate_value(3, 1400) == 2.14
    assert rate_value(1, 8000) == 0.13
    assert rate_value(0, 10) == 0.0
    assert rate_value(1, 0) is None
    assert rate(1, 8, per=100, places=1) == "12.5"
    assert rate(1, 80, per=1, places=2) == "0.01"  # 0.0125


def test_half_up_and_measures_to_the_places_stated():
    assert half_up(12.5) == Decimal(13)
    assert half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert half_up(Decimal("-0.125"), 2) == Decimal("-0.13")  # away from nought
    assert half_up(2.5) == Decimal(3) and round(2.5) == 2  # what the rule is for
    assert decimal_text(Decimal("0.125"), 2) == "0.13"
    assert decimal_text(Decimal("-0.125"), 2) == "-0.13"
    assert decimal_text(Decimal("47.25"), 1) == "47.3"
    assert decimal_text(Decimal("1234.5"), 1) == "1,234.5"
    assert decimal_text(None, 1) == "No figure"
    assert money(Decimal("1234.50")) == "£1,235"  # a Decimal's own formatting gives the even £1,234
    assert money(Decimal("2500")) == "£2,500"
    assert money(-100) == "£-100"


# --- Hidden cells, tables, charts and sections ----------------------------------------------------


def test_a_hidden_count_reads_fewer_than_the_threshold():
    assert fewer_than(5, "schools") == "Fewer than 5 schools"
    assert fewer_than(5) == "Fewer than 5"
    assert number(12345) == "12,345"


def test_a_section_is_a_plain_json_safe_dict():
    built = section(
        "capacity",
        "Capacity",
        "A sentence.",
        [table("Caption", ["", "Used"], [["All", percent(1, 8)]], [1])],
        chart("Used", [("All", percent_value(1, 8), percent(1, 8))], "%"),
    )
    assert json.loads(json.dumps(built)) == built
    assert built == {
        "key": "capacity",
        "title": "Capacity",
        "summary": "A sentence.",
        "tables": [
            {"caption": "Caption", "headers": ["", "Used"], "rows": [["All", "13%"]], "numeric_columns": [1]}
        ],
        "chart": {"title": "Used", "labels": ["All"], "values": [13], "unit": "%", "shown": ["13%"]},
    }


def test_a_chart_has_no_bars_to_draw_or_only_noughts_if_asked():
    assert chart("Nothing", [], "schools") is None
    assert chart("Noughts", [("A", 0)], "schools") is not None
    assert chart("Noughts", [("A", 0)], "schools", none_if_all_nought=True) is None
    counted = chart("Cases", [("Open", 3), ("Closed", 1234)], "cases")
    assert counted["shown"] == ["3", "1,234"]


def test_a_bar_is_written_as_its_table_writes_it():
    drawn = chart_geometry(
        chart(
            "Used",
            [
                ("A", percent_value(1, 8), percent(1, 8)),
                ("B", percent_value(1, 250), percent(1, 250)),
                ("C", percent_value(251, 250), percent(251, 250)),
            ],
            "%",
        ),
        key="used",
    )
    assert [bar["shown"] for bar in drawn["bars"]] == ["13%", "less than 1%", "more than 100%"]
    assert drawn["description"] == "A: 13%; B: less than 1%; C: more than 100%"
    # There is room for the words beside the longest bar.
    assert drawn["width"] >= drawn["bars"][2]["value_x"] + 8 * len("more than 100%")


def test_a_chart_stored_before_the_bars_had_their_own_texts_is_labelled_as_it_was():
    stored = {"title": "Schools by grade", "labels": ["Good", "KS2"], "values": [242, 65.3], "unit": "%"}
    drawn = chart_geometry(stored, key="old")
    assert [bar["shown"] for bar in drawn["bars"]] == ["242%", "65.3%"]
    assert drawn["width"] == 220 + 380 + 70
    counts = chart_geometry({"title": "T", "labels": ["A"], "values": [1234], "unit": "schools"}, key="c")
    assert counts["bars"][0]["shown"] == "1,234" == bar_text(1234, "schools")


def test_an_amount_of_money_has_thousands_separators_and_pence_only_when_there_are_some():
    from django.template import Context, Template

    from partnership import figures

    assert figures.amount(Decimal("1750")) == "£1,750"
    assert figures.amount(Decimal("1750.00")) == "£1,750"
    assert figures.amount(Decimal("1750.5")) == "£1,750.50"
    assert figures.amount(Decimal("0.005")) == "£0.01"
    assert figures.amount(None) == figures.NO_FIGURE
    assert Template("{{ cost|money }}").render(Context({"cost": Decimal("250000")})) == "£250,000"
