"""CSV downloads, streamed a row at a time so a long export never sits whole in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse


class _Echo:
    """A file that hands back what is written to it, for csv.writer to format one row at a time."""

    def write(self, value):
        return value


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula (a comment that starts with "=") is written as
    plain text. Numbers, negative ones included, are left as they are."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def csv_download(filename: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
