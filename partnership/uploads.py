"""Checking an uploaded file before it is kept, and naming it safely.

A file is judged by what it holds as well as by its name: a PDF must start as a PDF does, a Word,
Excel or PowerPoint file must be a ZIP holding that kind of document, an OpenDocument file must say
which kind it is, and a CSV or text file must be text (UTF-8 or Windows-1252, with no NUL bytes).
Kept files are named by the portal, never by the uploader, and are served only through views that
check who is asking (decision record 0015).
"""

from __future__ import annotations

import codecs
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

MB = 1024 * 1024
CHUNK = 1024 * 1024


class UploadRefused(ValueError):
    """The file cannot be kept; the message is shown beside the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _is_pdf(upload) -> bool:
    return _head(upload, 5) == b"%PDF-"


def _zip_holding(*parts: str) -> Callable[[object], bool]:
    """An Office Open XML file (Word, Excel, PowerPoint): a ZIP with its content types and main part."""

    def check(upload) -> bool:
        names = _zip_names(upload)
        return names is not None and "[Content_Types].xml" in names and all(p in names for p in parts)

    return check


def _open_document(mimetype: str) -> Callable[[object], bool]:
    """An OpenDocument file: a ZIP whose `mimetype` entry names the kind of document."""

    def check(upload) -> bool:
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                entry = archive.getinfo("mimetype")
                # Read only a short, stored entry: never inflate whatever the uploader packed.
                if entry.file_size > 100:
                    return False
                return archive.read(entry).strip() == mimetype.encode()
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
            return False
        finally:
            upload.seek(0)

    return check


def _is_text(upload) -> bool:
    """UTF-8 (with or without a byte-order mark) or Windows-1252, as the importers read, and no NULs."""
    try:
        return _decodes(upload, "utf-8") or _decodes(upload, "cp1252")
    finally:
        upload.seek(0)


def _decodes(upload, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in upload.chunks(CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _zip_names(upload) -> set[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


# What each kind is called in a message, and how to tell it by its content.
KINDS: dict[str, tuple[str, Callable[[object], bool]]] = {
    ".pdf": ("a PDF", _is_pdf),
    ".docx": ("a Word document", _zip_holding("word/document.xml")),
    ".xlsx": ("an Excel workbook", _zip_holding("xl/workbook.xml")),
    ".pptx": ("a PowerPoint presentation", _zip_holding("ppt/presentation.xml")),
    ".odt": ("an OpenDocument text", _open_document("application/vnd.oasis.opendocument.text")),
    ".ods": ("an OpenDocument spreadsheet", _open_document("application/vnd.oasis.opendocument.spreadsheet")),
    ".odp": (
        "an OpenDocument presentation",
        _open_document("application/vnd.oasis.opendocument.presentation"),
    ),
    ".txt": ("a text file", _is_text),
    ".csv": ("a CSV file", _is_text),
}

SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def check_upload(upload, *, allowed: Iterable[str], max_bytes: int, wrong_type: str) -> str:
    """Refuse a file of the wrong kind, by its name or by what it holds, or too big to keep.

    Returns the file's suffix in lower case. `wrong_type` is the message for a name that is not
    one of the `allowed` suffixes.
    """
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in allowed or suffix not in KINDS:
        raise UploadRefused(wrong_type)
    if upload.size > max_bytes:
        raise UploadRefused(f"The file must be smaller than {max_bytes // MB} MB")
    if not upload.size:
        raise UploadRefused("The file is empty")
    label, holds_what_it_says = KINDS[suffix]
    if not holds_what_it_says(upload):
        message = f"The file is not {label}, whatever its name says"
        if suffix == ".csv" and _head(upload, 4) in SPREADSHEET_SIGNATURES:
            message += ". If it is a spreadsheet, save it as CSV and upload that"
        raise UploadRefused(message)
    return suffix


def stored_name(suffix: str) -> str:
    """A name for keeping a file that no uploader chose: random, with the checked suffix."""
    return f"{secrets.token_hex(16)}{suffix}"


def download_name(title: str, suffix: str, *, fallback: str = "file") -> str:
    """A plain file name for a download, made from the record's title."""
    words = re.sub(r"\s+", " ", re.sub(r"[^\w\- ]+", "", title))[:80].strip()
    return f"{words or fallback}{suffix}"
