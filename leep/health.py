"""Health for the proxy, the orchestrator and the monitoring (decision 0027).

- /health/ says the web process is up: nothing else is asked, so a slow database never gets the
  web processes restarted.
- /health/ready/ says whether the portal can do its work: the database answers, Redis answers, and
  a Celery worker has run the heartbeat task lately (the beat queues it every
  WORKER_HEARTBEAT_SECONDS; it is stale after WORKER_HEARTBEAT_STALE_SECONDS). 200 "ok" or 503
  "unavailable", and nothing more to the public: which check failed is written to the log.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection

log = logging.getLogger("portal.health")
HEARTBEAT_KEY = "portal:worker-heartbeat"


def _redis():
    import redis

    url = getattr(settings, "REDIS_URL", "")
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2) if url else None


def heartbeat_record() -> float:
    """Run by a worker (partnership.tasks.worker_heartbeat): the time it last did work."""
    now = time.time()
    client = _redis()
    if client is not None:
        client.set(HEARTBEAT_KEY, str(now), ex=max(60, settings.WORKER_HEARTBEAT_STALE_SECONDS * 4))
    return now


def checks() -> dict[str, str]:
    """Each check's result: "ok", or why not (for the log, never for the page)."""
    results: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        results["database"] = "ok"
    except Exception as error:  # noqa: BLE001  (any failure is a failed check)
        results["database"] = f"failed: {type(error).__name__}"
    client = _redis()
    if client is None:
        # No broker: tasks run in the web process itself (development), so there is no worker.
        results["redis"] = results["worker"] = "ok"
        return results
    try:
        client.ping()
        results["redis"] = "ok"
        beat = client.get(HEARTBEAT_KEY)
    except Exception as error:  # noqa: BLE001
        results["redis"] = f"failed: {type(error).__name__}"
        results["worker"] = "unknown: Redis did not answer"
        return results
    from leep.celery import app

    if app.conf.task_always_eager:
        # Tasks run in the process that queues them: there is no worker to hear from.
        results["worker"] = "ok"
    elif beat is None:
        results["worker"] = "failed: no heartbeat recorded"
    else:
        age = time.time() - float(beat)
        stale = settings.WORKER_HEARTBEAT_STALE_SECONDS
        results["worker"] = "ok" if age <= stale else f"failed: last heartbeat {age:.0f} s ago"
    return results


def ready() -> bool:
    results = checks()
    healthy = all(value == "ok" for value in results.values())
    if not healthy:
        log.warning("Not ready", extra={"fields": {"checks": results}})
    return healthy
