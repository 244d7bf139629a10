"""The school list: filters, search, sorting, pagination, the CSV export and who sees what."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from schools.services import needs_flags_refresh
from tests.factories import (
    InspectionFactory,
    KS2Factory,
    MembershipFactory,
    NetworkFactory,
    SchoolFactory,
)
from tests.helpers import pinned_queries, text_of

LIST = reverse("schools:list", kwargs={"partnership_slug": "pa"})
EXPORT = reverse("schools:export", kwargs={"partnership_slug": "pa"})


@pytest.fixture
def register(partnership_a, school_x, school_y, school_z):
    InspectionFactory(school=school_x, overall="requires_improvement", inspected_on=dt.date(2018, 1, 1))
    InspectionFactory(school=school_x, overall="good", inspected_on=dt.date(2014, 1, 1))
    InspectionFactory(school=school_y, overall="good", inspected_on=dt.date(2017, 1, 1))
    InspectionFactory(school=school_z, overall="requires_improvement", inspected_on=dt.date(2018, 1, 1))
    secondary_ri = SchoolFactory(name="Another RI Secondary", la_code="901", phase="Secondary")
    InspectionFactory(school=secondary_ri, overall="requires_improvement")
    never = SchoolFactory(name="Never Inspected Primary", la_code="901")
    needs_flags_refresh(partnership=partnership_a)
    return {
        "x": school_x,
        "y": school_y,
        "z": school_z,
        "secondary_ri": secondary_ri,
        "never": never,
    }


def listed(response):
    return {school.urn for school in response.context["page"].object_list}


def exported(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_list_shows_only_the_partnerships_schools(client_for, head_x, register):
    urns = listed(client_for(head_x).get(LIST))
    assert urns == {s.urn for key, s in register.items() if key != "z"}


def test_filter_requires_improvement_primaries(client_for, la_officer_a, register):
    response = client_for(la_officer_a).get(LIST, {"outcome": "requires_improvement", "phase": "Primary"})
    assert listed(response) == {register["x"].urn}


def test_filter_not_inspected_network_and_flags(client_for, la_officer_a, register, partnership_a):
    client = client_for(la_officer_a)
    assert listed(client.get(LIST, {"outcome": "not_inspected"})) == {register["never"].urn}
    network = NetworkFactory(partnership=partnership_a)
    MembershipFactory(network=network, school=register["y"])
    MembershipFactory(
        network=network,
        school=register["never"],
        left_on=dt.date(2020, 1, 1),
        joined_on=dt.date(2019, 1, 1),
    )
    assert listed(client.get(LIST, {"network": network.pk})) == {register["y"].urn}
    flagged = listed(client.get(LIST, {"flag": "inspection_below_good"}))
    assert flagged == {register["x"].urn, register["secondary_ri"].urn}


def test_search_by_name_and_urn_and_sorting(client_for, head_x, register):
    client = client_for(head_x)
    assert listed(client.get(LIST, {"q": "never"})) == {register["never"].urn}
    assert listed(client.get(LIST, {"q": str(register["y"].urn)})) == {register["y"].urn}
    names = [s.name for s in client.get(LIST, {"sort": "-name"}).context["page"].object_list]
    assert names == sorted(names, reverse=True)
    newest = client.get(LIST, {"sort": "-inspected"}).context["page"].object_list
    assert [s.latest_inspected_on for s in newest if s.latest_inspected_on] == sorted(
        [s.latest_inspected_on for s in newest if s.latest_inspected_on], reverse=True
    )


def test_flags_are_hidden_from_headteachers(client_for, head_x, register):
    response = client_for(head_x).get(LIST, {"flag": "any"})
    assert len(listed(response)) == 4  # the filter is ignored, not applied
    assert "Flags" not in text_of(response)
    rows = exported(client_for(head_x).get(EXPORT))
    assert "Open flags" not in rows[0]


def test_csv_export_respects_filters_and_access(client_for, la_officer_a, la_officer_b, register):
    response = client_for(la_officer_a).get(EXPORT, {"outcome": "requires_improvement"})
    assert response["Content-Type"].startswith("text/csv")
    rows = exported(response)
    assert {int(r["URN"]) for r in rows} == {register["x"].urn, register["secondary_ri"].urn}
    assert {r["Latest Ofsted outcome"] for r in rows} == {"Requires Improvement"}
    assert {r["Open flags"] for r in rows} == {"1"}
    assert client_for(la_officer_b).get(EXPORT).status_code == 404


def test_list_paginates_with_a_pinned_query_count(client_for, la_officer_a, partnership_a):
    for i in range(60):
        school = SchoolFactory(la_code="901", name=f"School {i:03}")
        InspectionFactory(school=school)
    client = client_for(la_officer_a)
    client.get(LIST)
    # session, user, context, LAs, filter choices (3), networks, count, page, chooser
    with pinned_queries(11):
        first = client.get(LIST)
    with pinned_queries(11):
        second = client.get(LIST, {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10


def test_school_profile_shows_trends_beside_the_la_and_both_frameworks(
    client_for, head_x, school_x, school_y
):
    from schools.models import InspectionAreaGrade

    for year, value in ((2016, 50), (2017, 55), (2018, 60)):
        KS2Factory(school=school_x, academic_year=year, rwm_expected_pct=Decimal(value), pupils=30)
        KS2Factory(school=school_y, academic_year=year, rwm_expected_pct=Decimal(value + 20), pupils=30)
    InspectionFactory(school=school_x, overall="satisfactory", inspected_on=dt.date(2011, 5, 1))
    card = InspectionFactory(
        school=school_x,
        framework="report_card",
        overall="",
        safeguarding_met=True,
        inspected_on=dt.date(2026, 2, 2),
    )
    InspectionAreaGrade.objects.create(inspection=card, area="achievement", grade="strong_standard")
    client = client_for(head_x)
    url = reverse("schools:school", kwargs={"partnership_slug": "pa", "urn": school_x.urn})
    client.get(url)
    # session, user, context, LAs, school, access log entry (the school's records are shown), KS2,
    # LA averages, KS4, inspections, area grades, networks, current agreement, the school's
    # consents, chooser; flags and grants are for the LA only
    with pinned_queries(15):
        response = client.get(url)
    text = text_of(response)
    assert "2 February 2026: Report card" in text and "Achievement Strong standard" in text
    assert "1 May 2011: Satisfactory" in text
    assert "2017 to 2018 60% 70.0%" in text  # the school, then the pupil-weighted LA average
    assert response.content.decode().count('<svg role="img"') == 1


def test_filter_lists_offer_each_value_once(client_for, head_x, partnership_a):
    for _ in range(3):
        SchoolFactory(la_code="901", phase="Primary", status="Open")
    html = client_for(head_x).get(LIST).content.decode()
    phase_select = html.split('name="phase"')[1].split("</select>")[0]
    assert phase_select.count(">Primary<") == 1
