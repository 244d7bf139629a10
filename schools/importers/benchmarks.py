"""Published figures about whole areas (decision 0034): the DfE's Local Authority Interactive Tool
(LAIT) in its long layout, its data dictionary, and the DfE statistics "tidy data" files of the
alternative provision census and of the school census's AP placements arranged by schools.

The real files' quirks, each handled here and reported rather than guessed at:
- LAIT values are text: plain numbers, scientific notation ("2.385E-2"), and marks where a value is
  withheld ("-", "x", "c"). A mark is kept as withheld, never as zero.
- LAIT names a measure's title only on its first row ("Data item" is blank after it), so the title
  comes from the dictionary where there is one.
- Period labels are mixed ("2023/24", "2016-17 (OT)", "2025 (Rev)", "2021/22-23/24"); only a label
  written as one academic year ("2023/24", with a revision mark such as "(prov)" or none) gets an
  academic year; financial years ("2016-17 (OT)", an outturn) and spans are kept by their label.
- Region names differ in capitals between rows ("Yorkshire and The Humber"), so regions are matched
  by the name folded to lower case.
- Numbers are stored to eight decimal places, so "8.4430000000000005E-2" and a re-import of it read
  the same and a second import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from schools.models.benchmarks import AreaLevel, BenchmarkSource

from .common import BLANK, SUPPRESSION_CODES, ImportFileError, ParsedFile, RowError, read_csv

PLACES = Decimal("0.00000001")
# Marks the DfE's statistics put where a value is withheld or not applicable, as well as the codes
# the performance tables use.
WITHHELD_MARKS = {"-", "X", "C", "Z", "U", ":", "..", "~", "LOW", *SUPPRESSION_CODES}
LAIT_COLUMNS = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
DICTIONARY_COLUMNS = [
    "Measure_short",
    "Measure",
    "Topic",
    "Polarity",
    "y_axis_name",
    "Description",
    "Methodology",
    "Last Update",
    "Hyperlink(s)",
]
DICTIONARY_OWNER = "Data Owner (DO) /Supplier and Contact Details"
TIDY_COLUMNS = ["time_period", "geographic_level", "old_la_code", "la_name", "region_name"]
TIDY_LEVELS = {
    "local authority": AreaLevel.LA,
    "regional": AreaLevel.REGION,
    "national": AreaLevel.ENGLAND,
}
# "2023/24", "2023/24 (prov)": one academic year, written as the DfE writes one, with at most a mark
# of which publication it is. A hyphen ("2016-17 (OT)") is how LAIT writes a financial year.
ONE_ACADEMIC_YEAR = re.compile(r"^(\d{4})\s*/\s*(\d{2})(?:\s*\((\w+)\))?$")
# Where a year is published more than once, the later publication wins: final over revised over
# the unmarked figure over the provisional one. Any other mark is not a revision.
REVISIONS = {"final": 3, "rev": 2, "revised": 2, "r": 2, "": 1, "prov": 0, "provisional": 0, "p": 0}
# Excel counts days from 30 December 1899; the dictionary's dates are such counts.
EXCEL_EPOCH = dt.date(1899, 12, 30)

# The AP measures have no dictionary: what they are, in the portal's words (decision 0034).
AP_CENSUS_PUPILS = "ap_census_pupils"
SCHOOL_CENSUS_AP_PUPILS = "school_census_ap_pupils"
AP_MEASURES = {
    AP_CENSUS_PUPILS: {
        "source": BenchmarkSource.AP_CENSUS,
        "title": "Pupils in alternative provision arranged and funded by the local authority",
        "topic": "Alternative provision",
        "unit": "pupils on the census day in January",
        "description": (
            "The alternative provision census counts, on one day each January, the pupils aged 2 to 18 for "
            "whom the local authority pays the full fees at a school it does not maintain (an independent or "
            "non-maintained special school, say), or whom it educates other than at a school under "
            "arrangements it makes and funds: tuition, a hospital, a college or another registered provider. "
            "Pupils on roll at a pupil referral unit, an AP academy or an AP free school are not in it: the "
            "school census counts them."
        ),
        "published_by": "Department for Education",
        "links": "https://www.gov.uk/guidance/alternative-provision-ap-census",
    },
    SCHOOL_CENSUS_AP_PUPILS: {
        "source": BenchmarkSource.SCHOOL_CENSUS_AP,
        "title": "Pupils in alternative provision arranged by their school",
        "topic": "Alternative provision",
        "unit": "pupils in the school census's alternative provision module",
        "description": (
            "From 2022/23 the school census asks state-funded mainstream and special schools for each "
            "placement in alternative provision that the school itself arranged (off-site, to improve "
            "behaviour or during a suspension, for a medical need or for another reason). The figure is "
            "pupils, by the kind of setting and by the reason for the placement; a pupil placed twice, in "
            "two kinds of setting, is counted under each."
        ),
        "published_by": "Department for Education",
        "links": "https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england",
    },
}


def fold(name: str) -> str:
    """A region's name as a key: lower case, single spaces."""
    return " ".join(name.casefold().split())


def academic_year_ending(period: str) -> int | None:
    """The year an academic year ends (2024 for "2023/24" or "2023/24 (prov)"), or None for a label
    that names no single academic year ("2016-17 (OT)", a financial year; "2025 (Rev)", "2014-16",
    "2021/22-23/24")."""
    match = ONE_ACADEMIC_YEAR.match(period.strip())
    if not match or (match.group(3) or "").casefold() not in REVISIONS:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return start + 1 if (start + 1) % 100 == end else None


def revision_rank(period: str) -> int | None:
    """Which publication of a year a label marks (see REVISIONS), or None for a mark that is not one."""
    match = re.search(r"\((\w+)\)\s*$", period.strip())
    return REVISIONS.get((match.group(1) if match else "").casefold())


def value_or_withheld(text: str) -> tuple[Decimal | None, str]:
    """A published value as a number to eight places, or None with the file's mark."""
    text = text.strip()
    if not text:
        return None, BLANK
    if text.upper() in WITHHELD_MARKS:
        return None, text.lower() if len(text) == 1 else text.upper()
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise RowError(f"'{text}' is neither a number nor a mark for a withheld value") from None
    if not number.is_finite():
        raise RowError(f"'{text}' is not a number")
    if abs(number) >= Decimal(10) ** 12:
        raise RowError(f"'{text}' is too large to be a published figure")
    return number.quantize(PLACES, rounding=ROUND_HALF_UP), ""


def _row(line: int, **fields) -> dict:
    row = {"_line": line, "breakdown": "", "region_key": "", **fields}
    row["suppressed"] = {"value": row["withheld"]} if row["withheld"] else {}
    return row


class _Repeats:
    """Refuses a second row for the same measure, area, period and breakdown."""

    def __init__(self):
        self.seen: dict[tuple, int] = {}

    def check(self, line: int, row: dict) -> None:
        key = (row["measure"], row["area_level"], row["area_key"], row["period"], row["breakdown"])
        first = self.seen.setdefault(key, line)
        if first != line:
            raise RowError(f"repeats line {first} (the same measure, area and period)")


def _lait_area(name: str, number: str, region: str) -> dict:
    if fold(name) == "england":
        return {"area_level": AreaLevel.ENGLAND, "area_key": "england"}
    if region.strip().upper() in {"", "NA"}:
        return {"area_level": AreaLevel.REGION, "area_key": fold(name)}
    try:
        code = int(Decimal(number.strip()))
    except InvalidOperation:
        raise RowError(f"'{number}' is not an LA number") from None
    if not 100 <= code <= 999:
        raise RowError(f"'{number}' is not a three-digit LA number")
    return {"area_level": AreaLevel.LA, "area_key": str(code), "region_key": fold(region)}


def lait_read(path: Path | str) -> ParsedFile:
    header, rows = read_csv(path, required=LAIT_COLUMNS)
    at = {name: header.index(name) for name in LAIT_COLUMNS}
    parsed, repeats = ParsedFile(), _Repeats()
    for line, raw in rows:
        cell = {name: (raw[i].strip() if i < len(raw) else "") for name, i in at.items()}
        label = f"{cell['Short Desc'] or '(no measure)'}, {cell['LA and Regions'] or '(no area)'}"
        try:
            if len(raw) != len(header):
                raise RowError(f"has {len(raw)} columns, expected {len(header)}")
            if not cell["Short Desc"]:
                raise RowError("no measure code (Short Desc)")
            if not cell["LA and Regions"]:
                raise RowError("no area (LA and Regions)")
            if not cell["Years"]:
                raise RowError("no period (Years)")
            if len(cell["Short Desc"]) > 60 or len(cell["Years"]) > 40 or len(cell["LA and Regions"]) > 100:
                raise RowError("a measure code, period or area name is longer than any published one")
            value, withheld = value_or_withheld(cell["Values"])
            row = _row(
                line,
                source=BenchmarkSource.LAIT,
                measure=cell["Short Desc"],
                title=cell["Data item"],
                area_name=" ".join(cell["LA and Regions"].split()),
                period=cell["Years"],
                academic_year=academic_year_ending(cell["Years"]),
                value=value,
                withheld=withheld,
            )
            row.update(_lait_area(cell["LA and Regions"], cell["LA Number"], cell["Region"]))
            repeats.check(line, row)
        except RowError as error:
            parsed.reject(line, label, str(error))
            continue
        parsed.rows.append(row)
    return parsed


def _excel_date(text: str) -> dt.date | None:
    """The dictionary's "Last Update": a count of days, a date, or words ("New data") that say no
    date, kept as none rather than losing the measure's definition."""
    text = text.strip()
    if not text or text.upper() == "NA":
        return None
    if text.isdigit():
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def lait_dictionary_read(path: Path | str) -> ParsedFile:
    header, rows = read_csv(path, required=DICTIONARY_COLUMNS)
    at = {name: i for i, name in enumerate(header)}
    parsed, seen = ParsedFile(), {}  # code -> its first row
    for line, raw in rows:
        cell = {name: (raw[i].strip() if i < len(raw) else "") for name, i in at.items()}
        code = cell["Measure_short"]
        try:
            if len(raw) != len(header):
                raise RowError(f"has {len(raw)} columns, expected {len(header)}")
            if not code or len(code) > 60:
                raise RowError("no measure code (Measure_short), or one longer than 60 characters")
            if not cell["Measure"]:
                raise RowError("no title (Measure)")
            if code in seen:
                first = seen[code]
                if cell.get("Measure_code") and cell.get("Measure_code") == first["measure_number"]:
                    # The LAIT lists some measures under two topics: one measure, both topics.
                    if cell["Topic"] and cell["Topic"] not in first["topic"].split("; "):
                        first["topic"] = f"{first['topic']}; {cell['Topic']}"[:200]
                    continue
                raise RowError(f"repeats line {first['_line']} (the same measure code)")
            polarity = cell["Polarity"].casefold()
            row = {
                "_line": line,
                "code": code,
                "title": cell["Measure"][:300],
                "topic": cell["Topic"][:200],
                "unit": cell["y_axis_name"][:200],
                "lower_is_better": {"low": True, "high": False}.get(polarity),
                "description": cell["Description"][:10_000],
                "methodology": cell["Methodology"][:10_000],
                "published_by": cell.get(DICTIONARY_OWNER, "")[:300],
                "links": cell["Hyperlink(s)"][:2_000],
                "last_updated": _excel_date(cell["Last Update"]),
                "year_type": cell.get("Year_Type", "")[:40],
            }
        except RowError as error:
            parsed.reject(line, code, str(error))
            continue
        row["measure_number"] = cell.get("Measure_code", "")
        seen[code] = row
        parsed.rows.append(row)
    return parsed


def _tidy_kind(header: list[str]) -> tuple[str, str]:
    if "number_of_pupils" in header and {"gender", "age", "ethnicity_minor", "fsm"} <= set(header):
        return AP_CENSUS_PUPILS, "number_of_pupils"
    if "pupils" in header and {"characteristic_grouping", "pupil_characteristic", "setting_type"} <= set(
        header
    ):
        return SCHOOL_CENSUS_AP_PUPILS, "pupils"
    raise ImportFileError(
        "The file is not an alternative provision file the portal knows: it needs either the AP "
        "census's columns (gender, age, ethnicity_minor, fsm, number_of_pupils) or the school "
        "census's (characteristic_grouping, pupil_characteristic, setting_type, pupils)"
    )


def _breakdown(measure: str, cell: dict) -> str | None:
    """The breakdown a row is, "" for the whole area, or None for one the portal does not keep."""
    if measure == AP_CENSUS_PUPILS:
        whole = all(cell[name] == "Total" for name in ("gender", "age", "ethnicity_minor", "fsm"))
        return "" if whole else None
    grouping, characteristic, setting = (
        cell["characteristic_grouping"],
        cell["pupil_characteristic"],
        cell["setting_type"],
    )
    if grouping == "Total" and characteristic == "Total":
        return "" if setting == "Total" else f"Setting: {setting}"[:200]
    if setting == "Total":
        return f"Reason: {characteristic}"[:200]
    return None


def _tidy_period(text: str) -> tuple[str, int]:
    if not re.fullmatch(r"\d{6}", text) or (int(text[:4]) + 1) % 100 != int(text[4:]):
        raise RowError(f"'{text}' is not an academic year (like 202223)")
    return f"{text[:4]}/{text[4:]}", int(text[:4]) + 1


def ap_census_read(path: Path | str) -> ParsedFile:
    header, rows = read_csv(path, required=TIDY_COLUMNS)
    measure, value_column = _tidy_kind(header)
    at = {name: i for i, name in enumerate(header)}
    parsed, repeats = ParsedFile(), _Repeats()
    for line, raw in rows:
        cell = {name: (raw[i].strip() if i < len(raw) else "") for name, i in at.items()}
        label = cell["la_name"] or cell["region_name"] or "(no area)"
        try:
            if len(raw) != len(header):
                raise RowError(f"has {len(raw)} columns, expected {len(header)}")
            breakdown = _breakdown(measure, cell)
            if breakdown is None:
                parsed.not_kept += 1
                continue
            level = TIDY_LEVELS.get(cell["geographic_level"].casefold())
            if level is None:
                raise RowError(f"'{cell['geographic_level']}' is not a level the portal keeps")
            period, year = _tidy_period(cell["time_period"])
            value, withheld = value_or_withheld(cell[value_column])
            row = _row(
                line,
                source=AP_MEASURES[measure]["source"],
                measure=measure,
                title=AP_MEASURES[measure]["title"],
                period=period,
                academic_year=year,
                breakdown=breakdown,
                value=value,
                withheld=withheld,
            )
            if level == AreaLevel.LA:
                code = cell["old_la_code"]
                if not re.fullmatch(r"\d{3}", code):
                    raise RowError(f"'{code}' is not a three-digit LA code")
                row.update(
                    area_level=level,
                    area_key=code,
                    area_name=cell["la_name"][:100],
                    region_key=fold(cell["region_name"]),
                )
            elif level == AreaLevel.REGION:
                row.update(
                    area_level=level, area_key=fold(cell["region_name"]), area_name=cell["region_name"][:100]
                )
            else:
                row.update(area_level=level, area_key="england", area_name="England")
            repeats.check(line, row)
        except RowError as error:
            parsed.reject(line, label, str(error))
            continue
        parsed.rows.append(row)
    return parsed
