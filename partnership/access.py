"""The one home of access rules: who is in which partnership, in which roles.

A record a person may not see is a 404, whether or not it exists (NotVisible). A record they may
see but not change is a 403 (PermissionDenied). Both are logged by RefusedAccessLogMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest

from .models import LA_ROLES, Partnership, Role, RoleAssignment

CURRENT_PARTNERSHIP_KEY = "current_partnership"


class NotVisible(Http404):
    """Refused access, shown to the person exactly as 'not found'."""

    def __init__(self, reason: str):
        super().__init__("Page not found")
        self.reason = reason


class NotAllowed(PermissionDenied):
    """The person may see this, but may not change it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PartnershipContext:
    """What one person may do in one partnership, worked out once per request."""

    partnership: Partnership
    user_id: int
    roles: frozenset[str]
    school_ids_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    # The URN of each school the person has a role at, so links need no further query.
    school_urns: dict[int, int] = field(default_factory=dict)

    def has_any(self, roles: Iterable[str]) -> bool:
        return bool(self.roles & frozenset(roles))

    @property
    def is_la(self) -> bool:
        return self.has_any(LA_ROLES)

    @property
    def is_la_admin(self) -> bool:
        return Role.LA_ADMIN in self.roles

    def school_ids(self, *roles: str) -> frozenset[int]:
        wanted = roles or tuple(self.school_ids_by_role)
        ids: set[int] = set()
        for role in wanted:
            ids |= self.school_ids_by_role.get(role, frozenset())
        return frozenset(ids)

    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]


def partnership_context_for(user, slug: str) -> PartnershipContext:
    """The person's standing in the partnership named by slug, or NotVisible."""
    if not user.is_authenticated:
        raise NotVisible("not signed in")
    rows = list(
        RoleAssignment.objects.current()
        .filter(user=user, partnership__slug=slug)
        .select_related("partnership")
        .annotate(school_urn=F("school__urn"))
        .only("role", "school_id", "partnership")
    )
    if not rows:
        raise NotVisible(f"no current role in partnership {slug!r}")
    by_role: dict[str, set[int]] = {}
    for row in rows:
        ids = by_role.setdefault(row.role, set())
        if row.school_id:
            ids.add(row.school_id)
    return PartnershipContext(
        partnership=rows[0].partnership,
        user_id=user.pk,
        roles=frozenset(by_role),
        school_ids_by_role={role: frozenset(ids) for role, ids in by_role.items()},
        school_urns={row.school_id: row.school_urn for row in rows if row.school_id},
    )


def require_roles(ctx: PartnershipContext, roles: Iterable[str], *, write: bool = False) -> None:
    """Refuse unless the person holds one of the roles: 404 to read, 403 to change."""
    if ctx.has_any(roles):
        return
    raise (NotAllowed if write else NotVisible)(f"needs one of {sorted(roles)}")


def partnership_view(*, roles: Iterable[str]) -> Callable:
    """Decorate a view under /p/<partnership_slug>/: resolve the person's standing, or 404.

    The view is called as view(request, ctx, ...). Anyone without one of the roles gets a 404.
    """
    allowed = frozenset(roles)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, partnership_slug: str, *args, **kwargs):
            ctx = partnership_context_for(request.user, partnership_slug)
            request.partnership_context = ctx
            if request.session.get(CURRENT_PARTNERSHIP_KEY) != partnership_slug:
                request.session[CURRENT_PARTNERSHIP_KEY] = partnership_slug
            require_roles(ctx, allowed)
            return view(request, ctx, *args, **kwargs)

        return wrapper

    return decorate


def attach_member_context(request: HttpRequest, slug: str) -> PartnershipContext | None:
    """On a public page of a partnership (its calendar of meetings, its published reports), the
    signed-in person's standing in it, so that the page shows their navigation; None for anyone
    else, who sees the page as the public does. It opens nothing: the page is the same for everyone.
    One query for a signed-in person, none for the public. Someone who has given their password but
    not yet their second factor is the public here."""
    from partnership.two_factor_middleware import fully_signed_in

    user = getattr(request, "user", None)
    if user is None or not fully_signed_in(request):
        return None
    try:
        ctx = partnership_context_for(user, slug)
    except NotVisible:
        return None
    request.partnership_context = ctx
    return ctx
