"""Production settings: refuse to start without secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Y-" + "".join(chr(33 + (i * 7) % 90) for i in range(60)).replace('"', "x")


def manage(*args, **env):
    # A production process gets only what production would have: nothing the test run set.
    unwanted = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy_with_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_secure_cookies_hsts_frame_refusal_and_the_content_security_policy():
    shown = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-ancestors'])"
    )
    result = manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        shown,
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000", "DENY", "True", "[\"'none'\"]"]


def test_the_demo_data_cannot_be_loaded_in_production():
    result = manage(
        "seed_demo", DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example.org"
    )
    assert result.returncode != 0
    assert "The demo data is for development and tests only, not production." in result.stderr


@pytest.mark.parametrize(
    "env, message",
    [
        ({"ALLOWED_HOSTS": "portal.example.org"}, "Production needs SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY}, "Production needs ALLOWED_HOSTS"),
        ({"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "*"}, "Production needs ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "a.org", "DEBUG": "True"},
            "DEBUG must not be on",
        ),
    ],
)
def test_production_refuses_to_start_without_its_settings(env, message):
    result = manage("check", DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_development_defaults_are_not_production_defaults(settings):
    assert settings.DJANGO_ENV == "test"
    assert "*" not in settings.ALLOWED_HOSTS
    assert settings.AUTH_USER_MODEL == "partnership.User"
    assert settings.TIME_ZONE == "Europe/London"


def test_dates_are_in_govuk_style():
    import datetime as dt

    from django.utils.formats import date_format

    assert date_format(dt.date(2026, 11, 22)) == "22 November 2026"
