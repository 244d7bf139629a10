"""Control characters in what people send: taken out at the edge (leep.middleware), so a NUL in a
search is a normal page and never a database error, on every page that takes a query."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from partnership.models import User
from tests.inclusion_samples import INCLUSION_OFFICER_EMAIL
from tests.sweep_samples import url_for
from tests.test_url_sweep import all_url_names, sample_kwargs  # noqa: F401  (a fixture)

NASTY = {"q": "\x00", "page": "\x00", "sort": "\x00\x01", "status": "\x00", "year": "\x00"}


def _list_pages(sample: dict) -> list[str]:
    """Every page whose address names at most the partnership: the lists, searches, dashboards and
    start pages, where query parameters are read. Signing out is left out, since it would end the
    session the loop runs in."""
    pages = []
    for name in all_url_names():
        if "logout" in name or "sign-out" in name or name.startswith("admin:"):
            continue
        address = url_for(name, sample)
        if set(resolve(urlsplit(address).path).kwargs) <= {"partnership_slug"}:
            pages.append(address)
    return pages


@pytest.mark.django_db
def test_a_nul_in_any_query_parameter_of_any_list_page_gives_no_error_page(
    client_for,
    la_admin_a,
    sample_kwargs,  # noqa: F811
):
    """Every list and search page, as an LA administrator and as an LA inclusion officer (who sees
    the pupil lists the administrator may not), with a NUL in each common query parameter."""
    officer = User.objects.get(email=INCLUSION_OFFICER_EMAIL)
    pages = _list_pages(sample_kwargs)
    assert len(pages) > 40
    errors = {}
    for person in (la_admin_a, officer):
        client = client_for(person)
        for address in pages:
            status = client.get(address, NASTY).status_code
            if status >= 500:
                errors[(str(person), address)] = status
    assert errors == {}


@pytest.mark.django_db
def test_the_network_search_with_a_nul_is_a_search_for_the_rest(client_for, la_admin_a, partnership_a):
    response = client_for(la_admin_a).get(
        reverse("schools:networks", kwargs={"partnership_slug": partnership_a.slug}), {"q": "\x00"}
    )
    assert response.status_code == 200
    assert response.context["request"].GET["q"] == ""


def test_posted_fields_keep_tabs_and_line_breaks_and_lose_other_control_characters(rf):
    from leep.middleware import ControlCharacterMiddleware

    seen = {}

    def view(request):
        seen.update(request.POST.dict(), **{f"get_{k}": v for k, v in request.GET.items()})
        return None

    request = rf.post("/?q=a%00b%0Ac", {"notes": "one\tline\r\ntwo\x00\x07", "name": "Ann\x1b"})
    ControlCharacterMiddleware(view)(request)
    assert seen == {"notes": "one\tline\r\ntwo", "name": "Ann", "get_q": "abc"}
