"""Where "start a support case" leads. The support app registers itself here when it exists, so
this app never imports it."""

from __future__ import annotations

from collections.abc import Callable

_link: Callable | None = None


def register(link: Callable) -> None:
    global _link
    _link = link


def start_case_link(ctx, school) -> str | None:
    return _link(ctx, school) if _link else None
