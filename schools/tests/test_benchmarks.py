"""Published figures about areas (decision 0034): the LAIT file, its dictionary and the AP census
files, read with their quirks, kept for the partnership's own areas, and re-imported without change."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import LocalAuthority
from schools.importers.benchmarks import (
    AP_CENSUS_PUPILS,
    SCHOOL_CENSUS_AP_PUPILS,
    academic_year_ending,
    ap_census_read,
    lait_dictionary_read,
    lait_read,
)
from schools.importers.common import ImportFileError
from schools.models import AreaLevel, Benchmark, BenchmarkMeasure, ImportRun
from schools.selectors.benchmarks import benchmarks_for, mark_text
from schools.services.benchmarks import benchmarks_load, measures_load
from schools.services.imports import import_file
from tests.helpers import pinned_queries, text_of

DATA = Path(__file__).resolve().parents[2] / "data" / "benchmarks"
HEADER = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n"
# Aford (901) is in the East Midlands, Beeton (902) in Yorkshire, spelt two ways as the real file does.
LAIT = HEADER + (
    "TotPermEx,Total Permanent Explusions,2022/23,Aford,6.6439999999999999E-2,901.0,East Midlands\n"
    "TotPermEx,,2023/24,Aford,7.1330000000000005E-2,901.0,East Midlands\n"
    "TotPermEx,,2023/24,Beeton,0.15092,902.0,Yorkshire and The Humber\n"
    "TotPermEx,,2023/24,Carlby,0.1,903.0,London\n"
    "TotPermEx,,2023/24,East Midlands,0.14660999999999999,983.0,NA\n"
    "TotPermEx,,2023/24,Yorkshire and the Humber,0.13,984.0,NA\n"
    "TotPermEx,,2023/24,London,0.09,985.0,NA\n"
    "TotPermEx,,2023/24,England,0.12889,970.0,NA\n"
    "TotPermEx,,2022/23,England,-,970.0,NA\n"
    "KS2RWM,KS2 reading writing and maths,2025 (Rev),Aford,61,901.0,East Midlands\n"
    "TotPermEx,,2023/24,Aford,0.2,901.0,East Midlands\n"
    "TotPermEx,,2021/22,Aford,lots,901.0,East Midlands\n"
    ",,2021/22,Aford,1,901.0,East Midlands\n"
)


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lait(tmp_path):
    return write(tmp_path, "lait.csv", LAIT)


@pytest.mark.parametrize(
    "label, year",
    [
        ("2023/24", 2024),
        ("2023/24 (prov)", 2024),
        ("2016-17 (OT)", None),  # a financial year, as LAIT writes one
        ("2023/24 (OT)", None),  # a mark that is not a revision
        ("2025 (Rev)", None),
        ("2014-16", None),
        ("2021/22-23/24", None),
        ("2024", None),
    ],
)
def test_only_a_label_naming_one_academic_year_gets_one(label, year):
    assert academic_year_ending(label) == year


def test_the_lait_reader_keeps_numbers_exactly_and_marks_as_withheld(lait):
    parsed = lait_read(lait)
    by_line = {row["_line"]: row for row in parsed.rows}
    assert by_line[2]["value"] == Decimal("0.06644000")  # scientific notation, to eight places
    assert (by_line[2]["area_level"], by_line[2]["area_key"], by_line[2]["region_key"]) == (
        AreaLevel.LA,
        "901",
        "east midlands",
    )
    assert by_line[4]["region_key"] == by_line[7]["area_key"] == "yorkshire and the humber"
    assert (by_line[10]["value"], by_line[10]["withheld"]) == (None, "-")
    assert by_line[9]["area_level"] == AreaLevel.ENGLAND
    assert by_line[11]["academic_year"] is None
    assert parsed.withheld() == {"-": 1}
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (12, "repeats line 3 (the same measure, area and period)"),
        (13, "'lots' is neither a number nor a mark for a withheld value"),
        (14, "no measure code (Short Desc)"),
    ]


def test_a_partnership_keeps_its_own_la_its_region_and_england_and_a_second_import_changes_nothing(
    lait, partnership_a, partnership_b, la_admin_a
):
    counts, _ = import_file(
        kind="lait", path=lait, actor=la_admin_a, reason="LAIT", partnership=partnership_a
    )
    # Aford's three rows, the East Midlands and England's two (one withheld); Beeton, Carlby,
    # Yorkshire and London left alone.
    assert counts == {"created": 6, "updated": 0, "unchanged": 0, "skipped": 4, "rejected": 3}
    assert set(Benchmark.objects.values_list("area_key", flat=True)) == {"901", "east midlands", "england"}
    assert Benchmark.history.filter(history_user=la_admin_a, history_change_reason="LAIT").count() == 6
    again, _ = import_file(
        kind="lait", path=lait, actor=la_admin_a, reason="again", partnership=partnership_a
    )
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    # Beeton's partnership shares England's row and adds its own LA and region, spelt either way.
    other, _ = import_file(kind="lait", path=lait, actor=None, reason="LAIT", partnership=partnership_b)
    assert (other["created"], other["unchanged"]) == (2, 2)
    assert Benchmark.objects.get(area_key="yorkshire and the humber").area_name == "Yorkshire and the Humber"
    # A measure imported before its dictionary has the file's title, and is not described.
    measure = BenchmarkMeasure.objects.get(code="TotPermEx")
    assert (measure.title, measure.described) == ("Total Permanent Explusions", False)


def test_a_corrected_value_is_updated_with_history(lait, tmp_path, partnership_a, la_admin_a):
    import_file(kind="lait", path=lait, actor=la_admin_a, reason="first", partnership=partnership_a)
    corrected = write(tmp_path, "corrected.csv", LAIT.replace("7.1330000000000005E-2", "0.072"))
    counts, _ = import_file(
        kind="lait", path=corrected, actor=la_admin_a, reason="revised", partnership=partnership_a
    )
    assert (counts["updated"], counts["unchanged"]) == (1, 5)
    aford = Benchmark.objects.get(area_key="901", period="2023/24")
    assert aford.value == Decimal("0.072")
    assert [h.history_change_reason for h in aford.history.order_by("history_date")] == ["first", "revised"]


def test_a_partnership_upload_cannot_change_a_shared_figure_or_move_its_la_to_another_region(
    lait, tmp_path, partnership_a, la_admin_a
):
    """England's and a region's rows serve every partnership: an LA's upload adds them but never
    changes them, and its LA stays in the region already held, whatever the file says."""
    import_file(kind="lait", path=lait, actor=la_admin_a, reason="first", partnership=partnership_a)
    doctored = write(
        tmp_path,
        "doctored.csv",
        LAIT.replace("0.12889", "0.5").replace(
            "7.1330000000000005E-2,901.0,East Midlands", "0.07133,901.0,London"
        ),
    )
    counts, parsed = import_file(
        kind="lait", path=doctored, actor=la_admin_a, reason="doctored", partnership=partnership_a
    )
    england = Benchmark.objects.get(area_key="england", period="2023/24")
    assert england.value == Decimal("0.12889")
    assert ("TotPermEx, England 2023/24") in {r.urn for r in parsed.rejected}
    assert any("shared by every partnership" in r.reason for r in parsed.rejected)
    # London's row is still left alone: Aford's region is the one held.
    assert not Benchmark.objects.filter(area_key="london").exists()
    assert set(Benchmark.objects.filter(area_key="901").values_list("region_key", flat=True)) == {
        "east midlands"
    }
    assert counts["updated"] == 0
    # The command line, for the whole installation, corrects it, with history.
    import_file(kind="lait", path=doctored, actor=None, reason="DfE correction", partnership=None)
    england.refresh_from_db()
    assert england.value == Decimal("0.5")
    assert england.history.latest().history_change_reason == "DfE correction"


def test_a_later_publication_of_a_year_wins_and_a_financial_year_is_left_out(tmp_path, partnership_a):
    def lait_read_text(body: str):
        return lait_read(write(tmp_path, "lait.csv", HEADER + body))

    rows = lait_read_text(
        "TotPermEx,Total Permanent Exclusions,2023/24 (prov),Aford,0.08,901.0,East Midlands\n"
        "TotPermEx,,2023/24,Aford,0.07,901.0,East Midlands\n"
        "LACFin,Looked after Children Finance,2016-17 (OT),Aford,12,901.0,East Midlands\n"
        "KS2RWM,KS2 reading writing and maths,2018,Aford,60,901.0,East Midlands\n"
    )
    benchmarks_load(actor=None, rows=rows, reason="LAIT", partnership=partnership_a)
    # The same year published again, unmarked, by a later file: the later one wins.
    benchmarks_load(
        actor=None,
        rows=lait_read_text("KS2RWM,KS2 reading writing and maths,2018,Aford,61,901.0,East Midlands\n"),
        reason="again",
        partnership=partnership_a,
    )
    BenchmarkMeasure.objects.filter(code="KS2RWM").update(year_type="Academic Year")
    BenchmarkMeasure.objects.filter(code="LACFin").update(year_type="Financial Year")
    series = benchmarks_for(partnership_a, ["TotPermEx", "LACFin", "KS2RWM"])
    assert set(series) == {"TotPermEx", "KS2RWM"}
    aford = series["TotPermEx"].local_authorities[0]
    assert series["TotPermEx"].value(2024, aford) == Decimal("0.07")  # unmarked over provisional
    assert series["KS2RWM"].value(2018, series["KS2RWM"].local_authorities[0]) == Decimal("61")
    # A measure held before its dictionary said it was a financial-year measure is left out too.
    BenchmarkMeasure.objects.filter(code="TotPermEx").update(year_type="Financial Year")
    assert "TotPermEx" not in benchmarks_for(partnership_a, ["TotPermEx"])


def test_a_partnership_upload_gives_a_measure_its_first_definition_but_never_changes_one(
    db, tmp_path, partnership_a, la_admin_a
):
    text = (
        '"Measure_short","Topic","Measure","Polarity","y_axis_name","Description","Last Update",'
        '"Data Owner (DO) /Supplier and Contact Details","Methodology","Hyperlink(s)"\n'
        '"TotPermEx","Exclusions","Total Permanent Exclusions","Low","% of the school population",'
        '"Permanent exclusions as a percentage.","45809","DfE","From the census.","https://example.org"\n'
    )
    BenchmarkMeasure.objects.create(code="TotPermEx", source="lait", title="Total Permanent Explusions")
    first = write(tmp_path, "dictionary.csv", text)
    import_file(
        kind="lait_dictionary", path=first, actor=la_admin_a, reason="first", partnership=partnership_a
    )
    assert BenchmarkMeasure.objects.get(code="TotPermEx").title == "Total Permanent Exclusions"
    changed = write(tmp_path, "changed.csv", text.replace("Total Permanent Exclusions", "Something else"))
    _, parsed = import_file(
        kind="lait_dictionary", path=changed, actor=la_admin_a, reason="changed", partnership=partnership_a
    )
    assert BenchmarkMeasure.objects.get(code="TotPermEx").title == "Total Permanent Exclusions"
    assert [r.urn for r in parsed.rejected] == ["TotPermEx"]
    assert "shared by every partnership" in parsed.rejected[0].reason


def test_the_dictionary_gives_each_measure_its_definition_and_a_date_from_a_day_count(db, tmp_path):
    text = (
        '"Measure_short","Topic","Measure","Polarity","y_axis_name","Description","Last Update",'
        '"Data Owner (DO) /Supplier and Contact Details","Methodology","Hyperlink(s)"\n'
        '"TotPermEx","Exclusions","Total Permanent Exclusions","Low","% of the school population",'
        '"Permanent exclusion refers to a pupil who\'s excluded.","45839","DfE","Rate: exclusions / pupils\n'
        'on roll x 100","https://example.org/exclusions"\n'
        '"NewOne","Other","A new measure","High","Rate","Something new.","New data","DfE","","x"\n'
        '"TotPermEx","Exclusions","Again","Low","%","Twice.","45839","DfE","",""\n'
    )
    parsed = lait_dictionary_read(write(tmp_path, "dictionary.csv", text))
    counts = measures_load(actor=None, rows=parsed, reason="dictionary")
    assert (counts["created"], counts["rejected"]) == (2, 1)
    assert parsed.rejected[0].reason == "repeats line 2 (the same measure code)"
    measure = BenchmarkMeasure.objects.get(code="TotPermEx")
    assert measure.last_updated == dt.date(2025, 7, 1)
    assert (measure.lower_is_better, measure.described, measure.unit) == (
        True,
        True,
        "% of the school population",
    )
    assert "on roll x 100" in measure.methodology  # a line break inside a quoted field
    assert BenchmarkMeasure.objects.get(code="NewOne").last_updated is None


def test_the_real_files_read_whole_and_re_import_without_change(partnership_a):
    LocalAuthority.objects.filter(partnership=partnership_a).update(code="855", name="Leicestershire")
    partnership_a.refresh_from_db()
    parsed = lait_read(DATA / "lait_la_benchmarks.csv")
    assert parsed.rejected == [] and parsed.withheld()["-"] > 0
    first = benchmarks_load(actor=None, rows=parsed, reason="real", partnership=partnership_a)
    second = benchmarks_load(
        actor=None, rows=lait_read(DATA / "lait_la_benchmarks.csv"), reason="again", partnership=partnership_a
    )
    assert first["created"] > 5_000 and first["skipped"] > 0
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, first["created"])
    dictionary = lait_dictionary_read(DATA / "lait_data_dictionary.csv")
    measures_load(actor=None, rows=dictionary, reason="real")
    assert dictionary.rejected == []
    series = benchmarks_for(partnership_a, ["TotPermEx"])["TotPermEx"]
    assert [area.name for area in series.areas] == ["Leicestershire", "East Midlands", "England"]
    assert series.years == list(range(2016, 2025))  # 2015/16 to 2023/24
    leics, _, england = series.areas
    assert series.value(2024, leics) == Decimal("0.07133000")
    assert series.value(2024, england) == Decimal("0.12889000")


def test_the_ap_census_keeps_totals_and_the_school_census_its_settings_and_reasons(partnership_a):
    LocalAuthority.objects.filter(partnership=partnership_a).update(code="855", name="Leicestershire")
    partnership_a.refresh_from_db()
    census = ap_census_read(DATA / "ap_census_placements_leics_rotherham.csv")
    assert len(census.rows) == 12 and census.not_kept == 1_248 and census.rejected == []
    counts = benchmarks_load(actor=None, rows=census, reason="AP", partnership=partnership_a)
    assert (counts["created"], counts["skipped"]) == (6, 1_254)  # Rotherham's six totals left alone
    school = ap_census_read(DATA / "ap_school_census_placements_leics_rotherham.csv")
    benchmarks_load(actor=None, rows=school, reason="AP", partnership=partnership_a)
    series = benchmarks_for(partnership_a, [AP_CENSUS_PUPILS, SCHOOL_CENSUS_AP_PUPILS])
    leics = series[AP_CENSUS_PUPILS].areas[0]
    assert [series[AP_CENSUS_PUPILS].value(year, leics) for year in range(2018, 2024)] == [
        381,
        434,
        460,
        521,
        516,
        553,
    ]
    arranged = series[SCHOOL_CENSUS_AP_PUPILS]
    assert arranged.value(2023, leics) == 521
    assert arranged.value(2023, leics, "Setting: One on one tuition") == 82
    assert "Reason: Off-site placement for behavioural support" in arranged.breakdowns(leics)
    assert BenchmarkMeasure.objects.get(code=AP_CENSUS_PUPILS).described


def test_a_tidy_file_of_another_kind_is_refused_whole(tmp_path):
    path = write(tmp_path, "other.csv", "time_period,geographic_level,old_la_code,la_name,region_name,x\n")
    with pytest.raises(ImportFileError, match="not an alternative provision file"):
        ap_census_read(path)


def test_the_la_uploads_benchmarks_and_reads_a_report_that_says_what_was_left_alone(
    client_for, la_admin_a, partnership_b, lait, django_capture_on_commit_callbacks
):
    client = client_for(la_admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:imports", kwargs={"partnership_slug": "pa"}),
            {
                "kind": "lait",
                "file": SimpleUploadedFile("lait.csv", lait.read_bytes(), content_type="text/csv"),
            },
        )
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.skipped, len(run.rejected)) == ("done", 6, 4, 3)
    client.get(response["Location"])
    with pinned_queries(5):
        page = text_of(client.get(response["Location"]))
    assert "Left alone (other areas, or breakdowns the portal does not keep) 4" in page
    assert "TotPermEx, Aford" in page and "'lots' is neither a number nor a mark" in page
    assert "1 marked -" in page


def test_one_query_reads_every_measure_and_year(partnership_a, lait):
    benchmarks_load(actor=None, rows=lait_read(lait), reason="LAIT", partnership=partnership_a)
    with pinned_queries(1):
        series = benchmarks_for(partnership_a, ["TotPermEx", "KS2RWM", "NotHeld"])
        assert list(series) == ["TotPermEx"]  # a label naming no one academic year is left out
        assert series["TotPermEx"].years == [2023, 2024]


@pytest.mark.parametrize(
    "mark, words",
    [
        ("x", "Not published"),
        ("-", "Not published"),
        ("z", "Not applicable"),
        ("c", "Withheld"),
        ("SUPP", "Withheld"),
        ("low", "Rounds to 0"),
    ],
)
def test_a_mark_reads_as_what_the_dfe_means_by_it(mark, words):
    assert mark_text(mark) == words
