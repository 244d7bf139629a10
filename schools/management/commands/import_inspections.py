from pathlib import Path

from django.core.management.base import BaseCommand

from schools.models.imports import ImportKind

from ._importing import run_import


class Command(BaseCommand):
    help = "Import Ofsted judgements (URN,Rating,Inspection Date), or report cards with --report-cards."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--report-cards", action="store_true", help="the file holds report cards")

    def handle(self, *args, path: Path, report_cards: bool, **options):
        run_import(
            self,
            kind=ImportKind.REPORT_CARDS if report_cards else ImportKind.INSPECTIONS,
            path=path,
        )
