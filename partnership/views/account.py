"""A person's own account: two-factor sign-in, recovery codes and the sessions they are signed in with."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from partnership import sign_in_sessions, two_factor
from partnership.forms.account import CodeForm, ConfirmForm, SetUpCodeForm
from partnership.services.errors import ServiceError
from partnership.two_factor_middleware import two_factor_exempt
from partnership.views.form_pages import form_page, posted


def _next_url(request: HttpRequest) -> str:
    """Where to go after the code: the page the person asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if wanted and safe and wanted.split("?")[0] not in {reverse("sign-in"), reverse("sign-out")}:
        return wanted
    return reverse("home")


def _with_next(url_name: str, request: HttpRequest) -> HttpResponse:
    response = redirect(url_name)
    nxt = request.GET.get("next")
    if nxt:
        response["Location"] += "?" + request.GET.urlencode()
    return response


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "partnership/account/account.html",
        {
            "has_two_factor": two_factor.has_two_factor(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
        },
    )


@two_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    user = request.user
    state = two_factor.two_factor_state(user)
    if state.has_device and not user.is_verified():
        return _with_next("account:two-factor-code", request)
    device = two_factor.totp_device_start(user=user)
    form = SetUpCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(request=request, user=user, code=form.cleaned_data["code"])
        except ServiceError as error:
            form.add_service_error(error)
        else:
            request.session[two_factor.NEW_RECOVERY_CODES_KEY] = codes
            response = redirect("account:recovery-codes")
            response["Location"] += "?" + _query_next(request)
            return response
    return render(
        request,
        "partnership/account/set_up.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_display(device),
            "must_use": state.must_use,
            "replacing": state.has_device,
            "next": _next_url(request),
        },
    )


def _query_next(request: HttpRequest) -> str:
    return urlencode({"next": _next_url(request)})


@two_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_code(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_two_factor(user):
        return _with_next("account:two-factor-set-up", request)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.code_verify(request=request, user=user, code=form.cleaned_data["code"])
        except ServiceError as error:
            form.add_service_error(error)
        else:
            if device.persistent_id.startswith("otp_static"):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left. "
                    "If you have lost your phone, set up two-factor sign-in again from Your account.",
                )
            return redirect(_next_url(request))
    return render(request, "partnership/account/code.html", {"form": form, "next": _next_url(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_verified():
        return redirect("account:two-factor-code" if two_factor.has_two_factor(user) else "account:account")
    if request.method == "POST":
        request.session[two_factor.NEW_RECOVERY_CODES_KEY] = two_factor.recovery_codes_make(
            request=request, user=user
        )
        return redirect("account:recovery-codes")
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES_KEY, None)
    return render(
        request,
        "partnership/account/recovery_codes.html",
        {
            "codes": codes,
            "left": None if codes else two_factor.recovery_codes_left(user),
            "form": ConfirmForm(),
            "next": _next_url(request) if request.GET.get("next") else reverse("account:account"),
        },
    )


@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    rows = sign_in_sessions.sessions_for(request.user, current_key=request.session.session_key)
    return render(
        request,
        "partnership/account/sessions.html",
        {"sessions": rows, "others": [row for row in rows if not row.is_current]},
    )


@require_http_methods(["GET", "POST"])
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    session = sign_in_sessions.my_session_for(request, session_id)
    return form_page(
        request,
        ConfirmForm(posted(request)),
        save=lambda data: sign_in_sessions.session_end(request=request, session=session),
        success="That session has ended. Whoever was using it has been signed out.",
        next_url=reverse("account:sessions"),
        template="partnership/account/session_end.html",
        context={"session": sign_in_sessions.row_for(session, current_key=request.session.session_key)},
    )


@require_http_methods(["GET", "POST"])
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        ConfirmForm(posted(request)),
        save=lambda data: sign_in_sessions.sessions_end_others(request=request),
        success=lambda ended: (
            f"You have been signed out of {ended} other session{'s' if ended != 1 else ''}."
            if ended
            else "You were not signed in anywhere else."
        ),
        next_url=reverse("account:sessions"),
        template="partnership/account/sessions_end_others.html",
    )
