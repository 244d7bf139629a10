"""The alternative provision pages: the provider directory and QA visits (who sees them, who may
change them), placements (who sees which, by their ids), making, reviewing and ending a placement,
bad input shown beside the field with nothing saved, the reason kept in the history, a log entry for
every read of a pupil's placement, and pinned query counts (decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion import selectors, services
from inclusion.models import (
    APPlacement,
    APProvider,
    PlacementOutcome,
    PlacementReview,
    Pupil,
    QAOutcome,
    QAVisit,
)
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, Role
from partnership.retention import rule
from partnership.subject_access import _project_models
from tests.helpers import error_beside, future, past, pinned_queries, text_of

from .world import REASON, ctx_of, person

TODAY = dt.date.today


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def url(name, slug="pa", **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


# Whose placements each persona sees in partnership A, by pupil. Everyone else gets a 404.
SEES = {
    "inclusion_officer": {"x1", "x2", "y1", "w1"},
    "head_x": {"x1", "x2"},
    "designated_lead_x": {"x1", "x2"},
    "chair_y": {"x1", "x2", "y1"},
    "partnership_staff": {"x1", "x2", "y1"},
    "other_head_w": {"w1"},
}
OUTSIDERS = ["teacher_x", "la_officer_a", "la_admin_a", "board_member_a", "governor_x", "partner"]
# Who makes, reviews and ends placements of the North partnership's pupils (schools X and Y).
NORTH_MANAGERS = {"inclusion_officer", "chair_y", "partnership_staff"}

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


@pytest.fixture
def world(inclusion_world, partnership_b, school_z):
    world = inclusion_world
    people = world.people
    officer = people["inclusion_officer"]
    octx = ctx_of(officer)

    def provider(name, outcome=None, visited_days_ago=30, actor=officer, ctx=octx):
        made = services.provider_create(actor=actor, ctx=ctx, name=name, reason=REASON)
        if outcome:
            services.qa_visit_record(
                actor=actor,
                ctx=ctx,
                provider=made,
                visited_on=days(-visited_days_ago),
                outcome=outcome,
                notes=f"Visit to {name}",
                reason=REASON,
            )
        return made

    providers = {
        "bridge": provider("Bridge Centre", QAOutcome.MEETS),
        "oak": provider("Oak Farm", QAOutcome.IMPROVEMENT, visited_days_ago=400),
        "closed": provider("Closed Door", QAOutcome.UNSUITABLE),
        "new": provider("New Start"),
    }
    officer_b = people["inclusion_officer_b"]
    head_z = person(partnership_b, Role.HEADTEACHER, school=school_z, name="Zara Head")
    services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=school_z.network_memberships.get().network,
        area="Bee",
        fund_holder=school_z,
        chair=head_z,
        reason=REASON,
    )
    providers["bee"] = provider(
        "Bee Provision", QAOutcome.MEETS, actor=officer_b, ctx=ctx_of(officer_b, "pb")
    )

    def place(key, provider_key, starts, ends=None, weeks=6, actor=officer, ctx=octx):
        return services.placement_create(
            actor=actor,
            ctx=ctx,
            pupil=world.pupils[key],
            provider=providers[provider_key],
            starts_on=days(starts),
            ends_on=days(ends) if ends is not None else None,
            days_per_week=Decimal("2.5"),
            cost=Decimal("3200"),
            funding_source="partnership",
            review_weeks=weeks,
            reason=REASON,
        )

    placements = {
        "x1": place("x1", "bridge", -20),
        "x2": place("x2", "oak", -60, weeks=4),  # first review was due 32 days ago: overdue
        "y1": place("y1", "bridge", -200, -100),
        "w1": place("w1", "bridge", -10),
        "z1": place("z1", "bee", -5, actor=officer_b, ctx=ctx_of(officer_b, "pb")),
    }
    services.placement_end(
        actor=officer,
        ctx=octx,
        placement=placements["y1"],
        ends_on=days(-100),
        outcome=PlacementOutcome.REINTEGRATED,
        reason=REASON,
    )
    services.placement_review(
        actor=officer,
        ctx=octx,
        placement=placements["x1"],
        progress_notes="Settling in well",
        attendance_notes="Full attendance",
        next_review_on=days(14),
        reason=REASON,
    )
    world.providers = providers
    world.placements = placements
    return world


def client_of(client_for, world, persona):
    return client_for(world.people[persona])


def listed(response):
    return {placement.pk for placement in response.context["page"].object_list}


def ids(world, keys):
    return {world.placements[key].pk for key in keys}


def log_entries_since(before):
    return list(AccessLogEntry.objects.order_by("pk")[before:])


def has_error_summary(response) -> bool:
    return 'class="govuk-error-summary"' in response.content.decode()


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
    assert "£3,200.00" in text and "2.5" in text
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


# --- Making a placement --------------------------------------------------------------------------

CHANGE_STATUS = {
    "inclusion_officer": 200,
    "chair_y": 200,
    "partnership_staff": 200,
    "head_x": 403,
    "designated_lead_x": 403,
    "other_head_w": 404,
    **dict.fromkeys(OUTSIDERS, 404),
}


@pytest.mark.parametrize("persona", sorted(CHANGE_STATUS))
def test_who_may_open_the_placement_pages(client_for, world, persona):
    client = client_of(client_for, world, persona)
    x1 = world.placements["x1"].pk
    expected = CHANGE_STATUS[persona]
    assert client.get(url("placement-new", pupil_id=world.pupils["x1"].pk)).status_code == expected
    assert client.get(url("placement-review", placement_id=x1)).status_code == expected
    assert client.get(url("placement-end", placement_id=x1)).status_code == expected


def good_placement(world, **changes):
    return {
        "provider": world.providers["bridge"].pk,
        "starts_on": future(1),
        "ends_on": future(90),
        "days_per_week": "3",
        "cost": "4500.50",
        "funding_source": "high_needs",
        "review_weeks": "4",
        "reason": "Agreed at the panel",
        **changes,
    }


def test_making_a_placement_links_the_referral_and_keeps_the_reason(client_for, world):
    staff = world.people["partnership_staff"]
    referral = services.referral_create(
        actor=world.people["head_x"],
        ctx=ctx_of(world.people["head_x"]),
        pupil=world.pupils["x2"],
        reasons="Suspensions",
        support_tried="Mentor",
        reason=REASON,
    )
    APPlacement.objects.filter(pupil=world.pupils["x2"]).delete()
    client = client_for(staff)
    form = client.get(url("placement-new", pupil_id=world.pupils["x2"].pk))
    html = form.content.decode()
    assert (
        "Closed Door (not suitable: do not place)" in html
        and "New Start (no quality assurance visit yet)" in html
    )
    assert "Bee Provision" not in html
    before = AccessLogEntry.objects.count()
    response = client.post(
        url("placement-new", pupil_id=world.pupils["x2"].pk), good_placement(world, referral=referral.pk)
    )
    placement = APPlacement.objects.get(pupil=world.pupils["x2"])
    assert response["Location"] == url("placement", placement_id=placement.pk)
    assert (placement.days_per_week, placement.cost, placement.review_weeks) == (
        Decimal("3"),
        Decimal("4500.50"),
        4,
    )
    assert (placement.referral, placement.ends_on, placement.created_by) == (referral, days(90), staff)
    assert placement.history.first().history_change_reason == "Agreed at the panel"
    # The pupil was read (logged) to make the placement.
    assert [(e.record_type, e.record_id) for e in log_entries_since(before)] == [
        (RecordType.PUPIL, str(world.pupils["x2"].pk))
    ]


@pytest.mark.parametrize(
    ("pupil", "changes", "field", "message"),
    [
        # x1 has a placement going on since 20 days ago: a new one from 5 days ago overlaps it.
        (
            "x1",
            {"starts_on": past(5), "ends_on": ""},
            "starts_on",
            "This pupil already has a placement on some",
        ),
        (
            "y1",
            {"starts_on": future(10), "ends_on": future(5)},
            "ends_on",
            "The end date must be the same as or",
        ),
        ("y1", {"days_per_week": "0"}, "days_per_week", "Enter days per week from 0.5 to 5, in half days"),
        ("y1", {"days_per_week": "5.5"}, "days_per_week", "Enter days per week from 0.5 to 5, in half days"),
        ("y1", {"days_per_week": "1.3"}, "days_per_week", "Enter days per week from 0.5 to 5, in half days"),
        ("y1", {"days_per_week": "two"}, "days_per_week", "Enter days a week as a number"),
        ("y1", {"cost": "-1"}, "cost", "The cost must be £0 or more"),
        ("y1", {"provider": "closed"}, "provider", "Closed Door was found not suitable at its last quality"),
        ("y1", {"provider": "bee"}, "provider", "Select a provider from the list"),
        ("y1", {"funding_source": ""}, "funding_source", "Select how the placement is funded"),
        ("y1", {"review_weeks": "0"}, "review_weeks", "Enter a review cycle of at least 1 week"),
        ("y1", {"starts_on": "31/02/2027"}, "starts_on", "Start date must be a real date"),
        ("y1", {"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_placement_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, pupil, changes, field, message
):
    if changes.get("provider") in world.providers:
        changes = {**changes, "provider": world.providers[changes["provider"]].pk}
    client = client_of(client_for, world, "inclusion_officer")
    before = APPlacement.objects.count()
    response = client.post(
        url("placement-new", pupil_id=world.pupils[pupil].pk), good_placement(world, **changes)
    )
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message), error_beside(response, field)
    assert has_error_summary(response)
    assert f'href="#id_{field}' in response.content.decode()
    assert APPlacement.objects.count() == before


def test_placement_new_query_count_is_pinned(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    client.get(url("placement-new", pupil_id=world.pupils["y1"].pk))
    with pinned_queries(9):
        assert client.get(url("placement-new", pupil_id=world.pupils["y1"].pk)).status_code == 200


# --- Reviewing and ending a placement ------------------------------------------------------------


def test_recording_a_review_sets_the_next_review_and_keeps_the_reason(client_for, world):
    client = client_of(client_for, world, "chair_y")
    x2 = world.placements["x2"]
    response = client.post(
        url("placement-review", placement_id=x2.pk),
        {
            "progress_notes": "Engaging well in English",
            "attendance_notes": "Missed one day",
            "next_review_on": future(21),
            "reason": "Review meeting",
        },
    )
    assert response["Location"] == url("placement", placement_id=x2.pk)
    review = PlacementReview.objects.get(placement=x2)
    assert (review.reviewed_on, review.next_review_on, review.reviewed_by) == (
        TODAY(),
        days(21),
        world.people["chair_y"],
    )
    assert review.history.first().history_change_reason == "Review meeting"
    page = client.get(url("placement", placement_id=x2.pk))
    assert page.context["review"] == services.ReviewDue(days(21), False)
    assert "Engaging well in English" in text_of(page)
    listed_now = client.get(url("placements"), {"status": "overdue"})
    assert x2.pk not in listed(listed_now)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"next_review_on": past(1)}, "next_review_on", "The next review must be after today"),
        ({"next_review_on": future(0)}, "next_review_on", "The next review must be after today"),
        ({"progress_notes": ""}, "progress_notes", "Enter how the pupil is getting on"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_review_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    client = client_of(client_for, world, "inclusion_officer")
    before = PlacementReview.objects.count()
    response = client.post(
        url("placement-review", placement_id=world.placements["x2"].pk),
        {"progress_notes": "Fine", "reason": "Review", **data},
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert has_error_summary(response)
    assert PlacementReview.objects.count() == before


def test_ending_a_placement_with_reintegration(client_for, world):
    client = client_of(client_for, world, "partnership_staff")
    x1 = world.placements["x1"]
    confirm = client.get(url("placement-end", placement_id=x1.pk))
    assert "When you end the placement" in text_of(confirm)
    response = client.post(
        url("placement-end", placement_id=x1.pk),
        {"ends_on": past(0), "outcome": "reintegrated", "reason": "Back at School X full time"},
    )
    assert response["Location"] == url("placement", placement_id=x1.pk)
    x1.refresh_from_db()
    assert (x1.ends_on, x1.outcome) == (TODAY(), PlacementOutcome.REINTEGRATED)
    assert x1.history.first().history_change_reason == "Back at School X full time"
    page = client.get(url("placement", placement_id=x1.pk))
    assert "Reintegrated into mainstream" in text_of(page)
    assert url("placement-end", placement_id=x1.pk) not in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"outcome": "other"}, "outcome_detail", "Describe the outcome"),
        ({"outcome": ""}, "outcome", "Select the outcome of the placement"),
        ({"ends_on": past(30)}, "ends_on", "The end date must be the same as or after the start date"),
        (
            {"ends_on": future(1)},
            "ends_on",
            "The placement's last day cannot be in the future: record the end when it has happened",
        ),
        ({"ends_on": ""}, "ends_on", "Enter the last day of the placement"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_end_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    client = client_of(client_for, world, "inclusion_officer")
    x1 = world.placements["x1"]
    response = client.post(
        url("placement-end", placement_id=x1.pk),
        {"ends_on": past(0), "outcome": "reintegrated", "reason": "Ended", **data},
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert has_error_summary(response)
    x1.refresh_from_db()
    assert (x1.ends_on, x1.outcome) == (None, "")


def test_ending_with_another_outcome_keeps_the_detail(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    w1 = world.placements["w1"]
    # W is in the South partnership: the North's staff may not end it, the LA inclusion officer may.
    assert (
        client_of(client_for, world, "partnership_staff")
        .post(url("placement-end", placement_id=w1.pk))
        .status_code
        == 404
    )
    client.post(
        url("placement-end", placement_id=w1.pk),
        {
            "ends_on": past(0),
            "outcome": "other",
            "outcome_detail": "Moved out of the county",
            "reason": "Moved",
        },
    )
    w1.refresh_from_db()
    assert (w1.outcome, w1.outcome_detail) == ("other", "Moved out of the county")


@pytest.mark.parametrize(("name", "expected"), [("placement-review", 8), ("placement-end", 8)])
def test_change_page_query_counts_are_pinned(client_for, world, name, expected):
    client = client_of(client_for, world, "inclusion_officer")
    client.get(url(name, placement_id=world.placements["x1"].pk))
    with pinned_queries(expected):
        assert client.get(url(name, placement_id=world.placements["x1"].pk)).status_code == 200


# --- Reviews under the retention rule and the subject access export ------------------------------


def test_a_review_s_notes_go_with_the_pupil_under_the_retention_rule(world):
    pupil = world.pupils["x1"]
    review = PlacementReview.objects.get(placement=world.placements["x1"])
    Pupil.objects.filter(pk=pupil.pk).update(retain_until=days(-1))
    rule("inclusion_pupils").apply(timezone.now())
    review.refresh_from_db()
    assert "Settling in well" not in review.progress_notes
    assert "Full attendance" not in review.attendance_notes
    assert not review.history.filter(progress_notes="Settling in well").exists()


def test_a_staff_member_s_subject_access_export_leaves_out_placement_reviews():
    assert PlacementReview not in _project_models()
