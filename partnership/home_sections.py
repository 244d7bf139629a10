"""What each role sees on its home page. Apps above this one register their own sections."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import rules
from .access import PartnershipContext
from .models import Role
from .navigation import nav_registry
from .selectors.people import people_with_role


@dataclass(frozen=True)
class HomeSection:
    key: str
    roles: frozenset[str]
    template: str
    context: Callable[[PartnershipContext, object], dict]
    order: int


class HomeRegistry:
    def __init__(self) -> None:
        self._sections: list[HomeSection] = []

    def register(
        self,
        key: str,
        *,
        roles: Iterable[str],
        template: str,
        context: Callable[[PartnershipContext, object], dict] | None = None,
        order: int = 50,
    ) -> None:
        self._sections = [s for s in self._sections if s.key != key]
        self._sections.append(
            HomeSection(key, frozenset(roles), template, context or (lambda ctx, user: {}), order)
        )
        self._sections.sort(key=lambda s: s.order)

    def sections_for(self, ctx: PartnershipContext, user) -> list[dict]:
        return [
            {"key": s.key, "template": s.template, **s.context(ctx, user)}
            for s in self._sections
            if ctx.has_any(s.roles)
        ]


home_registry = HomeRegistry()


def _people_summary(ctx: PartnershipContext, user) -> dict:
    return {
        "people_count": people_with_role(ctx.partnership).values("user_id").distinct().count(),
        "admin_count": people_with_role(ctx.partnership, Role.LA_ADMIN).count(),
    }


def _notifications(ctx: PartnershipContext, user) -> dict:
    from .models import Notification

    return {
        "notifications": list(
            Notification.objects.filter(
                user=user, partnership=ctx.partnership, read_at__isnull=True, done_at__isnull=True
            ).order_by("-created_at")[:10]
        )
    }


home_registry.register(
    "notifications",
    roles=rules.ALL_ROLES,
    template="home/notifications.html",
    context=_notifications,
    order=1,
)
home_registry.register(
    "people", roles=rules.LA_ADMIN_ROLES, template="home/people.html", context=_people_summary, order=10
)

nav_registry.register("Home", roles=rules.ALL_ROLES, href="partnership:home", order=0)
nav_registry.register(
    "People",
    roles=rules.LA_ROLES,
    href="partnership:people",
    sections={
        "partnership:person",
        "partnership:person-add",
        "partnership:role-add",
        "partnership:role-end",
        "partnership:person-disable",
    },
    order=90,
)
nav_registry.register(
    "Priorities",
    roles=rules.LA_ADMIN_ROLES,
    href="partnership:priorities",
    sections={"partnership:priority-add", "partnership:priority-edit"},
    order=95,
)
