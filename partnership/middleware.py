"""Session timeouts and the logging of refused access."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied

from .access import NotAllowed, NotVisible
from .access_log import RecordType, record_access
from .models import AccessLogEntry, Partnership, SecurityEvent
from .services.security import security_event_record

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
TIMED_OUT = "timed_out"
# Writing the session on every request would cost a query each time; a minute is precise enough.
LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Sign a person out after a spell without activity, and after an absolute time signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN_AT, started)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_long = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or too_long:
                user = request.user
                security_event_record(
                    kind=SecurityEvent.Kind.SESSION_EXPIRED,
                    request=request,
                    user=user,
                    detail="inactive" if idle else "absolute limit",
                )
                logout(request)
                request.session[TIMED_OUT] = "inactive" if idle else "absolute"
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


class RefusedAccessLogMiddleware:
    """Record every refusal raised by the access rules: 404s for hidden records, 403s for writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotVisible | NotAllowed | PermissionDenied):
            ctx = getattr(request, "partnership_context", None)
            status = 404 if isinstance(exception, NotVisible) else 403
            detail = f"{status}: {getattr(exception, 'reason', '') or exception}"
            partnership = ctx.partnership if ctx else _partnership_in_url(request)
            security_event_record(
                kind=SecurityEvent.Kind.ACCESS_REFUSED,
                request=request,
                user=request.user,
                partnership=partnership,
                detail=detail,
            )
            # The access log too, so an LA administrator searching it sees attempts on their
            # partnership's records, including by people from outside it.
            record_access(
                request,
                action=AccessLogEntry.Action.REFUSED,
                record_type=RecordType.PAGE,
                description=detail,
                partnership=partnership,
            )
        return None


def _partnership_in_url(request) -> Partnership | None:
    """The partnership a refused person was trying to enter, when they hold no role in it: one
    query, only on a refusal."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("partnership_slug") if match else None
    if not slug:
        return None
    return Partnership.objects.filter(slug=slug).first()
