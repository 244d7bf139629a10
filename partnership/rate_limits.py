"""How often one client may do a thing that costs someone else: a count in the shared cache.

The cache is Redis in production (shared by every web process, leep.settings), so the count holds
across processes. A window starts with the first request and lasts its length; the count is never
reset early.
"""

from __future__ import annotations

from django.core.cache import cache

from partnership.client_ip import client_ip


def allow(request, scope: str, *, limit: int, seconds: int) -> bool:
    """Count one request of this kind from the request's client, and say whether it is within
    limit requests in the window. The client is its address, as the trusted proxy saw it."""
    key = f"rate:{scope}:{client_ip(request) or 'unknown'}"
    # add() starts the window only if none is running; incr() counts atomically within it.
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this request starts the next one.
        cache.add(key, 1, timeout=seconds)
        return True
    return count <= limit
