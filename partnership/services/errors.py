"""The refusal every service raises, fit to show beside the field."""

from __future__ import annotations


class ServiceError(Exception):
    """A write that the rules refuse, with a message fit to show the person beside the field."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
