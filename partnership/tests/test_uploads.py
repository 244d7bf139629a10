"""Uploaded files are judged by what they hold as well as by their names."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.uploads import MB, UploadRefused, check_upload, download_name

# The start of a Windows program: "MZ", then the header, full of NUL bytes.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4
PAPER_TYPES = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".txt", ".csv"}


def zipped(**entries: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped(**{"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
XLSX = zipped(**{"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped(mimetype=b"application/vnd.oasis.opendocument.text", **{"content.xml": b"<office/>"})


def refusal(name: str, content: bytes, allowed=PAPER_TYPES, max_bytes: int = 20 * MB) -> str | None:
    try:
        check_upload(
            SimpleUploadedFile(name, content), allowed=allowed, max_bytes=max_bytes, wrong_type="wrong"
        )
    except UploadRefused as refused:
        return refused.message
    return None


@pytest.mark.parametrize(
    "name, content",
    [
        ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("paper.docx", DOCX),
        ("paper.xlsx", XLSX),
        ("paper.odt", ODT),
        ("notes.txt", "Minutes drafted by the clerk – 22 November 2026".encode()),
        ("notes.txt", "Café budget".encode("cp1252")),
        ("figures.csv", b"\xef\xbb\xbfURN,Name\n120000,School\n"),
    ],
)
def test_files_that_are_what_their_names_say_are_accepted(name, content):
    assert refusal(name, content) is None


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("report.pdf", EXE, "The file is not a PDF, whatever its name says"),
        ("report.docx", XLSX, "The file is not a Word document, whatever its name says"),
        ("report.docx", b"PK\x03\x04 but not really a zip", "The file is not a Word document"),
        ("report.xlsx", DOCX, "The file is not an Excel workbook"),
        (
            "report.odt",
            zipped(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
            "not an OpenDocument text",
        ),
        ("notes.txt", EXE, "The file is not a text file"),
        ("figures.csv", b"URN,Name\n120000,Sch\x00ool\n", "The file is not a CSV file"),
        ("figures.csv", XLSX, "If it is a spreadsheet, save it as CSV"),
        ("run.exe", EXE, "wrong"),
        ("report", b"%PDF-1.7", "wrong"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, message):
    assert message in (refusal(name, content) or "")


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message():
    assert refusal("big.csv", b"a,b\n" * 300, max_bytes=1000) == "The file must be smaller than 0 MB"
    assert refusal("big.csv", b"a,b\n" * 300, max_bytes=MB) is None
    assert refusal("big.csv", b"a" * (MB + 1), max_bytes=MB) == "The file must be smaller than 1 MB"


def test_a_download_name_is_made_from_the_title_without_path_or_quote_characters():
    assert download_name('Head\'s report: "Y6" ../../etc/passwd', ".pdf") == "Heads report Y6 etcpasswd.pdf"
    assert download_name("///", ".pdf", fallback="paper") == "paper.pdf"
