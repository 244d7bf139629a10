"""A school's headteacher sees who accessed their school's confidential records; the LA does too;
no one else, other heads included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import pinned_queries, text_of


def page_url(school, slug="pa"):
    return reverse("schools:access-log", kwargs={"partnership_slug": slug, "urn": school.urn})


def entry(partnership, school, *, days_ago=0, **fields):
    return AccessLogEntry.objects.create(
        partnership=partnership,
        school=school,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        action=fields.pop("action", AccessLogEntry.Action.VIEW),
        record_type=RecordType.SUPPORT_CASE,
        user_name=fields.pop("user_name", "Dee Diocese"),
        user_email="dee@diocese.test",
        ip_address="192.0.2.50",
        **fields,
    )


@pytest.fixture
def logged(partnership_a, partnership_b, school_x, school_y, school_z):
    return {
        "x_old": entry(partnership_a, school_x, days_ago=3),
        "x_new": entry(partnership_a, school_x, days_ago=1, user_name="Oscar Officer"),
        "y": entry(partnership_a, school_y),
        "no_school": entry(partnership_a, None),
        "z": entry(partnership_b, school_z),
    }


def listed(response):
    assert response.status_code == 200
    return [e.pk for e in response.context["page"].object_list]


def test_the_head_sees_their_schools_entries_only_newest_first(client_for, head_x, logged, school_x):
    response = client_for(head_x).get(page_url(school_x))
    assert listed(response) == [logged["x_new"].pk, logged["x_old"].pk]
    text = text_of(response)
    assert "Oscar Officer" in text and "Dee Diocese" in text
    assert "192.0.2.50" not in text  # where it came from is for the LA


def test_la_roles_see_the_same_entries_with_where_they_came_from(
    client_for, la_officer_a, la_admin_a, logged, school_x, school_y
):
    response = client_for(la_officer_a).get(page_url(school_x))
    assert listed(response) == [logged["x_new"].pk, logged["x_old"].pk]
    assert "192.0.2.50" in text_of(response)
    assert listed(client_for(la_admin_a).get(page_url(school_y))) == [logged["y"].pk]


@pytest.mark.parametrize("persona", ["head_y", "governor_x", "board_member_a", "la_officer_b"])
def test_everyone_else_gets_not_found(persona, personas, client_for, logged, school_x):
    assert client_for(personas[persona]).get(page_url(school_x)).status_code == 404


def test_another_partnerships_school_is_not_found(client_for, la_officer_a, logged, school_z):
    assert client_for(la_officer_a).get(page_url(school_z)).status_code == 404


def test_the_profile_links_to_the_page_for_those_allowed(client_for, head_x, head_y, governor_x, school_x):
    profile = reverse("schools:school", kwargs={"partnership_slug": "pa", "urn": school_x.urn})
    link = "See who has seen this school's confidential records"
    assert link in text_of(client_for(head_x).get(profile))
    assert link not in text_of(client_for(head_y).get(profile))
    assert link not in text_of(client_for(governor_x).get(profile))


def test_an_empty_page_says_so(client_for, head_x, school_x):
    assert "No one has viewed, exported or downloaded" in text_of(client_for(head_x).get(page_url(school_x)))


def test_the_page_has_a_pinned_query_count_and_pages_by_fifty(client_for, head_x, partnership_a, school_x):
    for i in range(55):
        entry(partnership_a, school_x, record_id=str(i))
    client = client_for(head_x)
    client.get(page_url(school_x))
    # session, user, context, local authorities, school, count, the page's entries, chooser
    with pinned_queries(8):
        first = client.get(page_url(school_x))
    assert len(first.context["page"].object_list) == 50
    assert len(client.get(page_url(school_x), {"page": 2}).context["page"].object_list) == 5
