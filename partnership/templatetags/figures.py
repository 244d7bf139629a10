"""Figures in templates, written the one way the figures module writes them."""

from __future__ import annotations

from django import template

from partnership import figures

register = template.Library()


@register.filter
def money(value) -> str:
    """{{ agreement.cost|money }}: "£1,750", or "£1,750.50" when there are pence."""
    return figures.amount(value)
