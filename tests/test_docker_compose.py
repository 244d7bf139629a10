"""docker-compose.yml names only commands that exist in the project."""

import importlib
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def words(command) -> list[list[str]]:
    """Each simple command inside a service's command, with `sh -c` and `&&` unpicked."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in argv[2].split("&&")]
    return [argv]


def check_command(argv: list[str]) -> None:
    program = argv[0]
    if program == "python" and argv[1] == "manage.py":
        assert argv[2] in get_commands(), f"manage.py has no command {argv[2]!r}"
    elif program == "gunicorn":
        importlib.import_module("gunicorn")
        module, _, attribute = argv[1].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute))
    elif program == "celery":
        assert argv[1] == "-A"
        app = importlib.import_module(argv[2]).celery_app
        assert argv[3] in {"worker", "beat"}
        assert app.main == "leep"
    else:
        raise AssertionError(f"Unknown program in docker-compose.yml: {program}")


def test_compose_has_the_five_services():
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(SERVICES)


def test_every_portal_command_exists():
    for name in ("web", "worker", "beat"):
        for argv in words(SERVICES[name]["command"]):
            check_command(argv)


def test_web_runs_gunicorn_and_migrates_first():
    commands = words(SERVICES["web"]["command"])
    assert commands[0][:3] == ["python", "manage.py", "migrate"]
    assert commands[-1][0] == "gunicorn"


def test_portal_services_run_in_production_mode_against_the_services():
    for name in ("web", "worker", "beat"):
        env = SERVICES[name]["environment"]
        assert env["DJANGO_ENV"] == "production"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")


def test_dockerfile_installs_the_pinned_lock_and_runs_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    assert '"gunicorn", "leep.wsgi:application"' in dockerfile
    lock = (ROOT / "requirements.lock").read_text()
    for package in ("django==5.2", "gunicorn==", "celery==", "whitenoise==", "psycopg2-binary=="):
        assert package in lock.lower()
