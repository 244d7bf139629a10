"""Alternative provision placements: who sees which, in the list and by their ids, a log entry for every
read of a pupil's placement, and pinned query counts (decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest

from inclusion import selectors, services
from inclusion.models import APPlacement
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import OUTSIDERS, TODAY, client_of, days, listed, log_entries_since, url

# Whose placements each persona sees in partnership A, by pupil. Everyone else gets a 404.
SEES = {
    "inclusion_officer": {"x1", "x2", "y1", "w1"},
    "head_x": {"x1", "x2"},
    "designated_lead_x": {"x1", "x2"},
    "chair_y": {"x1", "x2", "y1"},
    "partnership_staff": {"x1", "x2", "y1"},
    "other_head_w": {"w1"},
}


# Who makes, reviews and ends placements of the North partnership's pupils (schools X and Y).
NORTH_MANAGERS = {"inclusion_officer", "chair_y", "partnership_staff"}


def ids(world, keys):
    return {world.placements[key].pk for key in keys}


# --- The placements list -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SEES))
def test_list_shows_each_persona_exactly_the_placements_they_may_see(client_for, world, persona):
    client = client_of(client_for, world, persona)
    before = AccessLogEntry.objects.count()
    response = client.get(url("placements"), {"status": "all"})
    assert response.status_code == 200
    assert listed(response) == ids(world, SEES[persona])
    count = len(SEES[persona])
    assert [(e.record_type, e.description, e.user_id) for e in log_entries_since(before)] == [
        (RecordType.PUPIL_PLACEMENTS, f"{count} of {count} records", world.people[persona].pk)
    ]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_list_is_not_found_for_anyone_who_sees_no_pupils(client_for, world, persona):
    assert client_of(client_for, world, persona).get(url("placements")).status_code == 404


def test_list_in_partnership_b_shows_only_b_s_placement(client_for, world):
    response = client_of(client_for, world, "inclusion_officer_b").get(url("placements", slug="pb"))
    assert listed(response) == ids(world, {"z1"})


def test_list_filters_by_status_provider_outcome_and_pupil(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    assert listed(client.get(url("placements"))) == ids(world, {"x1", "x2", "w1"})
    assert listed(client.get(url("placements"), {"status": "ended"})) == ids(world, {"y1"})
    assert listed(client.get(url("placements"), {"status": "overdue"})) == ids(world, {"x2"})
    oak = world.providers["oak"].pk
    assert listed(client.get(url("placements"), {"status": "all", "provider": oak})) == ids(world, {"x2"})
    reintegrated = {"status": "all", "outcome": "reintegrated"}
    assert listed(client.get(url("placements"), reintegrated)) == ids(world, {"y1"})
    assert listed(client.get(url("placements"), {"q": "pupil w1"})) == ids(world, {"w1"})
    response = client.get(url("placements"), {"q": "nobody"})
    assert "No placements match your filters" in text_of(response)


def test_list_rows_show_dates_cost_funding_next_review_and_outcome(client_for, world):
    response = client_of(client_for, world, "chair_y").get(url("placements"), {"status": "all"})
    text = text_of(response)
    assert "3 placements match your filters." in text
    assert response.content.decode().count('govuk-tag--red">Review overdue') == 1
    assert "£3,200" in text and "2.5" in text
    assert "The inclusion partnership's allocation" in text
    assert "Reintegrated into mainstream" in text
    assert str(days(14).day) in text  # x1's next review, set at its review
    rows = {p.pk: p.review for p in response.context["page"].object_list}
    assert rows[world.placements["x1"].pk] == services.ReviewDue(days(14), False)
    assert rows[world.placements["x2"].pk] == services.ReviewDue(days(-60 + 28), True)
    assert rows[world.placements["y1"].pk] == services.ReviewDue(None, False)


def test_list_empty_state(client_for, world):
    APPlacement.objects.filter(pupil=world.pupils["w1"]).delete()
    response = client_of(client_for, world, "other_head_w").get(url("placements"))
    assert listed(response) == set()
    assert "No placements going on now" in text_of(response)


def test_list_pages_fifty_at_a_time(client_for, world):
    officer = world.people["inclusion_officer"]
    for n in range(50):
        services.placement_create(
            actor=officer,
            ctx=ctx_of(officer),
            pupil=world.pupils["x2"],
            provider=world.providers["bridge"],
            starts_on=days(-1000 + n * 5),
            ends_on=days(-1000 + n * 5 + 2),
            days_per_week=Decimal("1"),
            cost=Decimal("100"),
            funding_source="school",
            reason=REASON,
        )
    client = client_of(client_for, world, "head_x")
    first = client.get(url("placements"), {"status": "all"})
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 52
    second = client.get(url("placements"), {"status": "all", "page": 2})
    assert len(second.context["page"].object_list) == 2
    assert AccessLogEntry.objects.order_by("-pk").first().description == "2 of 52 records"


@pytest.mark.parametrize(("persona", "expected"), [("inclusion_officer", 8), ("head_x", 12)])
def test_list_query_count_is_pinned(client_for, world, persona, expected):
    client = client_of(client_for, world, persona)
    client.get(url("placements"))
    with pinned_queries(expected):
        assert client.get(url("placements"), {"status": "all"}).status_code == 200


def test_the_database_and_the_page_agree_on_the_next_review(world):
    """review_due_on in the query and placement_review_due in Python follow one rule."""
    officer = world.people["inclusion_officer"]
    services.placement_review(
        actor=officer,
        ctx=ctx_of(officer),
        placement=world.placements["w1"],
        progress_notes="Good",
        next_review_on=None,
        reason=REASON,
    )
    annotated = APPlacement.objects.annotate(review_due_on=selectors.review_due_on())
    for placement in annotated.filter(outcome=""):
        fresh = APPlacement.objects.get(pk=placement.pk)
        assert placement.review_due_on == services.placement_review_due(fresh).due_on
    w1 = annotated.get(pk=world.placements["w1"].pk)
    assert w1.review_due_on == TODAY() + dt.timedelta(weeks=6)  # one cycle after today's review


# --- One placement -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SEES) + OUTSIDERS)
def test_placement_page_for_each_persona_and_every_read_is_logged(client_for, world, persona):
    client = client_of(client_for, world, persona)
    placement = world.placements["x1"]
    before = AccessLogEntry.objects.count()
    response = client.get(url("placement", placement_id=placement.pk))
    if "x1" not in SEES.get(persona, set()):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    entries = log_entries_since(before)
    assert [(e.record_type, e.record_id, e.user_id) for e in entries] == [
        (RecordType.PUPIL_PLACEMENT, str(placement.pk), world.people[persona].pk)
    ]
    text = text_of(response)
    assert "Settling in well" in text and "Full attendance" in text and "Bridge Centre" in text
    html = response.content.decode()
    may = persona in NORTH_MANAGERS
    assert (url("placement-review", placement_id=placement.pk) in html) == may
    assert (url("placement-end", placement_id=placement.pk) in html) == may


def test_placement_of_another_partnership_is_not_found(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    z1 = world.placements["z1"].pk
    assert client.get(url("placement", placement_id=z1)).status_code == 404
    for name in ("placement-review", "placement-end"):
        assert client.get(url(name, placement_id=z1)).status_code == 404
        assert client.post(url(name, placement_id=z1), {"reason": "x"}).status_code == 404


def test_an_ended_placement_shows_its_outcome_and_offers_no_actions(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    y1 = world.placements["y1"].pk
    response = client.get(url("placement", placement_id=y1))
    text = text_of(response)
    assert "Reintegrated into mainstream" in text and "None: ended" in text
    assert url("placement-review", placement_id=y1) not in response.content.decode()
    assert client.get(url("placement-end", placement_id=y1))["Location"] == url("placement", placement_id=y1)
    assert client.get(url("placement-review", placement_id=y1))["Location"] == url(
        "placement", placement_id=y1
    )


@pytest.mark.parametrize(("persona", "expected"), [("inclusion_officer", 8), ("head_x", 10)])
def test_placement_page_query_count_is_pinned(client_for, world, persona, expected):
    client = client_of(client_for, world, persona)
    client.get(url("placement", placement_id=world.placements["x1"].pk))
    with pinned_queries(expected):
        assert client.get(url("placement", placement_id=world.placements["x1"].pk)).status_code == 200
