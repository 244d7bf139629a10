from django.conf import settings

from .navigation import nav_registry
from .selectors.partnerships import partnerships_for_user


def service(request) -> dict:
    ctx = getattr(request, "partnership_context", None)
    match = getattr(request, "resolver_match", None)
    url_name = match.view_name if match else None
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "phase": settings.PHASE,
        "partnership_context": ctx,
        "current_partnership": ctx.partnership if ctx else None,
        "navigation": nav_registry.items_for(ctx, url_name) if ctx else [],
        # A callable, so the query runs only on pages that ask whether there is a choice.
        "my_partnerships": (lambda: partnerships_for_user(user)) if user else list,
    }
