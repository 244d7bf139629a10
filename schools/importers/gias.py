"""Reading the GIAS establishment extract (cp1252, 140 columns, dates as dd-mm-yyyy)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = {
    "urn": "URN",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "name": "EstablishmentName",
    "type_group": "EstablishmentTypeGroup (name)",
    "status": "EstablishmentStatus (name)",
    "open_date": "OpenDate",
    "close_date": "CloseDate",
    "phase": "PhaseOfEducation (name)",
    "statutory_low_age": "StatutoryLowAge",
    "statutory_high_age": "StatutoryHighAge",
    "sixth_form": "OfficialSixthForm (name)",
    "gender": "Gender (name)",
    "religious_character": "ReligiousCharacter (name)",
    "street": "Street",
    "town": "Town",
    "postcode": "Postcode",
}
REQUIRED = ("urn", "la_code", "name")


class GiasFileError(ValueError):
    """The file as a whole cannot be read as a GIAS extract."""


@dataclass
class RejectedRow:
    line: int
    urn: str
    reason: str


@dataclass
class GiasRows:
    rows: list[dict] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


def _date(value: str) -> dt.date | None:
    value = value.strip()
    return dt.datetime.strptime(value, "%d-%m-%Y").date() if value else None


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value else None


def _lines(path: Path) -> Iterator[str]:
    try:
        with open(path, encoding="cp1252", newline="") as handle:
            yield from handle
    except UnicodeDecodeError as error:
        raise GiasFileError(
            f"The file is not in the GIAS encoding (Windows-1252): {error}"
        ) from error


def gias_read(path: Path) -> GiasRows:
    reader = csv.reader(_lines(Path(path)))
    header = next(reader, None)
    if header is None:
        raise GiasFileError("The file is empty")
    missing = [column for column in COLUMNS.values() if column not in header]
    if missing:
        raise GiasFileError(f"These GIAS columns are missing: {', '.join(missing)}")
    index = {key: header.index(column) for key, column in COLUMNS.items()}
    result = GiasRows()
    for line_number, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        urn = raw[0].strip() if raw else ""
        if len(raw) != len(header):
            result.rejected.append(
                RejectedRow(line_number, urn, f"has {len(raw)} columns, expected {len(header)}")
            )
            continue
        values = {key: raw[i].strip() for key, i in index.items()}
        blank = [COLUMNS[key] for key in REQUIRED if not values[key]]
        if blank:
            result.rejected.append(RejectedRow(line_number, urn, f"blank {', '.join(blank)}"))
            continue
        try:
            row = {
                **values,
                "urn": int(values["urn"]),
                "open_date": _date(values["open_date"]),
                "close_date": _date(values["close_date"]),
                "statutory_low_age": _int(values["statutory_low_age"]),
                "statutory_high_age": _int(values["statutory_high_age"]),
            }
        except ValueError as error:
            result.rejected.append(RejectedRow(line_number, urn, f"unreadable value: {error}"))
            continue
        result.rows.append(row)
    return result
