"""The GIAS establishment extract: cp1252, 140 columns, dates as dd-mm-yyyy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from .common import ImportFileError, ParsedFile, RowError, parse_date, parse_int, read_csv

COLUMNS = {
    "urn": "URN",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "name": "EstablishmentName",
    "establishment_type": "TypeOfEstablishment (name)",
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
    "diocese": "Diocese (name)",
    "pupils": "NumberOfPupils",
    "percent_fsm": "PercentageFSM",
    "trust_name": "Trusts (name)",
    "street": "Street",
    "town": "Town",
    "postcode": "Postcode",
}
REQUIRED = ("urn", "la_code", "name")
GiasFileError = ImportFileError


def _percent(value: str) -> Decimal | None:
    value = value.strip().rstrip("%")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowError(f"'{value}' is not a percentage") from None
    if not 0 <= number <= 100:
        raise RowError(f"'{value}' is not between 0 and 100")
    return number.quantize(Decimal("0.1"))


def gias_read(path: Path | str) -> ParsedFile:
    header, rows = read_csv(path, required=list(COLUMNS.values()))
    index = {key: header.index(column) for key, column in COLUMNS.items()}
    parsed = ParsedFile()
    for line, raw in rows:
        urn = raw[0].strip() if raw else ""
        if len(raw) != len(header):
            parsed.reject(line, urn, f"has {len(raw)} columns, expected {len(header)}")
            continue
        values = {key: raw[i].strip() for key, i in index.items()}
        blank = [COLUMNS[key] for key in REQUIRED if not values[key]]
        if blank:
            parsed.reject(line, urn, f"blank {', '.join(blank)}")
            continue
        try:
            row = {
                **values,
                "urn": parse_int(values["urn"]),
                "open_date": parse_date(values["open_date"], "%d-%m-%Y"),
                "close_date": parse_date(values["close_date"], "%d-%m-%Y"),
                "statutory_low_age": parse_int(values["statutory_low_age"]),
                "statutory_high_age": parse_int(values["statutory_high_age"]),
                "pupils": parse_int(values["pupils"]),
                "percent_fsm": _percent(values["percent_fsm"]),
            }
        except RowError as error:
            parsed.reject(line, urn, str(error))
            continue
        row["_line"] = line
        parsed.rows.append(row)
    return parsed
