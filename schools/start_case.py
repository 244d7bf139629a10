"""Where "start a support case" leads. The support app registers itself here when it exists, so
this app never imports it."""

from __future__ import annotations

from collections.abc import Callable

_link: Callable | None = None
_open_cases: Callable | None = None


def register(link: Callable, open_cases: Callable | None = None) -> None:
    """`link(ctx, school)` is where to start a case for a school, for those who open cases;
    `open_cases(ctx, school_ids)` is {school id: the address of its open case}, in one query."""
    global _link, _open_cases
    _link, _open_cases = link, open_cases


def start_case_link(ctx, school, flag=None) -> str | None:
    """Where to start a case for the school; from a needs flag, the case is opened from that flag."""
    return _link(ctx, school, flag) if _link else None


def open_case_links(ctx, school_ids) -> dict[int, str]:
    return _open_cases(ctx, school_ids) if _open_cases else {}
