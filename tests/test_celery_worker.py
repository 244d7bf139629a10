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
def test_an_email_task_is_sent_by_the_worker(real_worker):
    from partnership.tasks import send_email

    result = send_email.apply_async(
        kwargs={
            "subject": "Agenda published",
            "body": "The agenda is ready.",
            "to": ["member@a.test"],
        },
        ignore_result=True,
    )
    assert result.id
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.subject for m in mail.outbox] == ["Agenda published"]
    assert mail.outbox[0].to == ["member@a.test"]
