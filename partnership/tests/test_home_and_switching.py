"""Each role's home page, the navigation it gets, and switching between partnerships."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from partnership.models import Role
from partnership.views.errors import server_error
from tests.factories import RoleFactory
from tests.helpers import pinned_queries, text_of
from tests.navigation import EXPECTED_NAVIGATION

HOME_TEXT = {
    "la_admin_a": ["People and roles", "Add a person", "Your support cases", "Meetings"],
    "la_officer_a": ["Your support cases", "Meetings"],
    "head_x": ["Your school", "School X"],
    "governor_x": [
        "Your school",
        "School X",
        "Published reports",
        "No report has been published yet",
        "Meetings and minutes",
        "Consultations",
    ],
    "board_member_a": ["Meetings", "No meeting of the boards you can see is scheduled from today"],
}
NAVIGATION = EXPECTED_NAVIGATION


@pytest.mark.parametrize("persona", sorted(HOME_TEXT))
def test_each_role_has_its_own_home_page_and_navigation(persona, personas, client_for, partnership_a):
    response = client_for(personas[persona]).get(
        reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    )
    text = text_of(response)
    for expected in HOME_TEXT[persona]:
        assert expected in text
    assert [item["label"] for item in response.context["navigation"]] == NAVIGATION[persona]
    assert "Partnership A" in text  # the header names the partnership


def test_a_headteacher_does_not_see_the_admin_sections(client_for, head_x, partnership_a):
    text = text_of(client_for(head_x).get(reverse("partnership:home", kwargs={"partnership_slug": "pa"})))
    assert "People and roles" not in text
    assert "Your support cases" not in text


def test_home_page_has_a_pinned_query_count(client_for, la_admin_a, partnership_a):
    client = client_for(la_admin_a)
    url = reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    client.get(url)
    # session, user, context, LAs, messages, two people counts, schools without a head,
    # my cases, reviews due, overdue actions, upcoming meetings, chooser
    with pinned_queries(13):
        client.get(url)


def test_someone_in_two_partnerships_chooses_and_switches(client_for, la_officer_b, partnership_a):
    RoleFactory(user=la_officer_b, partnership=partnership_a, role=Role.BOARD_MEMBER)
    client = client_for(la_officer_b)
    first = client.get(reverse("home"))
    assert first["Location"] == reverse("partnership-choose")
    chooser = client.get(first["Location"])
    assert "Partnership A" in text_of(chooser) and "Partnership B" in text_of(chooser)
    page = client.get(reverse("partnership:home", kwargs={"partnership_slug": "pb"}))
    assert "Switch partnership" in text_of(page)
    assert "LA officer in B" in text_of(page)
    assert client.get(reverse("home"))["Location"] == "/p/pb/"
    page = client.get(reverse("partnership:home", kwargs={"partnership_slug": "pa"}))
    assert "Board member in A" in text_of(page)
    assert client.get(reverse("home"))["Location"] == "/p/pa/"


def test_someone_with_no_role_is_told_what_to_do(client_for, db):
    from tests.factories import UserFactory

    client = client_for(UserFactory())
    response = client.get(reverse("home"), follow=True)
    assert "You do not have a role in any partnership yet" in text_of(response)


def test_the_500_page_renders_without_the_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_the_404_page_explains_itself(client_for, head_x):
    response = client_for(head_x).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)
