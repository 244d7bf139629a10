"""The agenda pack: an HTML page and a WeasyPrint PDF with a contents page.

The members' pack holds every item; the public pack leaves out confidential and embargoed items.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string

from partnership.documents import print_stylesheet, write_pdf

from . import selectors

PRINT_STYLESHEET = "print-agenda-pack.css"


def pack_html(meeting, *, public: bool, for_pdf: bool = False, reader_id: int | None = None) -> str:
    """The public pack, or the members' pack as the reader may read it: an item closed to them
    (governance.rules.item_closed) shows its title and no papers."""
    if public:
        items = selectors.public_items(meeting)
    else:
        items, _recused = selectors.agenda_seen_by(meeting, reader_id)
    return render_to_string(
        "governance/pack_document.html",
        {
            "meeting": meeting,
            "items": items,
            "public": public,
            "for_pdf": for_pdf,
            # Actions carried forward are for members: the public sees decisions in approved minutes.
            "actions": [] if public else list(selectors.open_actions(meeting.board, before=meeting)),
        },
    )


PDF_KEEP_SECONDS = 60 * 60 * 24


def pack_pdf(meeting, *, public: bool, reader_id: int | None = None) -> bytes:
    """The pack as a PDF. Making one takes WeasyPrint seconds, and the public link is open to anyone,
    so a PDF is kept against a fingerprint of its HTML and made again only when the pack changes (a
    member recused from an item gets a pack of their own, with its own fingerprint)."""
    html = pack_html(meeting, public=public, for_pdf=True, reader_id=reader_id)
    stylesheet = print_stylesheet(PRINT_STYLESHEET)
    key = "agenda-pack-pdf:" + hashlib.sha256((stylesheet + html).encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = write_pdf(html, stylesheet=stylesheet)
        cache.set(key, pdf, PDF_KEEP_SECONDS)
    return pdf
