"""Until a person who must use two-factor sign-in has given a code, they reach nothing else."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .two_factor import PENDING_KEY, two_factor_state

# Signing out is always allowed; so is every page that needs no sign-in (marked login_not_required).
ALWAYS_ALLOWED = frozenset({"sign-out", "admin:logout"})


def two_factor_exempt(view):
    """Mark a view that a signed-in person may reach before giving a code: the code and set-up pages."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    """Send a signed-in person to the code page, or to set up two-factor sign-in, first.

    Cost per request: nothing when the setting is off (unless the person has a device and has just
    signed in), nothing beyond django-otp's own device lookup once verified, and one query for a
    person who has not yet given a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or getattr(view_func, "two_factor_exempt", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALWAYS_ALLOWED:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        pending = request.session.get(PENDING_KEY, False)
        if not pending and not settings.TWO_FACTOR_REQUIRED:
            return None
        if user.is_verified():
            return None
        if pending:
            return _to("account:two-factor-code", request)
        state = two_factor_state(user)
        if state.has_device:
            return _to("account:two-factor-code", request)
        if state.must_use:
            return _to("account:two-factor-set-up", request)
        return None


def fully_signed_in(request) -> bool:
    """Whether the person has finished signing in: the password, and the second factor wherever
    the middleware would ask for it. A page open to the public uses this before showing anything
    of the person's own (their navigation, their messages)."""
    user = request.user
    if not user.is_authenticated:
        return False
    pending = request.session.get(PENDING_KEY, False)
    if (not pending and not settings.TWO_FACTOR_REQUIRED) or user.is_verified():
        return True
    if pending:
        return False
    state = two_factor_state(user)
    return not (state.has_device or state.must_use)


def _to(url_name: str, request):
    url = reverse(url_name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)
