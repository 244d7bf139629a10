"""Every importer on the real files, re-imports, bad files and rejected rows."""

from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from schools.importers.common import ImportFileError
from schools.importers.gias import gias_read
from schools.importers.inspections import inspections_read, report_cards_read
from schools.importers.performance import performance_read
from schools.models import Inspection, KeyStage2Result, KeyStage4Result, School
from schools.services import inspections_load, performance_load, report_cards_load, schools_load

DATA = Path(__file__).resolve().parents[2] / "data"
LEICS = DATA / "leicestershire"


@pytest.fixture
def leicestershire(db):
    schools_load(actor=None, rows=gias_read(LEICS / "gias_establishments.csv"), reason="test")


def test_inspections_import_on_the_real_file_and_again(leicestershire):
    parsed = inspections_read(LEICS / "inspections_to_2018.csv")
    first = inspections_load(actor=None, rows=parsed, reason="first")
    assert first["created"] == Inspection.objects.count() > 500
    again = inspections_load(
        actor=None, rows=inspections_read(LEICS / "inspections_to_2018.csv"), reason="again"
    )
    assert again["created"] == again["updated"] == 0
    assert again["unchanged"] == first["created"]
    satisfactory = Inspection.objects.filter(overall="satisfactory")
    assert satisfactory.exists()
    assert all(i.inspected_on.year <= 2012 for i in satisfactory)
    history = Inspection.history.filter(history_change_reason="first").count()
    assert history == first["created"]
    assert not Inspection.history.filter(history_change_reason="again").exists()


def test_ks2_import_keeps_suppressed_values_as_suppressed(leicestershire):
    parsed = performance_read(LEICS / "ks2_perf_2018.csv", key_stage=2, academic_year=2018)
    counts = performance_load(actor=None, rows=parsed, key_stage=2, reason="test")
    assert counts["created"] == KeyStage2Result.objects.count() > 200
    result = KeyStage2Result.objects.get(school__urn=119978)
    assert result.rwm_expected_pct == Decimal("61.0")
    assert result.reading_band == 4
    blank = [r for r in KeyStage2Result.objects.all() if r.rwm_expected_pct is None]
    assert blank, "the real file has suppressed headline figures"
    assert all("rwm_expected_pct" in r.suppressed for r in blank)
    again = performance_load(
        actor=None,
        rows=performance_read(LEICS / "ks2_perf_2018.csv", key_stage=2, academic_year=2018),
        key_stage=2,
        reason="again",
    )
    assert again["created"] == again["updated"] == 0


def test_ks4_import(leicestershire):
    parsed = performance_read(LEICS / "ks4_perf_2018.csv", key_stage=4, academic_year=2018)
    performance_load(actor=None, rows=parsed, key_stage=4, reason="test")
    result = KeyStage4Result.objects.get(school__urn=138527)
    assert (result.progress8, result.attainment8, result.eng_maths_grade5_pct) == (
        Decimal("-0.24"),
        Decimal("44.1"),
        Decimal("36.0"),
    )
    assert result.progress8_band == 4
    withheld = KeyStage4Result.objects.get(school__urn=138935)
    assert withheld.progress8 is None and withheld.suppressed["progress8"] == "blank"


def test_a_performance_file_for_another_year_is_rejected_row_by_row(leicestershire):
    parsed = performance_read(LEICS / "ks2_perf_2017.csv", key_stage=2, academic_year=2018)
    assert not parsed.rows
    assert parsed.rejected[0].reason == "the row is for 2017, not 2018"


def test_lowcov_and_bad_values(tmp_path, leicestershire):
    source = (LEICS / "ks2_perf_2018.csv").read_text().splitlines()
    header, row = source[0], source[1].split(",")
    lowcov = row.copy()
    lowcov[22] = "LOWCOV"
    bad = row.copy()
    bad[22] = "lots"
    unknown = row.copy()
    unknown[0] = "999999"
    path = tmp_path / "ks2.csv"
    path.write_text("\n".join([header, ",".join(lowcov), ",".join(bad), ",".join(unknown)]) + "\n")
    parsed = performance_read(path, key_stage=2, academic_year=2018)
    performance_load(actor=None, rows=parsed, key_stage=2, reason="test")
    result = KeyStage2Result.objects.get()
    assert result.rwm_expected_pct is None and result.suppressed["rwm_expected_pct"] == "LOWCOV"
    reasons = {(r.line, r.reason) for r in parsed.rejected}
    assert (3, "'lots' is not a percentage") in reasons
    assert (4, "URN is not in the school register") in reasons


def test_satisfactory_after_2012_and_unknown_ratings_are_rejected(tmp_path, leicestershire):
    path = tmp_path / "inspections.csv"
    path.write_text(
        "URN,Rating,Inspection Date\n119903,Satisfactory,20150101\n119903,Brilliant,20150101\n"
        "119903,Good,notadate\n119903,Good,20260101\n"
    )
    parsed = inspections_read(path)
    assert parsed.rows == []
    assert [r.reason for r in parsed.rejected] == [
        "'Satisfactory' was not a judgement after August 2012",
        "'Brilliant' is not an Ofsted overall effectiveness judgement",
        "'notadate' is not a date",
        "inspections from November 2025 are report cards, with no overall grade",
    ]


REPORT_CARD_HEADER = (
    "URN,Inspection Date,Inclusion,Curriculum and teaching,Achievement,Attendance and behaviour,"
    "Personal development and well-being,Leadership and governance,Early years,Sixth form,Safeguarding"
)


def test_report_cards_are_kept_apart_from_overall_grades(tmp_path, leicestershire):
    path = tmp_path / "cards.csv"
    path.write_text(
        REPORT_CARD_HEADER
        + "\n119903,20/01/2026,Expected standard,Needs attention,Expected standard,Strong standard,"
        "Exceptional,Urgent improvement,Expected standard,,Not met\n"
        + "119903,20/01/2024,Expected standard,Expected standard,Expected standard,Expected standard,"
        "Expected standard,Expected standard,,,Met\n"
        + "119906,21/01/2026,Good,Expected standard,Expected standard,Expected standard,"
        "Expected standard,Expected standard,,,Met\n"
    )
    parsed = report_cards_read(path)
    assert [r.reason for r in parsed.rejected] == [
        "report cards began in November 2025",
        "'Good' is not a report-card grade for inclusion",
    ]
    counts = report_cards_load(actor=None, rows=parsed, reason="cards")
    assert counts["created"] == 1
    card = Inspection.objects.get(framework="report_card")
    assert card.overall == "" and card.safeguarding_met is False
    grades = {g.area: g.grade for g in card.area_grades.all()}
    assert grades["leadership_and_governance"] == "urgent_improvement"
    assert "sixth_form" not in grades and grades["early_years"] == "expected_standard"
    again = report_cards_load(actor=None, rows=report_cards_read(path), reason="again")
    assert again["unchanged"] == 1 and again["created"] == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty"),
        (b"URN,Name\n1,School\n", "These columns are missing"),
        ("URN,Rating".encode("utf-16"), "not plain text"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "not in the expected encoding"),
    ],
)
def test_bad_files_are_refused_as_a_whole(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        inspections_read(path)


def test_a_failure_part_way_leaves_the_previous_data_intact(leicestershire):
    before = list(School.objects.order_by("urn").values_list("urn", "name"))
    rows = gias_read(LEICS / "gias_establishments.csv")
    for row in rows.rows:
        row["name"] = row["name"] + " (renamed)"
    with (
        mock.patch("schools.services.bulk.bulk_update_with_history", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        schools_load(actor=None, rows=rows, reason="broken")
    assert list(School.objects.order_by("urn").values_list("urn", "name")) == before


def test_an_import_by_one_partnership_leaves_anothers_schools_alone(
    partnership_a, partnership_b, school_z, tmp_path
):
    rows = gias_read(LEICS / "gias_establishments.csv")
    for row in rows.rows[:1]:
        row["urn"], row["la_code"], row["name"] = school_z.urn, "902", "Hijacked"
    counts = schools_load(actor=None, rows=rows, reason="x", partnership=partnership_a)
    assert counts["skipped"] == 1
    school_z.refresh_from_db()
    assert school_z.name == "School Z"


def test_a_progress_band_withheld_for_low_coverage_keeps_the_rest_of_the_row(tmp_path, leicestershire):
    source = (LEICS / "ks2_perf_2018.csv").read_text().splitlines()
    header, row = source[0], source[1].split(",")
    row[8] = "LOWCOV"  # Reading Progress Band
    path = tmp_path / "ks2.csv"
    path.write_text("\n".join([header, ",".join(row)]) + "\n")
    parsed = performance_read(path, key_stage=2, academic_year=2018)
    assert parsed.rejected == []
    assert parsed.withheld() == {"LOWCOV": 1}
    performance_load(actor=None, rows=parsed, key_stage=2, reason="test")
    result = KeyStage2Result.objects.get()
    assert result.reading_band is None and result.suppressed["reading_band"] == "LOWCOV"
    # The school's other results for the year are all there.
    assert result.maths_band is not None or result.suppressed.get("maths_band")
    assert result.reading_expected_pct is not None or "reading_expected_pct" in result.suppressed
