"""Importing a national-size GIAS extract. Issue: at most 60 s for about 26,000 rows of 140 columns.

Run: DATABASE_URL=postgres://... python bench/import_gias.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from national_data import row_count, write_national_files
from setup_django import fresh_database

TARGET_SECONDS = 60


def main() -> None:
    fresh_database()
    from schools.models import School
    from schools.models.imports import ImportKind
    from schools.services.imports import import_file

    with tempfile.TemporaryDirectory() as folder:
        paths = write_national_files(Path(folder))
        rows = row_count(paths["gias"])
        size_mb = paths["gias"].stat().st_size / 1e6
        print(f"GIAS extract: {rows:,} rows, 140 columns, {size_mb:.1f} MB, Windows-1252")
        for label in ("first import (empty database)", "second import (same file)"):
            start = time.perf_counter()
            counts, parsed = import_file(kind=ImportKind.GIAS, path=paths["gias"], actor=None, reason="bench")
            seconds = time.perf_counter() - start
            verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
            print(
                f"  {label}: {seconds:.1f} s ({verdict} the {TARGET_SECONDS} s target); "
                f"created {counts['created']:,}, updated {counts['updated']:,}, "
                f"unchanged {counts['unchanged']:,}, rejected {len(parsed.rejected):,}"
            )
        print(
            f"  schools in the register: {School.objects.count():,}; history rows: {School.history.count():,}"
        )


if __name__ == "__main__":
    main()
