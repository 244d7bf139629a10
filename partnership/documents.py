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


# Every published document is a tagged PDF (headings, paragraphs, lists and tables in its structure
# tree, its language and title in its catalogue), made as WeasyPrint makes PDF/UA-1. The HTML version
# of each is published beside it.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def render_pdf(html: str, *, stylesheet: str):
    """The laid-out document, to write once its pages are counted."""
    from weasyprint import CSS, HTML

    return HTML(string=html).render(stylesheets=[CSS(string=stylesheet)], **PDF_OPTIONS)


def write_pdf(html: str, *, stylesheet: str) -> bytes:
    return render_pdf(html, stylesheet=stylesheet).write_pdf(**PDF_OPTIONS)
