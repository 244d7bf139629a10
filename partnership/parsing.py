"""Reading numbers from what people type into URLs and forms, without surprises.

str.isdigit() is true for "²" and other digits int() will not read, and a long run of digits is
more than the database's integers hold, so both reach the database as errors. This does not.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


def as_id(value) -> int | None:
    """A positive whole number that fits a database id, or None."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
