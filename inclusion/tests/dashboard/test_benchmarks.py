"""The county beside England and its region (decision 0034): published permanent exclusion and
suspension rates and AP counts, set beside the portal's own, on the figures page and in the report."""

from __future__ import annotations

import pytest
from django.db.models import Q

from governance.reporting.snapshot import build_snapshot
from inclusion.models import APPlacement
from inclusion.selectors.figures import academic_year_span
from inclusion.tables.benchmarks import _latest_sentences
from inclusion.tables.cells import year_label
from schools.importers.benchmarks import ap_census_read, lait_dictionary_read, lait_read
from schools.services.benchmarks import benchmarks_load, measures_load
from tests.helpers import text_of

from .conftest import YEAR, autumn, inclusion_section, known_figures, known_url, rows_of, sections_for

pytestmark = pytest.mark.django_db

LAIT = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n" + "".join(
    f"{code},,{period},{area},{value},{number},{region}\n"
    for code, period, area, value, number, region in [
        ("TotPermEx", "2015/16", "Aford", "5E-2", "901.0", "East Midlands"),
        ("TotPermEx", "2022/23", "Aford", "6.644E-2", "901.0", "East Midlands"),
        ("TotPermEx", "2023/24", "Aford", "7.133E-2", "901.0", "East Midlands"),
        ("TotPermEx", "2022/23", "East Midlands", "0.11979", "983.0", "NA"),
        ("TotPermEx", "2023/24", "East Midlands", "0.14661", "983.0", "NA"),
        ("TotPermEx", "2022/23", "England", "0.11121", "970.0", "NA"),
        ("TotPermEx", "2023/24", "England", "x", "970.0", "NA"),
        ("TotPermEx", "2023/24", "Beeton", "0.9", "902.0", "London"),
        ("TotFixedEx", "2023/24", "Aford", "10.5234", "901.0", "East Midlands"),
        ("TotFixedEx", "2023/24", "East Midlands", "13.44235", "983.0", "NA"),
        ("TotFixedEx", "2023/24", "England", "11.30744", "970.0", "NA"),
    ]
)
DICTIONARY = (
    '"Measure_short","Topic","Measure","Polarity","y_axis_name","Description","Last Update",'
    '"Methodology","Hyperlink(s)"\n'
    '"TotPermEx","Exclusions","Total Permanent Exclusions","Low","% of the school population",'
    '"Permanent exclusion refers to a pupil who will not come back to that school.","45839","",""\n'
)
AP = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_name,region_code,"
    "old_la_code,la_name,new_la_code,gender,age,ethnicity_minor,fsm,number_of_pupils\n"
    "202223,Academic year,Local authority,E92000001,England,East Midlands,E12000004,901,Aford,E1,"
    "Total,Total,Total,Total,553\n"
    "202223,Academic year,Local authority,E92000001,England,East Midlands,E12000004,901,Aford,E1,"
    "Boys,Total,Total,Total,400\n"
)


@pytest.fixture
def published(world, tmp_path):
    partnership = world.partnerships["north"].partnership
    for name, text, read in (("lait.csv", LAIT, lait_read), ("ap.csv", AP, ap_census_read)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        benchmarks_load(actor=None, rows=read(path), reason="published", partnership=partnership)
    path = tmp_path / "dictionary.csv"
    path.write_text(DICTIONARY, encoding="utf-8")
    measures_load(actor=None, rows=lait_dictionary_read(path), reason="published")
    return world


def _pupils_placed_in(year: int) -> int:
    first, last = academic_year_span(year)
    return (
        APPlacement.objects.filter(starts_on__lte=last, pupil__partnership__slug="pa")
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values("pupil")
        .distinct()
        .count()
    )


def test_the_county_is_set_beside_its_region_and_england_with_its_own_rate_beside_them(published, client_for):
    response = client_for(published.people["inclusion_officer"]).get(known_url())
    section = sections_for(response)["benchmarks"]
    exclusions = rows_of(section)
    assert section["tables"][0]["headers"] == [
        "Academic year",
        "Aford (published)",
        "East Midlands (published)",
        "England (published)",
        "Recorded here (inclusion partnerships)",
    ]
    # Published as a percentage, shown per 1,000 pupils; England's 2023/24 value is marked "x",
    # the DfE's "not published".
    assert exclusions["2022 to 2023"] == ["0.66", "1.20", "1.11", "Not recorded here"]
    assert exclusions["2023 to 2024"] == ["0.71", "1.47", "Not published", "Not recorded here"]
    # Before the five years the figures count, records may exist: they are not counted here.
    assert exclusions["2015 to 2016"] == ["0.50", "Not held", "Not held", "Not counted here"]
    # The portal's own rate is the one its exclusions section gives for the same year.
    own = rows_of(sections_for(response)["exclusions"])[year_label(YEAR)][1]
    assert exclusions[year_label(YEAR)] == ["Not held", "Not held", "Not held", own] and own == "2.14"
    assert rows_of(section, 1)["2023 to 2024"] == ["10.52", "13.44", "11.31"]
    placed = _pupils_placed_in(YEAR)
    assert placed > 0
    assert rows_of(section, 2)["2022 to 2023"] == ["553", "Not recorded here"]
    assert rows_of(section, 2)[year_label(YEAR)] == ["Not held", str(placed)]
    assert section["summary"].startswith(
        "In 2023 to 2024, the latest year published, Aford had 0.71 permanent exclusions per 1,000 "
        "pupils (East Midlands 1.47) and 10.52 suspensions per 100 pupils (East Midlands 13.44, "
        "England 11.31)."
    )
    assert section["chart"]["labels"] == ["Aford", "East Midlands"]  # England withheld: no bar
    text = text_of(response)
    assert "Permanent exclusion refers to a pupil who will not come back to that school." in text
    assert "The portal does not record suspensions" in text
    assert "Beeton" not in text and "0.90" not in text.split("Beside England and the region")[1]


def test_small_numbers_recorded_here_are_hidden_as_they_are_everywhere_else(published, client_for):
    response = client_for(published.people["board_member_a"]).get(known_url())
    sections = sections_for(response)
    own = rows_of(sections["benchmarks"])[year_label(YEAR)][3]
    assert own == rows_of(sections["exclusions"])[year_label(YEAR)][1] == "Not shown"
    assert rows_of(sections["benchmarks"], 2)[year_label(YEAR)][1].startswith("Fewer than")
    # Published figures are public: shown exactly to everyone.
    assert rows_of(sections["benchmarks"])["2023 to 2024"][:2] == ["0.71", "1.47"]


def test_one_partnership_alone_has_no_county_comparison(published, client_for):
    response = client_for(published.people["inclusion_officer"]).get(
        known_url(published.partnerships["north"])
    )
    assert "benchmarks" not in sections_for(response)


def test_without_published_figures_the_page_says_so_and_where_to_import_them(world, client_for):
    response = client_for(world.people["inclusion_officer"]).get(known_url())
    section = sections_for(response)["benchmarks"]
    assert section["tables"] == [] and section["chart"] is None
    assert section["summary"].startswith("No published figures for the LA's exclusions")


def test_with_two_las_no_figure_is_read_as_the_other_las():
    permanent = (
        2023,
        ("Aford", "Beeton"),
        "Aford had 0.71 and Beeton had 1.51 permanent exclusions per 1,000 pupils",
    )
    suspensions = (2023, ("Aford",), "10.52 suspensions per 100 pupils")
    assert _latest_sentences(permanent, suspensions) == [
        "In 2023 to 2024, the latest year published, Aford had 10.52 suspensions per 100 pupils.",
        "In 2023 to 2024, the latest year published, Aford had 0.71 and Beeton had 1.51 permanent "
        "exclusions per 1,000 pupils.",
    ]
    one = (2023, ("Aford",), "0.71 permanent exclusions per 1,000 pupils (England 1.29)")
    assert _latest_sentences(one, suspensions) == [
        "In 2023 to 2024, the latest year published, Aford had 0.71 permanent exclusions per 1,000 pupils "
        "(England 1.29) and 10.52 suspensions per 100 pupils."
    ]


def test_the_report_carries_the_published_figures_their_notes_and_their_source(published):
    partnership = published.partnerships["north"].partnership
    snapshot = build_snapshot(partnership, term=autumn(published), audience="board")
    section = inclusion_section(snapshot)
    captions = [table["caption"] for table in section["tables"]]
    assert "Suspensions per 100 pupils on roll (the suspension rate), as published" in captions
    assert "Aford had 0.71 permanent exclusions per 1,000 pupils" in section["summary"]
    assert any("Permanent exclusion refers to a pupil" in note for note in section["notes"])
    names = [source["name"] for source in snapshot["sources"]]
    assert "Published figures for the LA, its region and England" in names
    # The figures of the term are unchanged by it.
    figures = known_figures(published)
    assert figures.scope.exclusions.n == 3
