"""KS2 and KS4 performance tables: "92%" strings, blanks and suppression codes."""

from __future__ import annotations

from pathlib import Path

from .common import SUPPRESSION_CODES, ParsedFile, RowError, measure, parse_int, read_csv

BANDS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}

# field -> (column, is a percentage)
KS2_MEASURES = {
    "reading_progress": ("Reading Progress", False),
    "reading_score": ("Reading Score", False),
    "reading_expected_pct": ("Reading Meet Std", True),
    "reading_higher_pct": ("Reading Exceed Std", True),
    "writing_progress": ("Writing Progress", False),
    "writing_expected_pct": ("Writing Meet Std", True),
    "writing_higher_pct": ("Writing Exceed Std", True),
    "maths_progress": ("Maths Progress", False),
    "maths_score": ("Maths Score", False),
    "maths_expected_pct": ("Maths Meet Std", True),
    "maths_higher_pct": ("Maths Exceed Std", True),
    "rwm_expected_pct": ("Overall Meet Std", True),
    "rwm_higher_pct": ("Overall Exceed Std", True),
}
KS2_BANDS = {
    "reading_band": "Reading Progress Band",
    "writing_band": "Writing Progress Band",
    "maths_band": "Maths Progress Band",
}
KS4_MEASURES = {
    "progress8": ("Progress 8", False),
    "attainment8": ("Attainment 8", False),
    "eng_maths_grade5_pct": ("Eng Maths Grade 5", True),
    "ebacc_entry_pct": ("Entering EBacc", True),
    "ebacc_average": ("EBacc Avg Score", False),
    "ebacc_grade5_pct": ("EBacc Grade 5", True),
}
KS4_BANDS = {"progress8_band": "Progress 8 Band"}
PUPILS = {2: "KS2 Pupils", 4: "KS4 Pupils"}


def performance_read(path: Path | str, *, key_stage: int, academic_year: int) -> ParsedFile:
    measures, bands = (KS2_MEASURES, KS2_BANDS) if key_stage == 2 else (KS4_MEASURES, KS4_BANDS)
    required = ["URN", PUPILS[key_stage], *[c for c, _ in measures.values()], *bands.values()]
    header, rows = read_csv(path, required=required)
    at = {name: i for i, name in enumerate(header)}
    year_column = at.get("Academic Year")
    parsed = ParsedFile()
    for line, raw in rows:
        urn = raw[at["URN"]].strip() if raw else ""
        if len(raw) != len(header):
            parsed.reject(line, urn, f"has {len(raw)} columns, expected {len(header)}")
            continue
        try:
            urn_number = parse_int(urn)
            if urn_number is None:
                raise RowError("blank URN")
            if year_column is not None and raw[year_column].strip():
                year = parse_int(raw[year_column])
                if year != academic_year:
                    raise RowError(f"the row is for {year}, not {academic_year}")
            suppressed: dict[str, str] = {}
            row = {"urn": urn_number, "academic_year": academic_year}
            pupils = raw[at[PUPILS[key_stage]]].strip()
            digits = pupils.replace(",", "")
            row["pupils"] = parse_int(pupils) if digits.isascii() and digits.isdigit() else None
            if row["pupils"] is None:
                suppressed["pupils"] = pupils.upper() or "blank"
            for name, (column, percent) in measures.items():
                row[name] = measure(raw[at[column]], name, suppressed, percent=percent)
            for name, column in bands.items():
                text = raw[at[column]].strip()
                if text.upper() in SUPPRESSION_CODES:
                    # A band withheld for low coverage keeps the rest of the school's row.
                    suppressed[name] = text.upper()
                    row[name] = None
                    continue
                if text and text not in BANDS:
                    raise RowError(f"'{text}' is not a progress band from 1 to 5")
                row[name] = BANDS.get(text)
            row["suppressed"] = suppressed
        except RowError as error:
            parsed.reject(line, urn, str(error))
            continue
        row["_line"] = line
        parsed.rows.append(row)
    return parsed
