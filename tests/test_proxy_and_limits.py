"""The forwarding headers are believed only from the reverse proxy, and oversized requests are refused
by the portal as well as by the proxy (decision 0023)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from leep.middleware import RequestSizeLimitMiddleware, TrustedProxyMiddleware, from_trusted_proxy
from partnership.client_ip import client_ip
from tests.test_settings import STRONG_KEY, manage


def seen_by_the_portal(settings, remote_addr: str, **headers):
    """What the views see of a request from remote_addr: is it HTTPS, and whose is it?"""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    seen = {}

    def view(request):
        seen.update(secure=request.is_secure(), client=client_ip(request))
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen


FORGED = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}


def test_the_proxys_headers_are_believed_from_the_proxy(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["172.30.0.10"], 1
    headers = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 192.0.2.44"}
    # The nearest entry is the address the proxy saw; anything further left the client wrote.
    assert seen_by_the_portal(settings, "172.30.0.10", **headers) == {"secure": True, "client": "192.0.2.44"}


def test_the_same_headers_from_anywhere_else_are_ignored(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["172.30.0.10"], 1
    assert seen_by_the_portal(settings, "172.30.0.11", **FORGED) == {"secure": False, "client": "172.30.0.11"}


def test_with_no_trusted_proxy_no_one_is_believed(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 0
    assert seen_by_the_portal(settings, "127.0.0.1", **FORGED) == {"secure": False, "client": "127.0.0.1"}


@pytest.mark.parametrize(
    "trusted, address, expected",
    [
        (["10.1.0.0/16"], "10.1.200.3", True),
        (["10.1.0.0/16"], "10.2.0.1", False),
        (["::1", "127.0.0.1"], "::1", True),
        (["127.0.0.1"], "not an address", False),
        (["127.0.0.1"], None, False),
    ],
)
def test_trusted_proxies_are_addresses_or_networks(settings, trusted, address, expected):
    settings.TRUSTED_PROXIES = trusted
    assert from_trusted_proxy(address) is expected


def test_a_proxy_count_without_the_proxys_address_is_refused_at_start():
    result = manage(
        "check",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example.org",
        TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT needs TRUSTED_PROXIES" in result.stderr
    assert ImproperlyConfigured.__name__ in result.stderr


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    reached = []
    middleware = RequestSizeLimitMiddleware(lambda request: reached.append(request) or HttpResponse())
    small = RequestFactory().post("/", data=b"x" * 1000, content_type="application/octet-stream")
    large = RequestFactory().post("/", data=b"x" * 1001, content_type="application/octet-stream")
    assert middleware(small).status_code == 200
    assert middleware(large).status_code == 413
    assert reached == [small]


def test_the_request_limit_allows_the_largest_upload_any_form_takes(settings):
    from governance.forms import PaperForm
    from schools.forms import MAX_UPLOAD_BYTES

    largest = max(MAX_UPLOAD_BYTES, 20 * 1024 * 1024)
    assert "up to 20 MB" in str(PaperForm.base_fields["file"].help_text)
    # Room for the form's other fields and the multipart boundaries, and not much more.
    assert largest < settings.REQUEST_BODY_MAX_BYTES <= largest + 4 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= 1
