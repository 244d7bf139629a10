"""The security event log and the sign-in sessions (decisions 0006, 0014)."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from partnership.client_ip import client_ip
from partnership.models import SecurityEvent, SignInSession, User


def security_event_record(
    *,
    kind: str,
    request=None,
    user=None,
    email: str = "",
    partnership=None,
    detail: str = "",
) -> SecurityEvent:
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        email=(email or (user.email if user else ""))[:254],
        partnership=partnership,
        ip_address=client_ip(request),
        path=(request.get_full_path()[:500] if request is not None else ""),
        detail=detail[:500],
    )


def sign_in_session_record(*, request, user: User) -> None:
    if request.session.session_key is None:
        request.session.save()
    SignInSession.objects.create(
        user=user,
        session_key=request.session.session_key,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def sign_in_session_forget(*, session_key: str | None) -> None:
    if session_key:
        SignInSession.objects.filter(session_key=session_key).delete()


def sessions_end(person: User) -> int:
    keys = list(SignInSession.objects.filter(user=person).values_list("session_key", flat=True))
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    SignInSession.objects.filter(user=person).delete()
    return deleted
