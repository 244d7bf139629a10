"""A registry of the kinds of record whose history can be shown, and who may see it.

Each app registers its models from AppConfig.ready(), with a function that finds one record for a
person in a partnership (raising NotVisible where they may not see its history). The partnership app
never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest

from .access import NotVisible, PartnershipContext


@dataclass(frozen=True)
class HistoryKind:
    slug: str
    model: type[models.Model]
    find: Callable[[PartnershipContext, int], models.Model] | None
    describe: Callable[[models.Model], str]
    # For records shared between partnerships (a person's account): who made a change and why is
    # shown only when that person works in this partnership; otherwise "another partnership".
    shared: bool = False
    hidden_fields: frozenset[str] = frozenset()
    # For confidential records: the access log's record type, so that reading the history (which
    # shows every past value) is logged like reading the record.
    logged_as: str = ""
    school_of: Callable[[models.Model], int | None] | None = None
    # For records whose selectors log every read themselves (pupils' records, decision 0020): a
    # function of (request, ctx, pk), used instead of find, so that reading the history is logged,
    # and refused, exactly as reading the record is.
    read: Callable[[HttpRequest, PartnershipContext, int], models.Model] | None = None

    def record(self, request: HttpRequest, ctx: PartnershipContext, pk: int) -> models.Model:
        if self.read is not None:
            return self.read(request, ctx, pk)
        return self.find(ctx, pk)


class HistoryRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, HistoryKind] = {}

    def register(
        self,
        slug: str,
        model,
        *,
        find=None,
        describe=str,
        shared=False,
        hidden_fields=(),
        logged_as: str = "",
        school_of=None,
        read=None,
    ) -> None:
        if (find is None) == (read is None):
            raise ValueError(f"history kind {slug!r} needs either find or read, not both")
        if read is not None and logged_as:
            raise ValueError(f"history kind {slug!r}: read logs the read itself, so logged_as is not needed")
        self._kinds[slug] = HistoryKind(
            slug, model, find, describe, shared, frozenset(hidden_fields), logged_as, school_of, read
        )

    def get(self, slug: str) -> HistoryKind:
        try:
            return self._kinds[slug]
        except KeyError:
            raise NotVisible(f"no history kind {slug!r}") from None

    def slugs(self) -> list[str]:
        return sorted(self._kinds)


history_registry = HistoryRegistry()
