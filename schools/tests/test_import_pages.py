"""Uploading a file in the browser: the task runs, the page shows the report."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import ImportRun, School
from schools.services import import_run_process
from tests.helpers import pinned_queries, text_of

DATA = Path(__file__).resolve().parents[2] / "data"


def upload(client, name, content, **data):
    return client.post(
        reverse("schools:imports", kwargs={"partnership_slug": "pa"}),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv"), **data},
    )


@pytest.fixture
def gias_bytes():
    return (DATA / "leicestershire" / "gias_establishments.csv").read_bytes()


def test_officer_uploads_the_register_and_reads_the_report(
    client_for, la_officer_a, gias_bytes, django_capture_on_commit_callbacks
):
    client = client_for(la_officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "register.csv", gias_bytes, kind="gias")
    run = ImportRun.objects.get()
    assert response["Location"] == reverse(
        "schools:import", kwargs={"partnership_slug": "pa", "run_id": run.pk}
    )
    assert (run.status, run.created, run.rows_read) == ("done", 334, 334)
    assert School.objects.count() == 334
    assert School.history.filter(history_user=la_officer_a).count() == 334
    client.get(response["Location"])
    # session, user, context, the run, chooser
    with pinned_queries(5):
        page = client.get(response["Location"])
    assert "Created 334" in text_of(page)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "register.csv", gias_bytes, kind="gias")
    again = ImportRun.objects.order_by("-pk").first()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 334)


def test_rejected_rows_are_listed_with_their_reasons(
    client_for, la_officer_a, gias_bytes, django_capture_on_commit_callbacks
):
    lines = gias_bytes.splitlines()
    broken = b"\n".join([lines[0], lines[1], lines[2][:30], b"," + lines[3].split(b",", 1)[1]]) + b"\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client_for(la_officer_a), "broken.csv", broken, kind="gias")
    page = text_of(client_for(la_officer_a).get(response["Location"]))
    assert "Rejected 2" in page
    assert "has 5 columns, expected 140" in page
    assert "blank URN" in page


def test_a_file_that_cannot_be_read_fails_and_saves_nothing(
    client_for, la_officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client_for(la_officer_a), "wrong.csv", b"URN,Name\n1,x\n", kind="gias")
    page = text_of(client_for(la_officer_a).get(response["Location"]))
    assert "The file could not be imported" in page
    assert "These columns are missing" in page
    assert School.objects.count() == 0


@pytest.mark.parametrize(
    "data, name, message",
    [
        ({}, "a.csv", "Select what is in the file"),
        ({"kind": "ks2"}, "a.csv", "Enter the academic year the results are for"),
        ({"kind": "gias"}, "a.xlsx", "The file must be a CSV file"),
    ],
)
def test_bad_uploads_are_explained(client_for, la_officer_a, data, name, message):
    response = upload(client_for(la_officer_a), name, b"URN\n1\n", **data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not ImportRun.objects.exists()


def test_a_run_is_processed_once_even_if_the_task_is_delivered_twice(la_admin_a, partnership_a):
    from tests.factories import ImportRunFactory

    run = ImportRunFactory(
        partnership=partnership_a,
        uploaded_by=la_admin_a,
        status="queued",
        file=SimpleUploadedFile("x.csv", b"URN\n"),
    )
    first = import_run_process(run.pk)
    assert first is not None and first.status == "failed"
    assert import_run_process(run.pk) is None


def test_only_the_la_imports(client_for, head_x, la_officer_b):
    assert (
        client_for(head_x).get(reverse("schools:imports", kwargs={"partnership_slug": "pa"})).status_code
        == 404
    )


def test_the_report_says_how_many_values_the_file_withheld(client_for, la_officer_a, partnership_a):
    run = ImportRun.objects.create(
        partnership=partnership_a,
        kind="ks2",
        academic_year=2018,
        original_name="ks2.csv",
        uploaded_by=la_officer_a,
        status="done",
        rows_read=3,
        withheld={"LOWCOV": 2, "SUPP": 1},
    )
    page = text_of(
        client_for(la_officer_a).get(
            reverse("schools:import", kwargs={"partnership_slug": "pa", "run_id": run.pk})
        )
    )
    assert "Values the file withheld 2 marked LOWCOV (low coverage) 1 marked SUPP (suppressed)" in page
