"""Showing a published figure, or saying plainly that it was withheld."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def measure(result, field: str, unit: str = ""):
    value = getattr(result, field)
    if value is not None:
        text = f"{value:f}" if hasattr(value, "quantize") else str(value)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text}{unit}"
    code = result.suppressed.get(field)
    if code and code != "blank":
        return format_html('Withheld <span class="govuk-body-s">({})</span>', code)
    return "Withheld" if code == "blank" else "No figure"
