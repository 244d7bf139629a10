"""National-size files made by scaling up the real Leicestershire files, in their own layout."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEICS = ROOT / "data" / "leicestershire"
LA_COUNT = 150


def _read(path: Path, encoding: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))
    return rows[0], [r for r in rows[1:] if r]


def write_national_files(folder: Path, *, schools: int = 26_000, seed: int = 2026) -> dict[str, Path]:
    """Write gias.csv (about `schools` rows), inspections.csv (about 60,000 rows) and KS2/KS4 files
    (about 50,000 rows between them). Leicestershire (855) keeps its real schools."""
    random.seed(seed)
    folder.mkdir(parents=True, exist_ok=True)
    header, base = _read(LEICS / "gias_establishments.csv", "cp1252")
    urn_col, la_col, la_name_col, name_col = 0, 1, 2, header.index("EstablishmentName")
    _, inspections = _read(LEICS / "inspections_to_2018.csv", "utf-8")
    by_urn: dict[str, list[list[str]]] = {}
    for row in inspections:
        by_urn.setdefault(row[0], []).append(row)
    ks2 = {year: _read(LEICS / f"ks2_perf_{year}.csv", "utf-8") for year in (2016, 2017, 2018)}
    ks4 = {year: _read(LEICS / f"ks4_perf_{year}.csv", "utf-8") for year in (2016, 2017, 2018)}
    ks2_by_urn = {year: {r[0]: r for r in rows} for year, (_, rows) in ks2.items()}
    ks4_by_urn = {year: {r[0]: r for r in rows} for year, (_, rows) in ks4.items()}

    gias_rows, inspection_rows = [], []
    ks2_rows = {year: [] for year in ks2}
    ks4_rows = {year: [] for year in ks4}
    copies = schools // len(base) + 1
    count = 0
    for copy in range(copies):
        for row in base:
            if count >= schools:
                break
            original = row[urn_col]
            new = row.copy()
            if copy:
                new[urn_col] = str(200000 + count)
                la = 100 + (count % LA_COUNT)
                new[la_col], new[la_name_col] = str(la if la != 855 else 856), f"Authority {la}"
                new[name_col] = f"{row[name_col]} ({copy})"
            gias_rows.append(new)
            for inspection in by_urn.get(original, []):
                inspection_rows.append([new[urn_col], *inspection[1:]])
            if copy and count % 5 < 3:
                # An older inspection, so that the register holds about 60,000 of them.
                older = f"{2004 + count % 4}{1 + count % 12:02d}{1 + count % 28:02d}"
                inspection_rows.append(
                    [new[urn_col], ["Good", "Satisfactory", "Outstanding"][count % 3], older]
                )
            # Every other copied school has no 2016 results: about 50,000 performance rows.
            years = (2017, 2018) if copy and count % 2 else (2016, 2017, 2018)
            for year in years:
                if original in ks2_by_urn[year]:
                    ks2_rows[year].append([new[urn_col], *ks2_by_urn[year][original][1:]])
                if original in ks4_by_urn[year]:
                    ks4_rows[year].append([new[urn_col], *ks4_by_urn[year][original][1:]])
            count += 1

    def write(name: str, head: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
        path = folder / name
        with open(path, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(head)
            writer.writerows(rows)
        return path

    paths = {
        "gias": write("gias.csv", header, gias_rows, "cp1252"),
        "inspections": write("inspections.csv", ["URN", "Rating", "Inspection Date"], inspection_rows),
    }
    for year in ks2:
        paths[f"ks2_{year}"] = write(f"ks2_{year}.csv", ks2[year][0], ks2_rows[year])
        paths[f"ks4_{year}"] = write(f"ks4_{year}.csv", ks4[year][0], ks4_rows[year])
    return paths


def row_count(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle) - 1
