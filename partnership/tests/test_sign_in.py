"""Signing in and out, password reset, lockout, session timeouts and the security log."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partnership.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from partnership.models import SecurityEvent, SignInSession
from tests.factories import TEST_PASSWORD
from tests.helpers import text_of


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("sign-in"), {"username": email, "password": password})


@pytest.mark.parametrize(
    "data, messages",
    [
        ({}, ["Enter your email address", "Enter your password"]),
        (
            {"username": "not an email", "password": "x"},
            ["Enter an email address in the correct format"],
        ),
        (
            {"username": "nobody@a.test", "password": "wrong"},
            ["Enter a correct email address and password"],
        ),
        (
            {"username": "x" * 300 + "@a.test", "password": "x"},
            ["Email address must be 254 characters or fewer"],
        ),
        (
            {"username": "a@a.test", "password": "x" * 5000},
            ["Password must be 4,096 characters or fewer"],
        ),
    ],
)
def test_bad_sign_in_gives_govuk_errors_not_a_500(db, data, messages):
    response = Client().post(reverse("sign-in"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "<title>Error: Sign in" in page
    for message in messages:
        assert message in text_of(response)


def test_sign_in_is_case_insensitive_for_the_email_and_is_logged(head_x, partnership_a):
    client = Client()
    response = sign_in(client, head_x.email.upper())
    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGN_IN)
    assert event.user == head_x and event.ip_address == "127.0.0.1"
    assert client.get(reverse("home"), follow=True).redirect_chain[-1][0] == f"/p/{partnership_a.slug}/"


def test_failed_sign_in_is_logged_with_the_address_tried(head_x):
    sign_in(Client(), head_x.email, "wrong password")
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGN_IN_FAILED)
    assert event.email == head_x.email


def test_repeated_failures_lock_the_account_out(head_x, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        sign_in(client, head_x.email, "wrong password")
    locked = sign_in(client, head_x.email)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in text_of(locked)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT, email=head_x.email).exists()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_is_logged(head_x):
    client = Client()
    sign_in(client, head_x.email)
    assert SignInSession.objects.filter(user=head_x).count() == 1
    response = client.post(reverse("sign-out"))
    assert not SignInSession.objects.filter(user=head_x).exists()
    assert response.status_code == 302 and response["Location"] == reverse("signed-out")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_OUT, user=head_x).exists()
    assert client.get(reverse("partnership-choose")).status_code == 302


def test_inactivity_signs_a_person_out(client_for, head_x, partnership_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = client_for(head_x)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 120
    session[LAST_SEEN_AT] = int(time.time()) - 61
    session.save()
    response = client.get(reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
    page = client.get(response["Location"])
    assert "You were signed out because you had not done anything for a while" in text_of(page)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_EXPIRED, detail="inactive").exists()


def test_an_absolute_limit_signs_out_even_an_active_person(client_for, head_x, partnership_a, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT = 3600
    client = client_for(head_x)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 3601
    session[LAST_SEEN_AT] = int(time.time())
    session.save()
    response = client.get(reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug}))
    assert response.status_code == 302
    assert "signed in for a long time" in text_of(client.get(response["Location"]))


def test_activity_within_the_limit_keeps_the_session(client_for, head_x, partnership_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for(head_x)
    session = client.session
    session[LAST_SEEN_AT] = int(time.time()) - 300
    session.save()
    url = reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    assert client.get(url).status_code == 200
    assert client.session[LAST_SEEN_AT] >= int(time.time()) - 5


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Enter your email address"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ],
)
def test_bad_password_reset_input_gives_govuk_errors(db, data, message):
    response = Client().post(reverse("password_reset"), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert message in text_of(response)


def test_password_reset_emails_a_link_that_sets_a_new_password(head_x, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": head_x.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "Set a new password" in text_of(form_page)
    mismatch = client.post(form_page.redirect_chain[-1][0], {"new_password1": "a", "new_password2": "b"})
    assert "The passwords do not match" in text_of(mismatch)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    head_x.refresh_from_db()
    assert head_x.check_password("a brand new passphrase")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_an_expired_reset_link_says_so(db):
    response = Client().get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}))
    assert response.status_code == 200
    assert "This link has expired" in text_of(response)
