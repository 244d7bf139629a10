from django.conf import settings

from .navigation import nav_registry
from .selectors.partnerships import partnerships_for_user


def service(request) -> dict:
    ctx = getattr(request, "partnership_context", None)
    match = getattr(request, "resolver_match", None)
    url_name = match.view_name if match else None
    user = getattr(request, "user", None)
    mine: list = []

    def my_partnerships():
        # Asked for by the header twice (the choice, the unread count): one query.
        if not mine:
            mine.append(partnerships_for_user(user) if user else [])
        return mine[0]

    def unread_messages() -> int:
        if not ctx:
            return 0
        return next((p.unread for p in my_partnerships() if p.pk == ctx.partnership.pk), 0)

    return {
        "service_name": settings.SERVICE_NAME,
        "phase": settings.PHASE,
        "partnership_context": ctx,
        "current_partnership": ctx.partnership if ctx else None,
        "navigation": nav_registry.items_for(ctx, url_name) if ctx else [],
        # A callable, so the query runs only on pages that ask whether there is a choice.
        "my_partnerships": my_partnerships,
        "unread_messages": unread_messages,
    }
