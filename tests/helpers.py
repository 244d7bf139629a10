"""Helpers for tests: pinned query counts and reading pages."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def pinned_queries(expected: int):
    """Assert that the block runs exactly `expected` queries, listing them when it does not.

    A pinned count catches a query in a loop the day someone adds one: the count must not grow with
    the number of rows a page shows.
    """
    with CaptureQueriesContext(connection) as captured:
        yield captured
    actual = len(captured.captured_queries)
    if actual != expected:
        listing = "\n".join(f"{i + 1}. {q['sql'][:300]}" for i, q in enumerate(captured.captured_queries))
        raise AssertionError(f"Expected {expected} queries, ran {actual}:\n{listing}")


def text_of(response) -> str:
    """The visible text of a page, with tags removed and white space folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def error_beside(response, field: str) -> str:
    """The message the GOV.UK error pattern shows beside a form field, or "" if there is none."""
    match = re.search(
        rf'<p id="id_{field}_error" class="govuk-error-message">(.*?)</p>', response.content.decode(), re.S
    )
    if not match:
        return ""
    text = unescape(re.sub(r"<[^>]+>", " ", match.group(1))).replace("Error:", " ")
    return re.sub(r"\s+", " ", text).strip()


def future(days: int) -> str:
    """A date `days` from today as a person types it into a date field."""
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


def past(days: int) -> str:
    """A date `days` before today as a person types it into a date field."""
    return (dt.date.today() - dt.timedelta(days=days)).strftime("%d/%m/%Y")
