"""Session lists: the sessions a person is signed in with, and ending them (decision 0014).

A SignInSession row is written at each sign-in. A session counts as live while Django's own session
row exists and has not expired, so sessions that timed out or signed out never show.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import rules
from .access import NotVisible, PartnershipContext
from .models import SecurityEvent, SignInSession, User
from .services.errors import ServiceError
from .services.security import security_event_record, sessions_end

BROWSERS = [  # the first that matches wins: Edge and Opera also say "Chrome", Chrome also says "Safari"
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Chrome/", "Chrome"),
    ("CriOS/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "an iPhone"),
    ("iPad", "an iPad"),
    ("Android", "Android"),
    ("CrOS", "a Chromebook"),
    ("Windows", "Windows"),
    ("Macintosh", "a Mac"),
    ("Linux", "Linux"),
]


def browser_in_words(user_agent: str) -> str:
    """'Chrome on Windows', from the browser's own description of itself."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"A browser on {system}"
    return "An unknown browser"


@dataclass(frozen=True)
class SessionRow:
    id: int
    started_at: object
    ip_address: str | None
    browser: str
    is_current: bool


def _live(user: User):
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignInSession.objects.filter(user=user, session_key__in=alive).order_by("-created_at")


def row_for(session: SignInSession, *, current_key: str | None) -> SessionRow:
    return SessionRow(
        id=session.pk,
        started_at=session.created_at,
        ip_address=session.ip_address,
        browser=browser_in_words(session.user_agent),
        is_current=bool(current_key) and session.session_key == current_key,
    )


def sessions_for(user: User, *, current_key: str | None = None) -> list[SessionRow]:
    """Every live session of the person, newest first: one query."""
    return [row_for(session, current_key=current_key) for session in _live(user)]


def my_session_for(request, session_id: int) -> SignInSession:
    """One of my own live sessions other than this one; NotVisible for anyone else's."""
    row = _live(request.user).filter(pk=session_id).first()
    if row is None:
        raise NotVisible(f"session {session_id} is not one of this person's")
    return row


def person_sessions_for(ctx: PartnershipContext, person: User) -> list[SessionRow]:
    rules.require_security_admin(ctx)
    return sessions_for(person)


@transaction.atomic
def session_end(*, request, session: SignInSession) -> None:
    """End one of my own sessions, on another device."""
    if session.user_id != request.user.pk:
        raise NotVisible("not this person's session")
    if session.session_key == request.session.session_key:
        raise ServiceError("This is the session you are using. Sign out instead")
    Session.objects.filter(session_key=session.session_key).delete()
    session.delete()
    security_event_record(
        kind=SecurityEvent.Kind.SESSION_ENDED,
        request=request,
        user=request.user,
        detail=f"one session, by themselves ({browser_in_words(session.user_agent)})",
    )


@transaction.atomic
def sessions_end_others(*, request) -> int:
    """Sign out of every session but this one."""
    others = list(
        SignInSession.objects.filter(user=request.user)
        .exclude(session_key=request.session.session_key)
        .values_list("session_key", flat=True)
    )
    ended, _ = Session.objects.filter(session_key__in=others).delete()
    SignInSession.objects.filter(user=request.user, session_key__in=others).delete()
    security_event_record(
        kind=SecurityEvent.Kind.SESSION_ENDED,
        request=request,
        user=request.user,
        detail=f"{ended} other session(s), by themselves",
    )
    return ended


@transaction.atomic
def person_sessions_end(
    *, actor: User, ctx: PartnershipContext, person: User, reason: str, request=None
) -> int:
    """An LA administrator signs a person out everywhere."""
    rules.require_security_admin(ctx, write=True)
    if person.pk == actor.pk:
        raise ServiceError("To end your own sessions, use the sessions page under Your account")
    if person.is_staff or person.is_superuser:
        raise ServiceError("This is a platform operator's account. Ask the service desk to end its sessions")
    ended = sessions_end(person)
    security_event_record(
        kind=SecurityEvent.Kind.SESSION_ENDED,
        request=request,
        user=person,
        partnership=ctx.partnership,
        detail=f"{ended} session(s), by {actor.email}: {reason}",
    )
    return ended


@dataclass(frozen=True)
class PersonSecurity:
    has_two_factor: bool
    sessions: list[SessionRow]


def person_security(ctx: PartnershipContext, person: User) -> PersonSecurity:
    """What an LA administrator sees of a person's sign-in: two queries."""
    rules.require_security_admin(ctx)
    return PersonSecurity(
        has_two_factor=TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
        sessions=sessions_for(person),
    )
