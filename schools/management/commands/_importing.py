"""What the import commands share: run one file through its importer and print the report."""

from pathlib import Path

from django.core.management.base import CommandError

from schools.importers.common import ImportFileError
from schools.models.imports import BENCHMARK_KINDS
from schools.services.imports import import_file
from schools.services.needs import needs_flags_refresh_all


def run_import(command, *, kind: str, path: Path, academic_year: int | None = None) -> None:
    try:
        counts, parsed = import_file(
            kind=kind,
            path=path,
            actor=None,
            reason=f"Imported from {path.name} at the command line",
            academic_year=academic_year,
        )
    except ImportFileError as error:
        raise CommandError(f"{path.name}: {error}. Nothing was imported.") from error
    command.stdout.write(
        f"{path.name}: read {len(parsed.rows) + len(parsed.rejected)} rows. "
        f"Created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}, "
        f"rejected {len(parsed.rejected)}."
    )
    for rejected in parsed.rejected:
        where = rejected.urn if kind in BENCHMARK_KINDS else f"URN {rejected.urn or 'blank'}"
        command.stdout.write(f"  line {rejected.line} ({where}): {rejected.reason}")
    if kind not in BENCHMARK_KINDS:
        needs_flags_refresh_all(reason=f"Imported {path.name}")
