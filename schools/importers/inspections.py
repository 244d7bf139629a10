"""Ofsted files: legacy judgements (URN,Rating,Inspection Date) and report cards."""

from __future__ import annotations

from pathlib import Path

from schools.models.inspections import (
    REPORT_CARDS_FROM,
    SATISFACTORY_LAST_USED,
    Area,
    AreaGrade,
    OverallGrade,
)

from .common import ParsedFile, RowError, parse_date, parse_int, read_csv

RATINGS = {grade.label.lower(): grade.value for grade in OverallGrade}
AREA_GRADES = {grade.label.lower(): grade.value for grade in AreaGrade}
# Report-card files: one column per evaluation area, then safeguarding.
REPORT_CARD_COLUMNS = {area.value: area.label for area in Area}
OPTIONAL_AREAS = {Area.EARLY_YEARS.value, Area.SIXTH_FORM.value}


def inspections_read(path: Path | str) -> ParsedFile:
    header, rows = read_csv(path, required=["URN", "Rating", "Inspection Date"])
    at = {name: header.index(name) for name in ("URN", "Rating", "Inspection Date")}
    parsed = ParsedFile()
    for line, raw in rows:
        urn = raw[at["URN"]].strip() if len(raw) > at["URN"] else ""
        if len(raw) < len(header):
            parsed.reject(line, urn, f"has {len(raw)} columns, expected {len(header)}")
            continue
        rating = raw[at["Rating"]].strip()
        try:
            inspected_on = parse_date(raw[at["Inspection Date"]], "%Y%m%d", "%d/%m/%Y", "%Y-%m-%d")
            urn_number = parse_int(urn)
            if urn_number is None:
                raise RowError("blank URN")
            if inspected_on is None:
                raise RowError("blank inspection date")
            overall = RATINGS.get(rating.lower())
            if overall is None:
                raise RowError(f"'{rating}' is not an Ofsted overall effectiveness judgement")
            if overall == OverallGrade.SATISFACTORY and inspected_on > SATISFACTORY_LAST_USED:
                raise RowError("'Satisfactory' was not a judgement after August 2012")
            if inspected_on >= REPORT_CARDS_FROM:
                raise RowError("inspections from November 2025 are report cards, with no overall grade")
        except RowError as error:
            parsed.reject(line, urn, str(error))
            continue
        parsed.rows.append(
            {"urn": urn_number, "inspected_on": inspected_on, "overall": overall, "_line": line}
        )
    return parsed


def report_cards_read(path: Path | str) -> ParsedFile:
    required = [
        "URN",
        "Inspection Date",
        *[label for key, label in REPORT_CARD_COLUMNS.items() if key not in OPTIONAL_AREAS],
        "Safeguarding",
    ]
    header, rows = read_csv(path, required=required)
    at = {name: header.index(name) for name in header}
    parsed = ParsedFile()
    for line, raw in rows:
        urn = raw[at["URN"]].strip() if raw else ""
        if len(raw) < len(header):
            parsed.reject(line, urn, f"has {len(raw)} columns, expected {len(header)}")
            continue
        try:
            urn_number = parse_int(urn)
            inspected_on = parse_date(raw[at["Inspection Date"]], "%d/%m/%Y", "%Y-%m-%d", "%Y%m%d")
            if urn_number is None or inspected_on is None:
                raise RowError("blank URN or inspection date")
            if inspected_on < REPORT_CARDS_FROM:
                raise RowError("report cards began in November 2025")
            grades = {}
            for area, label in REPORT_CARD_COLUMNS.items():
                text = raw[at[label]].strip() if label in at else ""
                if not text:
                    if area in OPTIONAL_AREAS:
                        continue
                    raise RowError(f"no grade for {label.lower()}")
                grade = AREA_GRADES.get(text.lower())
                if grade is None:
                    raise RowError(f"'{text}' is not a report-card grade for {label.lower()}")
                grades[area] = grade
            safeguarding = raw[at["Safeguarding"]].strip().lower()
            if safeguarding not in {"met", "not met"}:
                raise RowError(f"safeguarding must be 'Met' or 'Not met', not '{safeguarding}'")
        except RowError as error:
            parsed.reject(line, urn, str(error))
            continue
        parsed.rows.append(
            {
                "urn": urn_number,
                "inspected_on": inspected_on,
                "grades": grades,
                "safeguarding_met": safeguarding == "met",
                "_line": line,
            }
        )
    return parsed
