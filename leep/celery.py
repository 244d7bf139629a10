"""The Celery app. Its broker comes from REDIS_URL; with none, tasks run eagerly in-process.

A task carries the id of the request that queued it (a message header), so its log lines can be
found with the request's (decision 0027); its duration and outcome are counted for the metrics.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leep.settings")

app = Celery("leep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_tokens: dict[str, object] = {}


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    from leep.request_id import current_request_id

    if headers is not None and current_request_id():
        headers.setdefault("request_id", current_request_id())


@signals.task_prerun.connect
def _take_request_id(task_id=None, task=None, **kwargs):
    from leep.metrics import task_started
    from leep.request_id import set_request_id

    request_id = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    _tokens[task_id] = set_request_id(request_id or f"task-{task_id}")
    task_started(task_id)


@signals.task_postrun.connect
def _drop_request_id(task_id=None, task=None, state=None, **kwargs):
    from leep.metrics import task_finished
    from leep.request_id import reset_request_id

    task_finished(task_id, task.name if task else "", state or "")
    token = _tokens.pop(task_id, None)
    if token is not None:
        reset_request_id(token)


@signals.worker_ready.connect
def _ready(**kwargs):
    from leep.health import heartbeat_record
    from leep.metrics import serve_worker_metrics

    # A worker that has just started is alive: /health/ready/ need not wait for the beat.
    heartbeat_record()
    serve_worker_metrics()


@app.task(name="leep.worker_heartbeat")
def worker_heartbeat() -> float:
    """From the beat: a worker records that it is doing work, for /health/ready/ (leep.health)."""
    from leep.health import heartbeat_record

    return heartbeat_record()
