"""An import file must be a CSV file by what it holds, and is kept under a name no uploader chose."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import ImportRun
from tests.helpers import error_beside

# A Windows program renamed: "MZ", then a header full of NUL bytes.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4


def test_an_executable_renamed_csv_is_refused_beside_the_import_field(client_for, la_officer_a):
    response = client_for(la_officer_a).post(
        reverse("schools:imports", kwargs={"partnership_slug": "pa"}),
        {"kind": "gias", "file": SimpleUploadedFile("register.csv", EXE, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert error_beside(response, "file") == "The file is not a CSV file, whatever its name says"
    assert not ImportRun.objects.exists()


def test_an_imported_file_is_kept_under_a_name_the_uploader_did_not_choose(client_for, la_officer_a):
    client_for(la_officer_a).post(
        reverse("schools:imports", kwargs={"partnership_slug": "pa"}),
        {
            "kind": "gias",
            "file": SimpleUploadedFile("<script>register.csv", b"URN\n", content_type="text/csv"),
        },
    )
    run = ImportRun.objects.get()
    assert run.original_name == "<script>register.csv"  # shown to people, escaped like any text
    assert re.fullmatch(r"imports/\d{4}/\d{2}/[0-9a-f]{32}\.csv", run.file.name)
    run.file.delete(save=False)
