"""The alternative provision provider directory and QA visits: who sees them and who may change them,
bad input shown beside the field with nothing saved, the reason kept in the history, and pinned query
counts (decision 0020)."""

import pytest

from inclusion import services
from inclusion.models import APPlacement, APProvider, QAOutcome, QAVisit
from tests.helpers import error_beside, future, past, pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import client_of, days, has_error_summary, url

# The provider directory: LA officers and admins, inclusion officers and staff, chairs, and heads of
# member schools. Among them, everyone but a plain head may add and change providers.
DIRECTORY = {
    "inclusion_officer",
    "la_officer_a",
    "la_admin_a",
    "partnership_staff",
    "chair_y",
    "other_head_w",
    "head_x",
}


PROVIDER_MANAGERS = DIRECTORY - {"head_x"}


NOT_DIRECTORY = ["teacher_x", "designated_lead_x", "board_member_a", "governor_x", "partner"]


# --- The provider directory ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(DIRECTORY))
def test_directory_lists_the_partnership_s_providers_for_everyone_who_may_see_it(client_for, world, persona):
    response = client_of(client_for, world, persona).get(url("providers"))
    assert response.status_code == 200
    shown = {p.pk for p in response.context["page"].object_list}
    assert shown == {world.providers[k].pk for k in ("bridge", "oak", "closed", "new")}
    adds = url("provider-new") in response.content.decode()
    assert adds == (persona in PROVIDER_MANAGERS)


@pytest.mark.parametrize("persona", NOT_DIRECTORY)
def test_directory_is_not_found_for_others(client_for, world, persona):
    client = client_of(client_for, world, persona)
    assert client.get(url("providers")).status_code == 404
    assert client.get(url("provider", provider_id=world.providers["bridge"].pk)).status_code == 404


def test_directory_shows_latest_outcome_qa_due_and_counts_never_pupils(client_for, world):
    response = client_of(client_for, world, "head_x").get(url("providers"))
    rows = {p.name: p for p in response.context["page"].object_list}
    assert rows["Bridge Centre"].last_outcome == QAOutcome.MEETS and not rows["Bridge Centre"].qa_due
    assert rows["Oak Farm"].qa_due and rows["New Start"].qa_due and not rows["Closed Door"].qa_due
    # Bridge has x1's and w1's placements going on (y1's has ended); Oak has x2's.
    assert rows["Bridge Centre"].current_placements == 2
    assert rows["Oak Farm"].current_placements == 1
    text = text_of(response)
    assert text.count("QA visit due") == 2
    assert "Not suitable: do not place" in text and "No visit yet" in text
    assert "Pupil x1" not in text and "Pupil w1" not in text
    assert "4 providers." in text


def test_directory_search_and_empty_states(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    response = client.get(url("providers"), {"q": "oak"})
    assert {p.name for p in response.context["page"].object_list} == {"Oak Farm"}
    assert "No providers match your search" in text_of(client.get(url("providers"), {"q": "zebra"}))
    response = client_of(client_for, world, "inclusion_officer_b").get(url("providers", slug="pb"))
    assert {p.name for p in response.context["page"].object_list} == {"Bee Provision"}
    APPlacement.objects.filter(provider__partnership__slug="pb").delete()
    APProvider.objects.filter(partnership__slug="pb").delete()
    empty = client_of(client_for, world, "inclusion_officer_b").get(url("providers", slug="pb"))
    assert "No providers yet. Add the first provider" in text_of(empty)


def test_directory_pages_fifty_at_a_time(client_for, world):
    officer = world.people["inclusion_officer"]
    for n in range(47):
        services.provider_create(actor=officer, ctx=ctx_of(officer), name=f"Provider {n:02}", reason=REASON)
    client = client_of(client_for, world, "inclusion_officer")
    first = client.get(url("providers"))
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 51
    assert len(client.get(url("providers"), {"page": 2}).context["page"].object_list) == 1


def test_provider_page_shows_details_visits_and_counts(client_for, world):
    response = client_of(client_for, world, "head_x").get(
        url("provider", provider_id=world.providers["bridge"].pk)
    )
    text = text_of(response)
    assert "Visit to Bridge Centre" in text and "Meets the standard" in text
    assert "2 going on now, 3 in all" in text
    assert "Pupil x1" not in text and "Pupil w1" not in text  # counts only, never a pupil's name
    assert url("qa-visit-new", provider_id=world.providers["bridge"].pk) not in response.content.decode()


def test_provider_of_another_partnership_is_not_found(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    bee = world.providers["bee"].pk
    assert client.get(url("provider", provider_id=bee)).status_code == 404
    for name in ("provider-edit", "qa-visit-new"):
        assert client.get(url(name, provider_id=bee)).status_code == 404
        assert client.post(url(name, provider_id=bee), {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("persona", sorted(DIRECTORY))
def test_who_may_add_and_change_providers(client_for, world, persona):
    client = client_of(client_for, world, persona)
    expected = 200 if persona in PROVIDER_MANAGERS else 403
    bridge = world.providers["bridge"].pk
    assert client.get(url("provider-new")).status_code == expected
    assert client.get(url("provider-edit", provider_id=bridge)).status_code == expected
    assert client.get(url("qa-visit-new", provider_id=bridge)).status_code == expected
    detail = client.get(url("provider", provider_id=bridge)).content.decode()
    assert (url("provider-edit", provider_id=bridge) in detail) == (persona in PROVIDER_MANAGERS)


def test_adding_a_provider_keeps_the_reason(client_for, world):
    client = client_of(client_for, world, "partnership_staff")
    response = client.post(
        url("provider-new"),
        {
            "name": "Hilltop Learning",
            "registration": "Ofsted 654321",
            "urn": "654321",
            "contact_name": "Hal Hill",
            "contact_email": "hal@hilltop.test",
            "contact_phone": "0116 000 0000",
            "reason": "New provider in the north",
        },
    )
    provider = APProvider.objects.get(name="Hilltop Learning")
    assert response.status_code == 302 and response["Location"] == url("provider", provider_id=provider.pk)
    assert provider.urn == 654321 and provider.contact_email == "hal@hilltop.test"
    assert provider.history.first().history_change_reason == "New provider in the north"
    assert provider.history.first().history_user == world.people["partnership_staff"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "bridge centre"}, "name", "A provider with this name is already in the directory"),
        ({"name": ""}, "name", "Enter the provider's name"),
        ({"urn": "12345"}, "urn", "A URN is 6 digits, like 123456"),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter an email address in the correct format"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_provider_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    client = client_of(client_for, world, "inclusion_officer")
    before = APProvider.objects.count()
    response = client.post(url("provider-new"), {"name": "Another", "reason": "Adding", **data})
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert has_error_summary(response)
    assert APProvider.objects.count() == before


def test_changing_a_provider_keeps_the_name_unique_and_the_reason(client_for, world):
    client = client_of(client_for, world, "chair_y")
    oak = world.providers["oak"]
    response = client.post(
        url("provider-edit", provider_id=oak.pk), {"name": "Bridge Centre", "reason": "Rename"}
    )
    assert error_beside(response, "name") == "A provider with this name is already in the directory"
    oak.refresh_from_db()
    assert oak.name == "Oak Farm"
    page = client.get(url("provider-edit", provider_id=oak.pk))
    assert page.context["form"]["name"].value() == "Oak Farm"
    response = client.post(
        url("provider-edit", provider_id=oak.pk),
        {"name": "Oak Farm Learning", "contact_name": "Olly Oak", "reason": "It changed its name"},
    )
    assert response.status_code == 302
    oak.refresh_from_db()
    assert (oak.name, oak.contact_name) == ("Oak Farm Learning", "Olly Oak")
    assert oak.history.first().history_change_reason == "It changed its name"


def test_recording_a_qa_visit(client_for, world):
    client = client_of(client_for, world, "other_head_w")
    new = world.providers["new"]
    response = client.post(
        url("qa-visit-new", provider_id=new.pk),
        {"visited_on": future(1), "outcome": "meets", "reason": "Visit"},
    )
    assert error_beside(response, "visited_on") == "The date of the visit must not be in the future"
    assert has_error_summary(response)
    response = client.post(
        url("qa-visit-new", provider_id=new.pk), {"visited_on": past(2), "reason": "Visit"}
    )
    assert error_beside(response, "outcome") == "Select the outcome of the visit"
    assert not QAVisit.objects.filter(provider=new).exists()
    response = client.post(
        url("qa-visit-new", provider_id=new.pk),
        {
            "visited_on": past(2),
            "outcome": "improvement",
            "notes": "Needs a safeguarding lead",
            "reason": "Visit",
        },
    )
    assert response.status_code == 302
    visit = QAVisit.objects.get(provider=new)
    assert (visit.outcome, visit.visited_on, visit.visited_by) == (
        "improvement",
        days(-2),
        world.people["other_head_w"],
    )
    assert visit.history.first().history_change_reason == "Visit"
    detail = client.get(url("provider", provider_id=new.pk))
    assert "Needs a safeguarding lead" in text_of(detail) and "QA visit due" not in text_of(detail)


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [("providers", None, 8), ("provider", "bridge", 8), ("provider-edit", "bridge", 8)],
)
def test_provider_page_query_counts_are_pinned(client_for, world, name, key, expected):
    client = client_of(client_for, world, "chair_y")
    kwargs = {"provider_id": world.providers[key].pk} if key else {}
    client.get(url(name, **kwargs))
    with pinned_queries(expected):
        assert client.get(url(name, **kwargs)).status_code == 200
