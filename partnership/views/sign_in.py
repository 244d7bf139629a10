"""Signing in and out, and resetting a password."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET

from partnership import services
from partnership.forms.sign_in import GovukPasswordResetForm, GovukSetPasswordForm, SignInForm
from partnership.middleware import LAST_SEEN_AT, SIGNED_IN_AT, TIMED_OUT
from partnership.models import SecurityEvent


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A "next" that leads back to signing in or out would loop; go home instead.
        url = super().get_redirect_url()
        if url and url.split("?")[0] in {str(self.request.path), reverse("sign-in"), reverse("sign-out")}:
            return ""
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT, None)
        context["idle_minutes"] = settings.SESSION_IDLE_TIMEOUT // 60
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        now = int(time.time())
        self.request.session[SIGNED_IN_AT] = now
        self.request.session[LAST_SEEN_AT] = now
        services.sign_in_session_record(request=self.request, user=user)
        services.security_event_record(kind=SecurityEvent.Kind.SIGN_IN, request=self.request, user=user)
        return response

    def form_invalid(self, form):
        services.security_event_record(
            kind=SecurityEvent.Kind.SIGN_IN_FAILED,
            request=self.request,
            email=str(form.data.get("username", ""))[:254],
            detail="; ".join(str(e) for errors in form.errors.values() for e in errors)[:500],
        )
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.security_event_record(
                kind=SecurityEvent.Kind.SIGN_OUT, request=request, user=request.user
            )
            services.sign_in_session_forget(session_key=request.session.session_key)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = GovukPasswordResetForm
    template_name = "registration/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        services.security_event_record(
            kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
            request=self.request,
            email=form.cleaned_data["email"],
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = GovukSetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signed_out.html")
