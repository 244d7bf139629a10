"""Printed documents: PDFs drawn by WeasyPrint from the portal's own HTML and a print stylesheet.

A document's styles live in a static file (static/src/print-*.css), never in a <style> block, so
that the same HTML can be served as a page under the content security policy. WeasyPrint is given
the stylesheet directly and fetches nothing else.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured


def print_stylesheet(name: str) -> str:
    """The text of a built print stylesheet, for WeasyPrint and for the document's fingerprint."""
    path = finders.find(f"dist/{name}")
    if path is None:
        raise ImproperlyConfigured(f"The print stylesheet {name} has not been built: run `npm run build`")
    return Path(path).read_text(encoding="utf-8")


def write_pdf(html: str, *, stylesheet: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=stylesheet)])
