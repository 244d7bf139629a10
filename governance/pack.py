"""The agenda pack: an HTML page and a WeasyPrint PDF with a contents page.

The members' pack holds every item; the public pack leaves out confidential and embargoed items.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def pack_html(meeting, *, public: bool) -> str:
    items = selectors.public_items(meeting) if public else selectors.agenda(meeting)
    return render_to_string(
        "governance/pack_document.html",
        {
            "meeting": meeting,
            "items": items,
            "public": public,
            # Actions carried forward are for members: the public sees decisions in approved minutes.
            "actions": [] if public else list(selectors.open_actions(meeting.board, before=meeting)),
        },
    )


def pack_pdf(meeting, *, public: bool) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(meeting, public=public)).write_pdf()
