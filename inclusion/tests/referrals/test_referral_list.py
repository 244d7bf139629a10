"""The list of at-risk referrals: who sees which (the exact ids), open ones unless closed ones are asked
for, filters and order, fifty a page, and a pinned query count (decision 0020)."""

import pytest

from inclusion import services
from inclusion.models import Referral
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import OUTSIDERS, SEES, client_of, log_entries_since, url


def listed(response):
    return {referral.pk for referral in response.context["page"].object_list}


def ids(world, keys):
    return {world.referrals[key].pk for key in keys}


# --- The list ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SEES))
def test_list_shows_each_persona_exactly_the_referrals_they_may_see(client_for, world, persona):
    client = client_of(client_for, world, persona)
    before = AccessLogEntry.objects.count()
    response = client.get(url("referrals"), {"status": "all"})
    assert response.status_code == 200
    assert listed(response) == ids(world, SEES[persona])
    entries = log_entries_since(before)
    assert [(e.record_type, e.description, e.user_id) for e in entries] == [
        (
            RecordType.PUPIL_CASES,
            f"{len(SEES[persona])} of {len(SEES[persona])} records",
            world.people[persona].pk,
        )
    ]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_list_is_not_found_for_anyone_who_sees_no_pupils(client_for, world, persona):
    assert client_of(client_for, world, persona).get(url("referrals")).status_code == 404


def test_list_in_partnership_b_shows_only_b_s_referral(client_for, world):
    response = client_of(client_for, world, "inclusion_officer_b").get(url("referrals", slug="pb"))
    assert listed(response) == ids(world, {"z1"})


def test_list_shows_open_referrals_unless_asked_for_closed_ones(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    assert listed(client.get(url("referrals"))) == ids(world, {"x1", "x2", "y1"})
    assert listed(client.get(url("referrals"), {"status": "closed"})) == ids(world, {"w1"})
    assert listed(client.get(url("referrals"), {"status": "referred"})) == ids(world, {"x1"})
    assert listed(client.get(url("referrals"), {"status": "plan_agreed"})) == ids(world, {"x2", "y1"})


def test_list_filters_by_area_overdue_review_and_pupil_name(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    south = world.partnerships["south"].pk
    assert listed(client.get(url("referrals"), {"status": "all", "area": south})) == ids(world, {"w1"})
    assert listed(client.get(url("referrals"), {"overdue": "on"})) == ids(world, {"y1"})
    assert listed(client.get(url("referrals"), {"q": "pupil X2"})) == ids(world, {"x2"})
    upn_x1 = world.pupils["x1"].upn
    assert listed(client.get(url("referrals"), {"q": upn_x1.lower()})) == ids(world, {"x1"})
    response = client.get(url("referrals"), {"q": "nobody"})
    assert "No referrals match your filters" in text_of(response)


def test_list_sorts_by_next_review_with_the_overdue_first(client_for, world):
    response = client_of(client_for, world, "inclusion_officer").get(
        url("referrals"), {"sort": "next_review"}
    )
    order = [referral.pk for referral in response.context["page"].object_list]
    assert order == [world.referrals["y1"].pk, world.referrals["x2"].pk, world.referrals["x1"].pk]


def test_list_rows_show_school_status_plan_and_an_overdue_tag(client_for, world):
    response = client_of(client_for, world, "chair_y").get(url("referrals"))
    text = text_of(response)
    assert "3 referrals." in text
    assert "Home base provision" in text and "In-school support" in text and "Not agreed yet" in text
    assert text.count("Review overdue") == 1
    assert f'href="{url("referral", referral_id=world.referrals["x2"].pk)}"' in response.content.decode()


def test_list_empty_state(client_for, world):
    response = client_of(client_for, world, "other_head_w").get(url("referrals"))
    assert listed(response) == set()
    assert "No open referrals yet" in text_of(response)


def test_list_pages_fifty_at_a_time(client_for, world):
    head_x, officer = world.people["head_x"], world.people["inclusion_officer"]
    # One open referral per pupil: each earlier one is closed before the next is made.
    for _ in range(49):
        open_one = Referral.objects.exclude(status="closed").get(pupil=world.pupils["x1"])
        services.referral_close(actor=officer, ctx=ctx_of(officer), referral=open_one, reason=REASON)
        services.referral_create(
            actor=head_x,
            ctx=ctx_of(head_x),
            pupil=world.pupils["x1"],
            reasons="Again",
            support_tried="More",
            reason=REASON,
        )
    client = client_of(client_for, world, "head_x")
    first = client.get(url("referrals"), {"status": "all"})
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 51
    second = client.get(url("referrals"), {"status": "all", "page": 2})
    assert len(second.context["page"].object_list) == 1
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert entry.description == "1 of 51 records"


@pytest.mark.parametrize(("persona", "expected"), [("inclusion_officer", 8), ("head_x", 12)])
def test_list_query_count_is_pinned(client_for, world, persona, expected):
    client = client_of(client_for, world, persona)
    client.get(url("referrals"))  # the session settles on the first request
    with pinned_queries(expected):
        response = client.get(url("referrals"), {"status": "all"})
    assert response.status_code == 200
