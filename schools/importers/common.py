"""What every importer shares: reading the messy real files, and reporting rejected rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

# What the DfE and Ofsted files put where a value is withheld or missing.
SUPPRESSION_CODES = {"LOWCOV", "SUPP", "NE", "NP", "NA", "N/A", "NOT AVAIL", "X", "C", "Z", "DNS"}
BLANK = "blank"


class ImportFileError(ValueError):
    """The file as a whole cannot be read as the kind of file expected."""


@dataclass
class RejectedRow:
    line: int
    urn: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "urn": self.urn, "reason": self.reason}


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    # Rows read and deliberately not kept: a breakdown the portal does not hold (benchmarks only).
    not_kept: int = 0

    def reject(self, line: int, urn: str, reason: str) -> None:
        self.rejected.append(RejectedRow(line, urn, reason))

    def withheld(self) -> dict[str, int]:
        """How many values the file withheld, by the code it gave (LOWCOV, SUPP, ...); blanks are
        not counted. Each is stored as withheld, never as zero, and the rest of its row is kept."""
        counts: dict[str, int] = {}
        for row in self.rows:
            for code in row.get("suppressed", {}).values():
                if code != BLANK:
                    counts[code] = counts.get(code, 0) + 1
        return dict(sorted(counts.items()))


class RowError(ValueError):
    """One value in a row cannot be read; the row is rejected with this message."""


def decode(raw: bytes, preferred: str = "cp1252") -> str:
    """UTF-8 (with or without a byte-order mark) or Windows-1252; anything else is refused."""
    if b"\x00" in raw[:4096]:
        raise ImportFileError(
            "The file is not plain text in Windows-1252 or UTF-8 (it may be UTF-16 or a spreadsheet). "
            "Save it as CSV and try again"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode(preferred)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not in the expected encoding ({preferred}): byte {error.start} cannot be read"
        ) from error


def read_csv(path: Path | str, *, required: list[str]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the numbered rows of a CSV file, checking the columns it must have."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ImportFileError(f"The file cannot be opened: {error.strerror}") from error
    if not raw.strip():
        raise ImportFileError("The file is empty")
    reader = csv.reader(io.StringIO(decode(raw), newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except csv.Error as error:
        raise ImportFileError(f"The file is not a CSV file: {error}") from error
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(f"These columns are missing: {', '.join(missing)}")

    def rows():
        try:
            for line_number, row in enumerate(reader, start=2):
                if any(cell.strip() for cell in row):
                    yield line_number, row
        except csv.Error as error:
            raise ImportFileError(
                f"The file stops being a CSV file at line {reader.line_num}: {error}"
            ) from error

    return header, rows()


def parse_date(value: str, *formats: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"'{value}' is not a date")


def parse_int(value: str) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise RowError(f"'{value}' is not a whole number") from None


def measure(value: str, name: str, suppressed: dict, *, percent: bool = False) -> Decimal | None:
    """A number from a performance table, or None with the reason recorded in `suppressed`."""
    text = value.strip()
    if not text:
        suppressed[name] = BLANK
        return None
    if text.upper() in SUPPRESSION_CODES:
        suppressed[name] = text.upper()
        return None
    if percent:
        if not text.endswith("%"):
            raise RowError(f"'{text}' is not a percentage")
        text = text[:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowError(f"'{value.strip()}' is not a number") from None
    if percent and not 0 <= number <= 100:
        raise RowError(f"'{value.strip()}' is not between 0% and 100%")
    return number
