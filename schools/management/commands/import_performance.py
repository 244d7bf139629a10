from pathlib import Path

from django.core.management.base import BaseCommand

from schools.models.imports import ImportKind

from ._importing import run_import


class Command(BaseCommand):
    help = "Import a key stage 2 or 4 performance-table file for one academic year."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--key-stage", type=int, choices=[2, 4], required=True)
        parser.add_argument("--year", type=int, required=True, help="the year the academic year ends")

    def handle(self, *args, path: Path, key_stage: int, year: int, **options):
        kind = ImportKind.KS2 if key_stage == 2 else ImportKind.KS4
        run_import(self, kind=kind, path=path, academic_year=year)
