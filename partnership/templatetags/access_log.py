from django import template

from partnership.access_log import RecordType

register = template.Library()


@register.filter
def record_label(code: str) -> str:
    """The words for a record type in the access log."""
    return RecordType.label(code)
