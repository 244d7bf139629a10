"""Board papers: judged by what they hold, kept under a name no uploader chose, and served only
through the access-checked download, as an attachment, never from the media URL."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import AgendaItem, Paper
from partnership.uploads import MB
from tests.helpers import error_beside

# A Windows program renamed: "MZ", then a header full of NUL bytes.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4


def paper_url(name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": "pa", **kwargs})


def test_an_executable_renamed_pdf_is_refused_beside_the_paper_field(client_for, board, members, meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="Reading", position=3)
    response = client_for(board.clerk).post(
        paper_url("paper-new", meeting_id=meeting.pk, item_id=item.pk),
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", EXE)},
    )
    assert response.status_code == 200
    assert error_beside(response, "file") == "The file is not a PDF, whatever its name says"
    too_big = client_for(board.clerk).post(
        paper_url("paper-new", meeting_id=meeting.pk, item_id=item.pk),
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.7" + b" " * (20 * MB))},
    )
    assert error_beside(too_big, "file") == "The file must be smaller than 20 MB"
    assert not Paper.objects.exists()


@pytest.fixture
def stored_paper(client_for, board, members, meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="Reading", position=3)
    client_for(board.clerk).post(
        paper_url("paper-new", meeting_id=meeting.pk, item_id=item.pk),
        {"title": "Termly report: KS2", "file": SimpleUploadedFile("../../Termly Report.pdf", b"%PDF-1.7 x")},
    )
    paper = Paper.objects.get()
    yield paper
    paper.file.delete(save=False)


def test_a_paper_is_kept_under_a_random_name_and_downloaded_as_an_attachment(client_for, board, stored_paper):
    assert re.fullmatch(rf"papers/{stored_paper.item.meeting_id}/[0-9a-f]{{32}}\.pdf", stored_paper.file.name)
    response = client_for(board.clerk).get(
        paper_url("paper", meeting_id=stored_paper.item.meeting_id, paper_id=stored_paper.pk)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Termly report KS2.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 x"


def test_a_kept_file_cannot_be_fetched_from_the_media_url(client, client_for, board, stored_paper):
    assert stored_paper.file.storage.exists(stored_paper.file.name)
    address = settings.MEDIA_URL + stored_paper.file.name
    assert client_for(board.clerk).get(address).status_code == 404
    assert client.get(address).status_code == 404
