from pathlib import Path

from django.core.management.base import BaseCommand

from schools.models.imports import ImportKind

from ._importing import run_import

KINDS = {
    "lait": ImportKind.LAIT,
    "lait-dictionary": ImportKind.LAIT_DICTIONARY,
    "ap-census": ImportKind.AP_CENSUS,
}


class Command(BaseCommand):
    help = (
        "Import published figures about LAs, regions and England (decision 0034): the DfE's LAIT file, "
        "its data dictionary, or an alternative provision census file. At the command line every area "
        "in the file is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--kind", choices=sorted(KINDS), required=True)

    def handle(self, *args, path: Path, kind: str, **options):
        run_import(self, kind=KINDS[kind], path=path)
