"""Words for the snapshot's sentences and cells that are not figures: a change, a number of schools,
a day. Figures themselves (counts, percentages, measures, money) are written by partnership.figures."""

from __future__ import annotations

import datetime as dt


def signed(value: int | float) -> str:
    if value == 0:
        return "0"
    return f"+{value:,}" if value > 0 else f"-{abs(value):,}"


def schools_text(value: int) -> str:
    return f"{value:,} school" if value == 1 else f"{value:,} schools"


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
