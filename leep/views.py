"""The service's own endpoints, outside any app: health and metrics (decision 0027)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from leep import health
from leep.metrics import QueueLengthCollector, may_scrape, registry_for_export


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_GET
def live(request: HttpRequest) -> HttpResponse:
    """The web process is up. Asks nothing else."""
    return _plain("ok", 200)


@login_not_required
@never_cache
@require_GET
def ready(request: HttpRequest) -> HttpResponse:
    """The database, Redis and a worker are all working: 200 "ok", else 503 "unavailable"."""
    return _plain("ok", 200) if health.ready() else _plain("unavailable", 503)


_queue_collector = QueueLengthCollector()


@login_not_required
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format, for the scraper only: a 404 to anyone else."""
    if not may_scrape(request):
        raise Http404("Page not found")
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    registry = registry_for_export() or REGISTRY
    queue = CollectorRegistry()
    queue.register(_queue_collector)
    body = generate_latest(registry) + generate_latest(queue)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
