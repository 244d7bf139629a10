from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.importers.gias import GiasFileError, gias_read
from schools.services import schools_load


class Command(BaseCommand):
    help = "Import a GIAS establishment extract (cp1252 CSV in the 140-column layout)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            rows = gias_read(path)
        except (GiasFileError, OSError) as error:
            raise CommandError(str(error)) from error
        counts = schools_load(actor=None, rows=rows, reason=f"Imported from {path.name}")
        self.stdout.write(
            "Created {created}, updated {updated}, "
            "unchanged {unchanged}, rejected {rejected}".format(**counts)
        )
        for rejected in rows.rejected:
            self.stdout.write(
                f"  line {rejected.line} (URN {rejected.urn or 'blank'}): {rejected.reason}"
            )
