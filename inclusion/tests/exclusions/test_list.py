"""The list of exclusions and consultations before exclusion: the exact records each person sees, the
flag on an exclusion without a consultation first, filters, fifty a page, the access log and a pinned
query count (decision 0020)."""

import re

import pytest

from inclusion import services
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import SEE_NO_PUPILS, TODAY, url


def ids_of(records, *keys):
    return {records[key].pk for key in keys}


def shown(response, kind: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf'href="/p/pa/inclusion/{kind}/(\d+)/"', response.content.decode())}


# Who sees which records of partnership A. Everyone in SEE_NO_PUPILS gets a 404.
EXCLUSIONS = {
    "inclusion_officer": {"e_x1", "e_x2", "e_w1"},
    "head_x": {"e_x1", "e_x2"},
    "designated_lead_x": {"e_x1", "e_x2"},
    "chair_y": {"e_x1", "e_x2"},
    "partnership_staff": {"e_x1", "e_x2"},
    "other_head_w": {"e_w1"},
}


CONSULTATIONS = {
    "inclusion_officer": {"c_x1", "c_y1"},
    "head_x": {"c_x1"},
    "designated_lead_x": {"c_x1"},
    "chair_y": {"c_x1", "c_y1"},
    "partnership_staff": {"c_x1", "c_y1"},
    "other_head_w": set(),
}


# --- The list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(EXCLUSIONS))
def test_each_persona_lists_exactly_the_exclusions_and_consultations_they_may_see(world, client_for, persona):
    client = client_for(world.people[persona])
    exclusions = client.get(url("exclusions"))
    consultations = client.get(url("exclusions") + "?show=consultations")
    assert exclusions.status_code == consultations.status_code == 200
    assert shown(exclusions, "exclusions") == ids_of(world.records, *EXCLUSIONS[persona])
    assert shown(consultations, "consultations") == ids_of(world.records, *CONSULTATIONS[persona])


@pytest.mark.parametrize("persona", [*SEE_NO_PUPILS, "inclusion_officer_b"])
def test_people_who_see_no_pupils_get_a_404_for_the_list(world, client_for, persona):
    client = client_for(world.people[persona])
    assert client.get(url("exclusions")).status_code == 404
    assert client.get(url("exclusions") + "?show=consultations").status_code == 404


def test_the_flag_shows_only_on_exclusions_without_a_consultation_first(world, client_for):
    def rows():
        page = client_for(world.people["head_x"]).get(url("exclusions")).content.decode()
        return {int(m.group(1)): m.group(0) for m in re.finditer(r'exclusions/(\d+)/".*?</tr>', page, re.S)}

    before = rows()
    assert "No consultation before exclusion" in before[world.records["e_x2"].pk]
    assert "No consultation before exclusion" not in before[world.records["e_x1"].pk]
    # The chair has not yet confirmed the head's record of the consultation it rests on.
    assert "Consultation not confirmed" in before[world.records["e_x1"].pk]
    chair = world.people["chair_y"]
    services.consultation_respond(
        actor=chair,
        ctx=ctx_of(chair),
        consultation=world.records["c_x1"],
        response="confirmed",
        advice="I advised a managed move first",
    )
    assert "Chair consulted" in rows()[world.records["e_x1"].pk]


def test_the_filters_narrow_the_list(world, client_for):
    client = client_for(world.people["inclusion_officer"])
    records, schools = world.records, world.schools
    assert shown(client.get(url("exclusions") + "?flagged=on"), "exclusions") == ids_of(
        records, "e_x2", "e_w1"
    )
    assert shown(client.get(url("exclusions") + f"?school={schools['w'].pk}"), "exclusions") == ids_of(
        records, "e_w1"
    )
    assert shown(client.get(url("exclusions") + "?governors_review=upheld"), "exclusions") == set()
    this_year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    years = {this_year: shown(client.get(url("exclusions") + f"?year={this_year}"), "exclusions")}
    # An exclusion a few days ago falls in this academic year, or (early in September) the last one.
    last = shown(client.get(url("exclusions") + f"?year={this_year - 1}"), "exclusions")
    assert years[this_year] | last == ids_of(records, "e_x1", "e_x2", "e_w1")
    assert not years[this_year] & last
    consultations = client.get(url("exclusions") + f"?show=consultations&school={schools['y'].pk}")
    assert shown(consultations, "consultations") == ids_of(records, "c_y1")
    assert "1 consultation matches your filters." in text_of(consultations)


def test_an_empty_list_says_so(world, client_for):
    client = client_for(world.people["other_head_w"])
    assert "No consultations before exclusion yet" in text_of(
        client.get(url("exclusions") + "?show=consultations")
    )
    assert "No permanent exclusions match your filters" in text_of(
        client.get(url("exclusions") + "?flagged=on&governors_review=upheld")
    )


def test_the_list_shows_fifty_a_page(world, client_for):
    head = world.people["head_x"]
    client = client_for(head)
    client.get(url("exclusions"))
    with pinned_queries(13):
        client.get(url("exclusions"))
    for _ in range(50):
        services.exclusion_record(
            actor=head, ctx=ctx_of(head), pupil=world.pupils["x2"], excluded_on=TODAY, reason=REASON
        )
    first = client.get(url("exclusions"))
    with pinned_queries(13):  # the same as for a page of two: no query for each row
        second = client.get(url("exclusions") + "?page=2")
    assert len(shown(first, "exclusions")) == 50 and len(shown(second, "exclusions")) == 2
    assert "52 permanent exclusions" in text_of(first)


def test_each_list_view_is_logged_with_the_number_shown(world, client_for):
    user = world.people["chair_y"]
    client = client_for(user)
    before = AccessLogEntry.objects.count()
    client.get(url("exclusions"))
    client.get(url("exclusions") + "?show=consultations")
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [(e.record_type, e.description, e.user_id) for e in entries] == [
        (RecordType.PUPIL_EXCLUSIONS, "2 permanent exclusions", user.pk),
        (RecordType.PUPIL_CONSULTATIONS, "2 consultations before exclusion", user.pk),
    ]


def test_the_list_runs_a_pinned_number_of_queries(world, client_for):
    client = client_for(world.people["inclusion_officer"])
    client.get(url("exclusions"))
    with pinned_queries(9):
        assert client.get(url("exclusions")).status_code == 200
    with pinned_queries(9):
        assert client.get(url("exclusions") + "?show=consultations").status_code == 200
