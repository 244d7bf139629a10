"""Signing in and setting a password, with GOV.UK markup."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from partnership.forms.govuk import GovukFormMixin
from partnership.outbox import email_later


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=4096,
        error_messages={
            "required": "Enter your password",
            "max_length": "Password must be 4,096 characters or fewer",
        },
    )
    error_messages = {
        "invalid_login": ("Enter a correct email address and password. The password is case-sensitive"),
        "inactive": "This account has been disabled. Ask your LA administrator",
    }


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def get_users(self, email):
        # People invited by their LA have no password until they set one. They may still ask for
        # a link, or an expired invitation would leave them locked out for good.
        from partnership.models import User

        return iter(User.objects.filter(email__iexact=email, is_active=True))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through Celery, after commit, so the page returns at once and a slow mail server waits.
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_later(subject=subject, body=body, to=[to_email])


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    # Bandit takes a string under a key that mentions passwords for a password; this is a message.
    error_messages = {"password_mismatch": "The passwords do not match. Enter the same password twice"}  # nosec B105

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "Confirm new password"
        # The rules in words (NCSC advice, decision 0014): length matters, composition does not.
        self.fields["new_password1"].help_text = (
            "Use at least 12 characters. Three or more random words together make a strong password "
            "that is easy to remember. You can use spaces and symbols, or none, and up to 256 characters. "
            "Do not use a common password or one you use elsewhere. You can paste from a password manager."
        )
