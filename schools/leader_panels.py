"""Panels that apps above this one add to a system leader's page (support adds declared links)."""

from __future__ import annotations

from collections.abc import Callable

_panels: list[tuple[str, Callable]] = []


def register(template: str, context: Callable) -> None:
    if all(t != template for t, _ in _panels):
        _panels.append((template, context))


def panels_for(ctx, leader) -> list[dict]:
    return [{"template": template, **context(ctx, leader)} for template, context in _panels]
