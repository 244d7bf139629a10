"""Reading the real GIAS extracts, and refusing files that are not one."""

from pathlib import Path

import pytest

from schools.importers.gias import GiasFileError, gias_read
from schools.models import School
from schools.services import schools_load

DATA = Path(__file__).resolve().parents[2] / "data"


def test_reads_the_real_leicestershire_register():
    rows = gias_read(DATA / "leicestershire" / "gias_establishments.csv")
    assert len(rows.rows) == 334
    assert rows.rejected == []
    latimer = next(r for r in rows.rows if r["urn"] == 119903)
    assert latimer["name"] == "The Latimer Primary School"
    assert latimer["la_code"] == "855"
    assert latimer["statutory_low_age"] == 4


def test_loading_twice_changes_nothing(db):
    rows = gias_read(DATA / "rotherham" / "gias_establishments.csv")
    first = schools_load(actor=None, rows=rows, reason="first")
    second = schools_load(actor=None, rows=rows, reason="again")
    assert first["created"] == 138
    assert second == {"created": 0, "updated": 0, "unchanged": 138, "skipped": 0, "rejected": 0}
    assert School.objects.count() == 138


def test_a_file_with_the_wrong_columns_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("URN,Name\n1,School\n", encoding="cp1252")
    with pytest.raises(GiasFileError, match="columns are missing"):
        gias_read(path)


def test_a_file_in_the_wrong_encoding_is_refused(tmp_path):
    source = (DATA / "leicestershire" / "gias_establishments.csv").read_bytes()
    path = tmp_path / "utf16.csv"
    path.write_bytes(source.decode("cp1252").encode("utf-16"))
    with pytest.raises(GiasFileError):
        gias_read(path)


def test_truncated_and_blank_rows_are_rejected_with_reasons(tmp_path):
    lines = (DATA / "leicestershire" / "gias_establishments.csv").read_bytes().splitlines()
    header, good, truncated = lines[0], lines[1], lines[2]
    no_urn = b"," + lines[3].split(b",", 1)[1]
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join([header, good, truncated[:40], no_urn]) + b"\n")
    rows = gias_read(path)
    assert len(rows.rows) == 1
    assert [(r.line, r.reason.split(" ")[0]) for r in rows.rejected] == [(3, "has"), (4, "blank")]
