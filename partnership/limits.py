"""How much text a person may type into a field: one rule for every form (decision 0029).

A field that names no limit of its own gets one of these: a single-line field the line limit, a
multi-line field the text limit. Every form states its field's limit (the input's maxlength, or a
hint under a text area) and refuses one character more with a message beside the field, so no text
of unbounded size is ever stored.
"""

from __future__ import annotations

# A name, a title, a search: one line.
LINE_MAX = 200
# A paragraph or several: notes, reasons, minutes of one item, a comment.
TEXT_MAX = 10_000


def characters(count: int) -> str:
    """'10,000 characters'."""
    return f"{count:,} character{'' if count == 1 else 's'}"
