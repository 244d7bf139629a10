"""Password rules from NCSC advice: length over composition, a deny-list, long passwords and pasting."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnership.forms.sign_in import GovukSetPasswordForm, SignInForm
from tests.helpers import text_of


def set_password(client, user, password):
    url = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url)["Location"]  # Django swaps the token for a session marker
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # words and spaces, no capitals, digits or symbols
        "alllowercaseletters",
        "4815162342108",  # digits only, but long and not common
        "x" * 10 + " a long passphrase that goes on " * 7,  # over 200 characters
    ],
)
def test_long_passwords_without_composition_rules_are_accepted(head_x, password):
    response = set_password(Client(), head_x, password[:256])
    assert response.status_code == 302, text_of(response)
    head_x.refresh_from_db()
    assert head_x.check_password(password[:256])


@pytest.mark.parametrize(
    "password, message",
    [
        ("short pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("a" * 257, "Your password must be 256 characters or fewer"),
    ],
)
def test_short_common_and_absurdly_long_passwords_are_refused(head_x, password, message):
    response = set_password(Client(), head_x, password)
    assert response.status_code == 200
    assert message in text_of(response)
    assert "govuk-error-summary" in response.content.decode()


def test_the_rules_are_shown_as_hint_text_and_pasting_is_allowed(head_x):
    form_html = str(GovukSetPasswordForm(head_x))
    assert "Use at least 12 characters" in form_html and "up to 256 characters" in form_html
    assert 'autocomplete="new-password"' in form_html
    sign_in_html = str(SignInForm())
    assert 'autocomplete="current-password"' in sign_in_html
    for html in (form_html, sign_in_html):
        assert 'autocomplete="off"' not in html and "onpaste" not in html
