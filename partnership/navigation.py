"""Service navigation that depends on the person's roles. Apps register their own items."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from .access import PartnershipContext


@dataclass(frozen=True)
class NavItem:
    label: str
    roles: frozenset[str]
    href: Callable[[PartnershipContext], str | None]
    # URL names that count as "in" this section; "namespace:*" stands for every page of a namespace.
    sections: frozenset[str]
    order: int


class NavRegistry:
    def __init__(self) -> None:
        self._items: list[NavItem] = []

    def register(
        self,
        label: str,
        *,
        roles: Iterable[str],
        href: Callable[[PartnershipContext], str | None] | str,
        sections: Iterable[str] = (),
        order: int = 50,
    ) -> None:
        if isinstance(href, str):
            url_name = href

            def href(ctx, url_name=url_name):
                return reverse(url_name, kwargs={"partnership_slug": ctx.partnership.slug})

            sections = {*sections, url_name}
        self._items.append(NavItem(label, frozenset(roles), href, frozenset(sections), order))
        self._items.sort(key=lambda item: item.order)

    def items_for(self, ctx: PartnershipContext, current_url_name: str | None) -> list[dict]:
        """The person's items. A page in two sections (an agreement is in both "Support cases" and
        "Support you give") marks only the first of the person's items as current."""
        items, found = [], False
        for item in self._items:
            if not ctx.has_any(item.roles):
                continue
            href = item.href(ctx)
            if href:
                current = not found and _in_section(current_url_name, item.sections)
                found = found or current
                items.append({"label": item.label, "href": href, "current": current})
        return items


def _in_section(url_name: str | None, sections: frozenset[str]) -> bool:
    if url_name is None:
        return False
    namespace = url_name.partition(":")[0]
    return url_name in sections or f"{namespace}:*" in sections


nav_registry = NavRegistry()
