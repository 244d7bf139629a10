"""Background work through a real Celery worker on Redis, as in production."""

import os
import time

import pytest
from django.core import mail

from conftest import require_service


def redis_is_up(url: str) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from leep.celery import app

    url = os.environ.get("REDIS_URL", "")
    require_service(redis_is_up(url), f"Redis at REDIS_URL ({url or 'unset'})")
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app


@pytest.mark.celery_worker
def test_an_email_is_sent_from_the_outbox_by_the_worker(real_worker, transactional_db):
    from partnership.models import OutboundEmail
    from partnership.outbox import email_later

    # Outside a transaction the task is queued at once, as after a commit.
    email = email_later(subject="Agenda published", body="The agenda is ready.", to=["member@a.test"])
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.subject for m in mail.outbox] == ["Agenda published"]
    assert mail.outbox[0].to == ["member@a.test"]
    deadline = time.monotonic() + 10
    while OutboundEmail.objects.get(pk=email.pk).status != "sent" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert OutboundEmail.objects.get(pk=email.pk).status == "sent"


@pytest.mark.celery_worker
def test_an_uploaded_register_is_imported_by_the_worker(real_worker, transactional_db, settings, tmp_path):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from partnership.models import Role
    from schools.models import ImportRun, School
    from schools.tasks import process_import
    from tests.factories import LocalAuthorityFactory, PartnershipFactory, RoleFactory, UserFactory

    settings.MEDIA_ROOT = str(tmp_path)
    partnership = PartnershipFactory(slug="leep-worker")
    LocalAuthorityFactory(code="855", partnership=partnership)
    officer = UserFactory()
    RoleFactory(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    data = Path(__file__).resolve().parents[1] / "data" / "rotherham" / "gias_establishments.csv"
    run = ImportRun.objects.create(
        partnership=partnership,
        kind="gias",
        file=SimpleUploadedFile("register.csv", data.read_bytes()),
        original_name="register.csv",
        uploaded_by=officer,
    )
    process_import.delay(run.pk)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.2)
    assert (run.status, run.created) == ("done", 138)
    assert School.objects.count() == 138
