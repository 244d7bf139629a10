"""Metrics a standard scraper reads, in Prometheus's text format (decision 0027).

- Requests: django-prometheus's middleware counts every request and its latency by view
  (`django_http_requests_latency_seconds_by_view_method`), served by the web processes at /metrics.
- Tasks: how long each Celery task took and how it ended (`portal_task_duration_seconds`, by task
  and state) and how many failed (`portal_task_failures_total`), served by each worker on
  CELERY_METRICS_PORT.
- The queue: how many task messages wait in Redis (`portal_queue_length`), read at scrape time.

With several processes (gunicorn's workers, Celery's pool children) each keeps its own counts, so
production sets PROMETHEUS_MULTIPROC_DIR (docker-compose.yml) and every export adds them up.

/metrics is not public: nginx never passes it on, and the view answers only a request made straight
to a web process from METRICS_ALLOWED_NETWORKS (the compose network), never one through the proxy.
"""

from __future__ import annotations

import ipaddress
import os
import time

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

TASK_DURATION = Histogram(
    "portal_task_duration_seconds",
    "How long each Celery task took, by task and how it ended.",
    ["task", "state"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
TASK_FAILURES = Counter(
    "portal_task_failures_total", "Celery tasks that ended in failure, by task.", ["task"]
)

_started: dict[str, float] = {}


def task_started(task_id: str) -> None:
    _started[task_id] = time.perf_counter()


def task_finished(task_id: str, name: str, state: str) -> None:
    began = _started.pop(task_id, None)
    if began is None or not name:
        return
    TASK_DURATION.labels(task=name, state=state or "UNKNOWN").observe(time.perf_counter() - began)
    if state == "FAILURE":
        TASK_FAILURES.labels(task=name).inc()


class QueueLengthCollector:
    """The number of messages waiting in Celery's queue in Redis, read when scraped."""

    def collect(self):
        from django.conf import settings

        gauge = GaugeMetricFamily(
            "portal_queue_length", "Task messages waiting in the queue.", labels=["queue"]
        )
        url = getattr(settings, "REDIS_URL", "") or os.environ.get("REDIS_URL", "")
        if url:
            import redis

            try:
                length = redis.Redis.from_url(url, socket_timeout=1).llen("celery")
            except redis.RedisError:
                return
            gauge.add_metric(["celery"], length)
            yield gauge


def registry_for_export() -> CollectorRegistry | None:
    """The registry to export: every process's counts added up when PROMETHEUS_MULTIPROC_DIR is set,
    else this process's own (None: the default registry)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def serve_worker_metrics() -> None:
    """In a Celery worker's main process: serve its pool's task metrics on CELERY_METRICS_PORT."""
    port = int(os.environ.get("CELERY_METRICS_PORT", "0") or 0)
    if not port:
        return
    from prometheus_client import REGISTRY, start_http_server

    # The container's own network address in compose (CELERY_METRICS_ADDRESS); this machine only
    # when none is given.
    address = os.environ.get("CELERY_METRICS_ADDRESS", "127.0.0.1")
    start_http_server(port, addr=address, registry=registry_for_export() or REGISTRY)


def may_scrape(request) -> bool:
    """Straight to a web process (no proxy's forwarding header), from an allowed network."""
    from django.conf import settings

    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REQUEST_ID" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    networks = [ipaddress.ip_network(n, strict=False) for n in settings.METRICS_ALLOWED_NETWORKS]
    return any(address in network for network in networks)
