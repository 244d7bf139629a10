"""Governors and observers answer consultations and read the published summaries: "Consultations" in
their navigation leads to the consultations open to anyone with the link and the summaries published,
and their home page says how many there are (issue 17, item 7)."""

import datetime as dt

import pytest
from django.urls import reverse

from consultation.models import Consultation
from consultation.models.consultations import Audience, ConsultationStatus
from partnership.models import Role
from tests.factories import RoleFactory, UserFactory
from tests.helpers import pinned_queries, text_of

HOME = reverse("partnership:home", kwargs={"partnership_slug": "pa"})
PAGE = reverse("consultation:open-and-published", kwargs={"partnership_slug": "pa"})
TODAY = dt.date.today()


def consultation(
    partnership, officer, title, *, status=ConsultationStatus.OPEN, audience=Audience.LINK, **dates
):
    opens_on = dates.get("opens_on", TODAY - dt.timedelta(days=5))
    closes_on = dates.get("closes_on", TODAY + dt.timedelta(days=20))
    return Consultation.objects.create(
        partnership=partnership,
        title=title,
        purpose=f"Your views on {title.lower()}.",
        opens_on=opens_on,
        closes_on=closes_on,
        retain_until=closes_on + dt.timedelta(days=365),
        status=status,
        audience=audience,
        published_on=dates.get("published_on"),
        created_by=officer,
    )


@pytest.fixture
def observer_a(partnership_a):
    user = UserFactory(full_name="Olive Observer")
    RoleFactory(user=user, partnership=partnership_a, role=Role.OBSERVER)
    return user


@pytest.fixture
def mixture(partnership_a, partnership_b, la_officer_a, la_officer_b):
    """One consultation of each kind, of which a governor is shown two open and one summary."""
    a = partnership_a
    closed = ConsultationStatus.CLOSED
    return {
        "open": consultation(a, la_officer_a, "The partnership's priorities"),
        "open_soonest": consultation(a, la_officer_a, "Term dates", closes_on=TODAY),
        "invited": consultation(a, la_officer_a, "Headteachers' forum", audience=Audience.INVITED),
        "draft": consultation(a, la_officer_a, "Draft questions", status=ConsultationStatus.DRAFT),
        "not_yet": consultation(a, la_officer_a, "Next term", opens_on=TODAY + dt.timedelta(days=3)),
        "published": consultation(
            a, la_officer_a, "Vision and aims", status=closed, published_on=TODAY - dt.timedelta(days=2)
        ),
        "closed": consultation(a, la_officer_a, "Working protocols", status=closed),
        "to_be_published": consultation(
            a, la_officer_a, "Roles and structure", status=closed, published_on=TODAY + dt.timedelta(days=4)
        ),
        "other": consultation(partnership_b, la_officer_b, "Beeton's own"),
    }


def test_a_governor_sees_the_open_consultations_with_their_links_and_the_published_summaries(
    client_for, governor_x, mixture
):
    response = client_for(governor_x).get(PAGE)
    assert response.status_code == 200
    assert [c.title for c in response.context["open"]] == ["Term dates", "The partnership's priorities"]
    assert [c.title for c in response.context["published"]] == ["Vision and aims"]
    html = response.content.decode()
    for key in ("open", "open_soonest"):
        assert f'href="{reverse("respond-link", args=[mixture[key].link_token])}"' in html
    for key in ("invited", "draft", "not_yet", "other"):
        assert mixture[key].link_token not in html and mixture[key].title not in html, key
    text = text_of(response)
    assert f"Open until {TODAY.day} {TODAY:%B %Y}." in text
    summary = reverse("consultation-summary", args=["pa", mixture["published"].pk])
    assert f'href="{summary}"' in html


def test_each_link_on_the_page_opens_for_the_governor(client_for, governor_x, mixture):
    client = client_for(governor_x)
    assert client.get(reverse("respond-link", args=[mixture["open"].link_token])).status_code == 200
    assert (
        client.get(reverse("consultation-summary", args=["pa", mixture["published"].pk])).status_code == 200
    )


@pytest.mark.parametrize("persona", ["governor", "observer"])
def test_consultations_in_the_navigation_leads_to_the_page(persona, client_for, governor_x, observer_a):
    client = client_for(governor_x if persona == "governor" else observer_a)
    items = {item["label"]: item["href"] for item in client.get(HOME).context["navigation"]}
    assert items["Consultations"] == PAGE
    page = client.get(PAGE)
    assert page.status_code == 200
    assert [item["label"] for item in page.context["navigation"] if item["current"]] == ["Consultations"]


def test_an_officer_who_is_also_a_governor_has_one_consultations_their_own_list(
    client_for, la_officer_a, school_x, partnership_a
):
    RoleFactory(user=la_officer_a, partnership=partnership_a, role=Role.GOVERNOR, school=school_x)
    client = client_for(la_officer_a)
    items = [item for item in client.get(HOME).context["navigation"] if item["label"] == "Consultations"]
    assert [item["href"] for item in items] == [
        reverse("consultation:list", kwargs={"partnership_slug": "pa"})
    ]
    assert client.get(PAGE).status_code == 200  # officers see what governors see


@pytest.mark.parametrize("persona", ["head_x", "board_member_a", "la_officer_b"])
def test_the_page_is_not_there_for_anyone_else(persona, personas, client_for):
    assert client_for(personas[persona]).get(PAGE).status_code == 404


def test_the_page_has_a_pinned_query_count(client_for, governor_x, mixture, partnership_a, la_officer_a):
    client = client_for(governor_x)
    client.get(PAGE)
    # session, user, context, the open consultations, the published summaries, the partnerships
    # chooser in the header
    with pinned_queries(6):
        client.get(PAGE)
    for n in range(3):
        consultation(partnership_a, la_officer_a, f"More {n}")
        consultation(
            partnership_a, la_officer_a, f"Done {n}", status=ConsultationStatus.CLOSED, published_on=TODAY
        )
    with pinned_queries(6):
        client.get(PAGE)


def test_home_page_counts_the_open_consultations_and_the_summaries(client_for, governor_x, mixture):
    text = text_of(client_for(governor_x).get(HOME))
    assert "2 consultations are open to everyone, and you can answer them." in text
    assert "1 consultation summary has been published." in text
    assert "See the consultations" in text


def test_home_page_says_so_when_there_is_nothing(
    client_for, governor_x, observer_a, la_officer_a, partnership_a
):
    consultation(partnership_a, la_officer_a, "Headteachers' forum", audience=Audience.INVITED)
    consultation(partnership_a, la_officer_a, "Working protocols", status=ConsultationStatus.CLOSED)
    for person in (governor_x, observer_a):
        text = text_of(client_for(person).get(HOME))
        assert "No consultation is open to everyone at the moment." in text
        assert "No consultation summary has been published yet." in text
    page = text_of(client_for(governor_x).get(PAGE))
    assert "No consultation is open to everyone at the moment." in page
    assert "No consultation summary has been published yet." in page


def test_one_open_consultation_is_told_in_the_singular(client_for, governor_x, la_officer_a, partnership_a):
    consultation(partnership_a, la_officer_a, "The partnership's priorities")
    text = text_of(client_for(governor_x).get(HOME))
    assert "1 consultation is open to everyone, and you can answer it." in text
