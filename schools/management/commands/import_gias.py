from pathlib import Path

from django.core.management.base import BaseCommand

from schools.models.imports import ImportKind

from ._importing import run_import


class Command(BaseCommand):
    help = "Import a GIAS establishment extract (the 140-column CSV, Windows-1252 or UTF-8)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        run_import(self, kind=ImportKind.GIAS, path=path)
