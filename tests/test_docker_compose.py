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


def test_compose_has_the_services():
    assert {"migrate", "web", "worker", "beat", "proxy", "postgres", "redis"} <= set(SERVICES)


def test_every_portal_command_exists():
    for name in ("migrate", "web", "worker", "beat"):
        for argv in words(SERVICES[name]["command"]):
            check_command(argv)


def test_migrations_run_once_before_the_web_processes_and_the_workers_start():
    assert words(SERVICES["migrate"]["command"]) == [["python", "manage.py", "migrate", "--noinput"]]
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"].get("deploy", {}).get("replicas", 1) == 1
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    # Two web processes must not both migrate at once: web only serves.
    assert [argv[0] for argv in words(SERVICES["web"]["command"])] == ["gunicorn"]


def test_portal_services_run_in_production_mode_against_the_services():
    for name in ("migrate", "web", "worker", "beat"):
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


def celery_role(service: dict) -> str | None:
    for argv in words(service.get("command", "")):
        if argv[:1] == ["celery"] and len(argv) > 3:
            return argv[3]
    return None


def test_exactly_one_beat_runs():
    # Two beats would each send every scheduled task; the database constraint copes, but one is right.
    beats = [name for name, service in SERVICES.items() if celery_role(service) == "beat"]
    assert beats == ["beat"]
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_the_worker_keeps_each_child_under_a_gigabyte():
    from django.conf import settings as django_settings

    worker = words(SERVICES["worker"]["command"])[0]
    # The limit comes from the settings; the compose file must not raise it on the command line.
    assert not any(word.startswith(("--max-memory-per-child", "--max_memory_per_child")) for word in worker)
    assert "CELERY_WORKER_MAX_MEMORY_PER_CHILD" not in SERVICES["worker"]["environment"]
    assert 0 < django_settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD < 1024 * 1024
    assert django_settings.CELERY_TASK_ACKS_LATE and django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def test_the_worker_app_reads_the_reliability_settings():
    from leep.celery import app

    assert app.conf.worker_max_memory_per_child == 900_000
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options == {"visibility_timeout": 2 * 60 * 60}
    for task in ("governance.tasks.start_termly_reports", "governance.tasks.requeue_stale_reports"):
        entries = [entry for entry in app.conf.beat_schedule.values() if entry["task"] == task]
        assert len(entries) == 1, task
        assert entries[0]["schedule"] <= 24 * 60 * 60
