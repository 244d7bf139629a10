"""Operable (issue 21, decision 0027): health for the proxy and the orchestrator, one structured log
line per request with an id that follows the request into its tasks, and metrics for a scraper."""

from __future__ import annotations

import json
import logging
import time

import pytest
from django.test import Client

from leep import health
from leep.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_liveness_asks_nothing_and_says_only_ok(monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("liveness must not ask the database")

    monkeypatch.setattr(health, "checks", broken)
    response = Client().get("/health/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_ready_is_200_when_the_database_redis_and_a_worker_answer(monkeypatch, settings):
    monkeypatch.setattr(health, "checks", lambda: {"database": "ok", "redis": "ok", "worker": "ok"})
    response = Client().get("/health/ready/")
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.parametrize(
    "failed",
    [
        {"database": "failed: OperationalError", "redis": "ok", "worker": "ok"},
        {"database": "ok", "redis": "failed: ConnectionError", "worker": "unknown: Redis did not answer"},
        {"database": "ok", "redis": "ok", "worker": "failed: last heartbeat 900 s ago"},
    ],
)
def test_ready_is_503_and_tells_the_public_nothing_of_why(monkeypatch, caplog, failed):
    monkeypatch.setattr(health, "checks", lambda: failed)
    with caplog.at_level(logging.WARNING, logger="portal.health"):
        response = Client().get("/health/ready/")
    assert (response.status_code, response.content) == (503, b"unavailable")
    # Why is in the log, for the people who run the service.
    assert any(getattr(r, "fields", {}).get("checks") == failed for r in caplog.records)


def test_the_real_checks_find_a_dead_redis_and_a_stale_heartbeat(settings):
    import redis

    from leep.celery import app

    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    results = health.checks()
    assert results["database"] == "ok" and results["redis"].startswith("failed")
    url = "redis://127.0.0.1:6379/12"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        from conftest import require_service

        require_service(False, "Redis on 127.0.0.1:6379")
    settings.REDIS_URL = url
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 60
    client = redis.Redis.from_url(url)
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        client.delete(health.HEARTBEAT_KEY)
        assert health.checks()["worker"] == "failed: no heartbeat recorded"
        client.set(health.HEARTBEAT_KEY, str(time.time() - 600))
        assert health.checks()["worker"].startswith("failed: last heartbeat")
        health.heartbeat_record()
        assert health.checks() == {"database": "ok", "redis": "ok", "worker": "ok"}
    finally:
        app.conf.task_always_eager = previous
        client.delete(health.HEARTBEAT_KEY)


def test_each_request_writes_one_structured_line_with_its_id(caplog, client_for, la_admin_a, partnership_a):
    client = client_for(la_admin_a)
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        response = client.get(f"/p/{partnership_a.slug}/people/?q=Secret+Name")
    request_id = response["X-Request-ID"]
    lines = [r for r in caplog.records if r.name == "portal.requests"]
    assert len(lines) == 1
    line = json.loads(JsonFormatter().format(lines[0]))
    assert line["request_id"] == request_id
    assert line["method"] == "GET" and line["status"] == 200 and line["view"] == "partnership:people"
    assert line["partnership"] == partnership_a.slug and line["user"] == la_admin_a.pk
    assert isinstance(line["duration_ms"], float)
    # The query string, which may hold what someone searched for, is not logged.
    assert "Secret" not in json.dumps(line)


def test_a_request_id_is_believed_only_from_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    offered = "proxy-request-0123456789"
    from_proxy = Client(REMOTE_ADDR="10.0.0.5").get("/health/", HTTP_X_REQUEST_ID=offered)
    assert from_proxy["X-Request-ID"] == offered
    from_anyone = Client(REMOTE_ADDR="203.0.113.9").get("/health/", HTTP_X_REQUEST_ID=offered)
    assert from_anyone["X-Request-ID"] != offered


def test_a_task_queued_by_a_request_carries_its_id(caplog, settings):
    """The id goes into the task's message headers and is set while the task runs."""
    from leep.celery import _carry_request_id, _drop_request_id, _take_request_id
    from leep.request_id import current_request_id, reset_request_id, set_request_id

    token = set_request_id("request-abcdef123")
    headers: dict = {}
    _carry_request_id(headers=headers)
    reset_request_id(token)
    assert headers == {"request_id": "request-abcdef123"}

    carried = headers["request_id"]

    class Request:
        request_id = carried
        headers = None

    class Task:
        name = "partnership.tasks.send_outbound_email"
        request = Request()

    seen = {}
    _take_request_id(task_id="t1", task=Task())
    seen["during"] = current_request_id()
    logging.getLogger("partnership").warning("inside the task")
    _drop_request_id(task_id="t1", task=Task(), state="SUCCESS")
    assert seen["during"] == "request-abcdef123" and current_request_id() == ""


def test_metrics_show_latency_by_view_and_are_for_the_scraper_only(
    settings, client_for, la_admin_a, partnership_a
):
    client_for(la_admin_a).get(f"/p/{partnership_a.slug}/people/")
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    scraped = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert scraped.status_code == 200
    text = scraped.content.decode()
    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="partnership:people"}'
        in text
    )
    assert "portal_task_duration_seconds" in text or "portal_task_failures_total" in text
    # From anywhere else, or passed on by the proxy, it is not there.
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 404
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    through_proxy = Client(REMOTE_ADDR="127.0.0.1").get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert through_proxy.status_code == 404


def test_the_proxy_never_passes_the_metrics_on():
    from tests.production_shape import nginx_template

    template = nginx_template().read_text()
    assert "location = /metrics {\n        return 404;" in template
    assert "proxy_set_header X-Request-ID $request_id;" in template


def test_task_durations_and_failures_are_counted():
    from prometheus_client import REGISTRY

    from leep.metrics import task_finished, task_started

    def sample(name, labels):
        return REGISTRY.get_sample_value(name, labels) or 0

    before = sample("portal_task_failures_total", {"task": "demo.task"})
    task_started("x1")
    task_finished("x1", "demo.task", "FAILURE")
    assert sample("portal_task_failures_total", {"task": "demo.task"}) == before + 1
    assert sample("portal_task_duration_seconds_count", {"task": "demo.task", "state": "FAILURE"}) >= 1


def test_the_queue_length_is_read_when_scraped(settings):
    import redis

    from leep.metrics import QueueLengthCollector

    url = "redis://127.0.0.1:6379/13"
    try:
        client = redis.Redis.from_url(url)
        client.delete("celery")
        client.rpush("celery", "a", "b", "c")
    except redis.RedisError:
        from conftest import require_service

        require_service(False, "Redis on 127.0.0.1:6379")
    settings.REDIS_URL = url
    try:
        (family,) = list(QueueLengthCollector().collect())
        assert family.name == "portal_queue_length" and family.samples[0].value == 3
    finally:
        client.delete("celery")


def test_secrets_in_addresses_never_reach_the_log(caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        Client().get("/c/r/a-secret-resume-token-123/1/")
        Client().get("/password-reset/MQ/a-secret-reset-token/")
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "portal.requests"]
    assert len(lines) == 2
    assert not any("secret" in line for line in lines)
    assert all("[redacted]" in line for line in lines)
