"""What the portal believes about a request before anything else reads it (decision 0023).

Behind the reverse proxy, whether a request came over HTTPS (SECURE_PROXY_SSL_HEADER) and whom it
came from (partnership.client_ip) are read from headers the proxy sets. Anyone who can reach the
web process some other way could set those headers too, so they are believed only when the request
comes from an address in TRUSTED_PROXIES; from anywhere else they are removed, and the request is
judged by its own connection: plain HTTP, from REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from functools import cache

from django.conf import settings
from django.http import HttpResponse

from leep.request_id import reset_request_id, set_request_id

request_log = logging.getLogger("portal.requests")
# Address parts that are secrets: whoever holds one may answer a consultation as someone, set a
# password or unsubscribe someone. They never reach a log.
SECRET_URL_PARTS = ("token", "resume", "uidb64")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Headers a proxy sets about the client's connection. Django reads X-Forwarded-Proto (through
# SECURE_PROXY_SSL_HEADER) and the portal X-Forwarded-For; the others are removed too, so that
# nothing added later can come to trust them by accident.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


@cache
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def from_trusted_proxy(remote_addr: str | None) -> bool:
    """Is this address one of TRUSTED_PROXIES (addresses or networks)?"""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not remote_addr or not networks:
        return False
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in networks)


class TrustedProxyMiddleware:
    """Remove the forwarding headers from every request that did not come from a trusted proxy.

    First in MIDDLEWARE, so that SecurityMiddleware's HTTPS redirect and everything after it see
    only headers the proxy wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than REQUEST_BODY_MAX_BYTES, before anything reads it.

    The reverse proxy refuses these first (client_max_body_size, which a test keeps equal); this is
    the same limit in the portal, for a web process reached some other way. Django's own
    DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, so it cannot do this alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "REQUEST_BODY_MAX_BYTES", None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            response = HttpResponse(
                "The request is too large.", status=413, content_type="text/plain; charset=utf-8"
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


# C0 control characters and DEL. PostgreSQL refuses a NUL in any text, so a NUL typed into a search
# box would reach the database as an error page; the others have no place in anything a person
# types. Tab and line breaks are kept in posted forms, where a multi-line field may hold them.
CONTROL_CHARACTERS = "".join(chr(code) for code in (*range(0, 32), 127))
NOT_IN_QUERIES = str.maketrans("", "", CONTROL_CHARACTERS)
NOT_IN_FORMS = str.maketrans("", "", CONTROL_CHARACTERS.translate(str.maketrans("", "", "\t\n\r")))
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned(values, table):
    cleaned = values.copy()
    for key in list(cleaned):
        cleaned.setlist(key, [value.translate(table) for value in values.getlist(key)])
    cleaned._mutable = False
    return cleaned


class ControlCharacterMiddleware:
    """Take control characters out of every query parameter and posted form field, in one place,
    before any view, form or selector reads them: a search for "%00" is a search for nothing, not a
    database error. Posted fields keep tabs and line breaks; query parameters keep none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET, NOT_IN_QUERIES)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = _cleaned(request.POST, NOT_IN_FORMS)
        return self.get_response(request)


class RequestLogMiddleware:
    """Give each request an id and write one structured line when it ends (decision 0027).

    The id is the proxy's X-Request-ID when the request came from a trusted proxy (nginx sets it),
    else a new one; it is returned in the response's X-Request-ID, set for everything the request
    logs, and carried into every Celery task it queues (leep.celery). The line has no query string,
    which may hold what a person searched for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        if from_trusted_proxy(request.META.get("REMOTE_ADDR")) and REQUEST_ID.match(offered):
            request_id = offered
        else:
            request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        path = request.path
        for name in SECRET_URL_PARTS:
            value = match.kwargs.get(name) if match else None
            if value:
                path = path.replace(str(value), "[redacted]")
        request_log.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "request_id": request_id,
                "fields": {
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "view": match.view_name if match else "",
                    "partnership": (match.kwargs.get("partnership_slug", "") if match else ""),
                    "user": user.pk if user is not None and user.is_authenticated else None,
                },
            },
        )
        return response
