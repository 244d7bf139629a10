"""The at-risk referral pages: who sees which referral (the exact ids), who may refer, agree a plan,
review and close (200, 403 or 404), bad input shown beside the field with nothing saved, the reason
kept in the history, a log entry for every read, and pinned query counts (decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from inclusion import services
from inclusion.models import PlanReview, PlanType, Referral, ReferralStatus
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, Role
from tests.factories import SchoolFactory
from tests.helpers import error_beside, future, past, pinned_queries, text_of

from .world import REASON, ctx_of, person, upn


def url(name, slug="pa", **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


OUTSIDERS = ["teacher_x", "la_officer_a", "la_admin_a", "board_member_a", "governor_x", "partner"]
# Whose referrals each persona sees in partnership A (by pupil), every status included.
SEES = {
    "inclusion_officer": {"x1", "x2", "y1", "w1"},
    "head_x": {"x1", "x2"},
    "designated_lead_x": {"x1", "x2"},
    "chair_y": {"x1", "x2", "y1"},
    "partnership_staff": {"x1", "x2", "y1"},
    "other_head_w": {"w1"},
}
# Who agrees plans, reviews and closes referrals of the North partnership (schools X and Y).
NORTH_MANAGERS = {"inclusion_officer", "chair_y", "partnership_staff"}


@pytest.fixture
def world(inclusion_world, head_x, head_y, partnership_b, school_z):
    world = inclusion_world
    people = world.people

    def refer(key, actor, slug="pa"):
        return services.referral_create(
            actor=actor,
            ctx=ctx_of(actor, slug),
            pupil=world.pupils[key],
            reasons=f"Reasons for {key}",
            support_tried=f"Support tried for {key}",
            reason=REASON,
        )

    officer, staff = people["inclusion_officer"], people["partnership_staff"]
    referrals = {
        "x1": refer("x1", head_x),
        "x2": refer("x2", people["designated_lead_x"]),
        "y1": refer("y1", head_y),
        "w1": refer("w1", people["other_head_w"]),
    }
    services.referral_agree_plan(
        actor=staff,
        ctx=ctx_of(staff),
        referral=referrals["x2"],
        plan_type=PlanType.HOME_BASE,
        detail="Two days a week in the home base",
        next_review_on=dt.date.today() + dt.timedelta(days=30),
        reason=REASON,
    )
    services.referral_agree_plan(
        actor=officer,
        ctx=ctx_of(officer),
        referral=referrals["y1"],
        plan_type=PlanType.IN_SCHOOL,
        detail="A mentor",
        next_review_on=dt.date.today() + dt.timedelta(days=1),
        reason=REASON,
    )
    # The review date has passed since: the referral is overdue for review.
    Referral.objects.filter(pk=referrals["y1"].pk).update(
        next_review_on=dt.date.today() - dt.timedelta(days=3)
    )
    head_w = people["other_head_w"]
    services.referral_close(actor=head_w, ctx=ctx_of(head_w), referral=referrals["w1"], reason=REASON)

    # Partnership B: its own inclusion partnership, and a referral of Z's pupil.
    officer_b = people["inclusion_officer_b"]
    head_z = person(partnership_b, Role.HEADTEACHER, school=school_z, name="Zara Head")
    services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=school_z.network_memberships.get().network,
        area="Bee",
        fund_holder=school_z,
        reason=REASON,
    )
    referrals["z1"] = refer("z1", head_z, slug="pb")
    for referral in referrals.values():
        referral.refresh_from_db()
    world.referrals = referrals
    return world


def client_of(client_for, world, persona):
    return client_for(world.people[persona])


def listed(response):
    return {referral.pk for referral in response.context["page"].object_list}


def ids(world, keys):
    return {world.referrals[key].pk for key in keys}


def log_entries_since(before):
    return list(AccessLogEntry.objects.order_by("pk")[before:])


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
    head_x = world.people["head_x"]
    for _ in range(49):
        services.referral_create(
            actor=head_x,
            ctx=ctx_of(head_x),
            pupil=world.pupils["x1"],
            reasons="Again",
            support_tried="More",
            reason=REASON,
        )
    client = client_of(client_for, world, "head_x")
    first = client.get(url("referrals"))
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 51
    second = client.get(url("referrals"), {"page": 2})
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


# --- Referring a pupil ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("head_x", 200),
        ("designated_lead_x", 200),
        ("chair_y", 403),
        ("partnership_staff", 403),
        ("inclusion_officer", 403),
        ("other_head_w", 404),
        *[(persona, 404) for persona in OUTSIDERS],
    ],
)
def test_refer_page_for_each_persona(client_for, world, persona, status):
    client = client_of(client_for, world, persona)
    assert client.get(url("refer", pupil_id=world.pupils["x1"].pk)).status_code == status
    before = Referral.objects.count()
    posted = client.post(
        url("refer", pupil_id=world.pupils["x1"].pk), {"reasons": "a", "support_tried": "b", "reason": "c"}
    )
    assert posted.status_code == (302 if status == 200 else status)
    assert Referral.objects.count() == before + (1 if status == 200 else 0)


def test_designated_lead_refers_a_pupil_and_the_reason_is_kept(client_for, world):
    lead = world.people["designated_lead_x"]
    pupil = world.pupils["x2"]
    before = AccessLogEntry.objects.count()
    response = client_for(lead).post(
        url("refer", pupil_id=pupil.pk),
        {
            "reasons": "Three suspensions this term",
            "support_tried": "Mentor and a reduced timetable",
            "reason": "Agreed at the pastoral meeting",
        },
    )
    referral = Referral.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == url("referral", referral_id=referral.pk)
    assert (referral.pupil, referral.referring_school, referral.referred_by) == (
        pupil,
        pupil.home_school,
        lead,
    )
    assert (referral.reasons, referral.support_tried, referral.status) == (
        "Three suspensions this term",
        "Mentor and a reduced timetable",
        ReferralStatus.REFERRED,
    )
    assert referral.inclusion_partnership == world.partnerships["north"]
    assert referral.history.first().history_change_reason == "Agreed at the pastoral meeting"
    reads = [(e.record_type, e.record_id) for e in log_entries_since(before)]
    assert (RecordType.PUPIL, str(pupil.pk)) in reads


def test_refer_refuses_missing_reasons_beside_each_field_and_saves_nothing(client_for, world):
    client = client_of(client_for, world, "head_x")
    before = Referral.objects.count()
    response = client.post(
        url("refer", pupil_id=world.pupils["x1"].pk), {"reasons": " ", "support_tried": ""}
    )
    assert response.status_code == 200
    assert error_beside(response, "reasons") == "Enter why the pupil is at risk"
    assert error_beside(response, "support_tried") == "Enter the support the school has already tried"
    assert error_beside(response, "reason") == "Enter why you are making this referral"
    assert "There is a problem" in text_of(response) and 'href="#id_reasons"' in response.content.decode()
    assert Referral.objects.count() == before


def test_refer_page_warns_of_an_open_referral(client_for, world):
    response = client_of(client_for, world, "head_x").get(url("refer", pupil_id=world.pupils["x1"].pk))
    assert "already has an open referral" in text_of(response)
    assert url("referral", referral_id=world.referrals["x1"].pk) in response.content.decode()


def test_refer_page_query_count_is_pinned(client_for, world):
    client = client_of(client_for, world, "designated_lead_x")
    client.get(url("refer", pupil_id=world.pupils["x1"].pk))
    with pinned_queries(12):
        assert client.get(url("refer", pupil_id=world.pupils["x1"].pk)).status_code == 200


# --- The referral's page -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SEES) + OUTSIDERS)
def test_referral_page_for_each_persona_and_every_read_is_logged(client_for, world, persona):
    client = client_of(client_for, world, persona)
    for key, referral in world.referrals.items():
        if key == "z1":
            continue
        before = AccessLogEntry.objects.count()
        response = client.get(url("referral", referral_id=referral.pk))
        if key in SEES.get(persona, set()):
            assert response.status_code == 200, key
            assert [(e.record_type, e.record_id) for e in log_entries_since(before)] == [
                (RecordType.PUPIL_CASE, str(referral.pk))
            ]
        else:
            assert response.status_code == 404, key


def test_referral_page_shows_the_referral_plan_reviews_and_placements(client_for, world):
    officer = world.people["inclusion_officer"]
    referral = world.referrals["x2"]
    provider = services.provider_create(
        actor=officer, ctx=ctx_of(officer), name="Bridge Centre", reason=REASON
    )
    services.placement_create(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=referral.pupil,
        provider=provider,
        starts_on=dt.date.today(),
        ends_on=None,
        days_per_week=Decimal("2"),
        cost=Decimal("1500"),
        funding_source="partnership",
        referral=referral,
        reason=REASON,
    )
    services.referral_review(
        actor=officer,
        ctx=ctx_of(officer),
        referral=referral,
        notes="Settling well in the home base",
        next_review_on=dt.date.today() + dt.timedelta(days=40),
        reason=REASON,
    )
    text = text_of(client_of(client_for, world, "head_x").get(url("referral", referral_id=referral.pk)))
    assert "Reasons for x2" in text and "Support tried for x2" in text
    assert (
        "Plan agreed" in text and "Home base provision" in text and "Two days a week in the home base" in text
    )
    assert "Ira Staff" in text  # who agreed the plan
    assert "Settling well in the home base" in text
    assert "Bridge Centre" in text
    assert (dt.date.today() + dt.timedelta(days=40)).strftime("%-d %B %Y") in text


@pytest.mark.parametrize("persona", sorted(p for p, keys in SEES.items() if "x1" in keys))
def test_action_buttons_only_for_those_who_may_use_them(client_for, world, persona):
    client = client_of(client_for, world, persona)
    referred = text_of(client.get(url("referral", referral_id=world.referrals["x1"].pk)))
    agreed = text_of(client.get(url("referral", referral_id=world.referrals["x2"].pk)))
    manages = persona in NORTH_MANAGERS
    assert ("Agree a plan" in referred) == manages
    assert ("Record a review" in referred) is False
    assert ("Record a review" in agreed) == manages
    assert ("Agree a plan" in agreed) is False
    assert ("Close the referral" in referred) == manages


def test_closed_referral_has_no_actions(client_for, world):
    text = text_of(
        client_of(client_for, world, "inclusion_officer").get(
            url("referral", referral_id=world.referrals["w1"].pk)
        )
    )
    assert "Closed" in text and "Close the referral" not in text and "Record a review" not in text


@pytest.mark.parametrize(("persona", "expected"), [("inclusion_officer", 8), ("partnership_staff", 10)])
def test_referral_page_query_count_is_pinned(client_for, world, persona, expected):
    client = client_of(client_for, world, persona)
    client.get(url("referral", referral_id=world.referrals["x2"].pk))
    with pinned_queries(expected):
        assert client.get(url("referral", referral_id=world.referrals["x2"].pk)).status_code == 200


# --- Agreeing a plan, reviewing and closing ------------------------------------------------------

CHANGE_STATUS = {
    "inclusion_officer": 200,
    "chair_y": 200,
    "partnership_staff": 200,
    "head_x": 403,
    "designated_lead_x": 403,
    "other_head_w": 404,
    **dict.fromkeys(OUTSIDERS, 404),
}


@pytest.mark.parametrize(("persona", "status"), sorted(CHANGE_STATUS.items()))
@pytest.mark.parametrize(
    ("page", "referral_key"), [("referral-plan", "x1"), ("referral-review", "x2"), ("referral-close", "x1")]
)
def test_change_pages_for_each_persona(client_for, world, persona, status, page, referral_key):
    client = client_of(client_for, world, persona)
    referral = world.referrals[referral_key]
    assert client.get(url(page, referral_id=referral.pk)).status_code == status
    history = referral.history.count()
    posted = client.post(url(page, referral_id=referral.pk), {})
    assert posted.status_code == status  # an empty form comes back with its errors, or is refused
    assert referral.history.count() == history


def test_partnership_staff_agree_a_home_base_plan(client_for, world):
    staff = world.people["partnership_staff"]
    referral = world.referrals["x1"]
    review_on = dt.date.today() + dt.timedelta(days=21)
    response = client_for(staff).post(
        url("referral-plan", referral_id=referral.pk),
        {
            "plan_type": PlanType.HOME_BASE,
            "detail": "Three mornings a week in the home base for six weeks",
            "next_review_on": review_on.strftime("%d/%m/%Y"),
            "reason": "Agreed at the partnership panel",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("referral", referral_id=referral.pk)
    referral.refresh_from_db()
    assert (referral.status, referral.plan_type, referral.next_review_on) == (
        ReferralStatus.PLAN_AGREED,
        PlanType.HOME_BASE,
        review_on,
    )
    assert (referral.plan_agreed_by, referral.plan_agreed_on) == (staff, dt.date.today())
    assert referral.plan_detail == "Three mornings a week in the home base for six weeks"
    assert referral.history.first().history_change_reason == "Agreed at the partnership panel"
    page = text_of(client_for(staff).get(response["Location"]))
    assert "Plan agreed" in page and "Home base provision" in page


def test_plan_page_shows_each_plan_type_with_its_hint(client_for, world):
    response = client_of(client_for, world, "chair_y").get(
        url("referral-plan", referral_id=world.referrals["x1"].pk)
    )
    html = response.content.decode()
    for value, label in PlanType.choices:
        assert f'value="{value}"' in html and label in html
    assert 'aria-describedby="id_plan_type_1_hint"' in html
    assert "Time in the partnership&#x27;s home base" in html or "Time in the partnership's home base" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"plan_type": ""}, "plan_type", "Select the plan agreed"),
        ({"next_review_on": past(0)}, "next_review_on", "The first review must be after today"),
        ({"next_review_on": past(5)}, "next_review_on", "The first review must be after today"),
        (
            {"next_review_on": "31/02/2027"},
            "next_review_on",
            "Date of the first review must be a real date, like 01/09/2025",
        ),
        ({"next_review_on": ""}, "next_review_on", "Enter the date of the first review"),
        ({"detail": ""}, "detail", "Describe the plan"),
        ({"reason": ""}, "reason", "Enter why the plan is being agreed"),
    ],
)
def test_plan_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    referral = world.referrals["x1"]
    good = {
        "plan_type": PlanType.IN_SCHOOL,
        "detail": "A mentor",
        "next_review_on": future(14),
        "reason": "Panel",
    }
    history = referral.history.count()
    response = client_of(client_for, world, "inclusion_officer").post(
        url("referral-plan", referral_id=referral.pk), {**good, **data}
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert "There is a problem" in text_of(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED and referral.history.count() == history


def test_a_review_is_recorded_with_the_next_date(client_for, world):
    officer = world.people["inclusion_officer"]
    referral = world.referrals["x2"]
    response = client_for(officer).post(
        url("referral-review", referral_id=referral.pk),
        {"notes": "Attending the home base well", "next_review_on": future(42), "reason": "Six-week review"},
    )
    assert response.status_code == 302
    review = PlanReview.objects.get(referral=referral)
    assert (review.notes, review.reviewed_by, review.reviewed_on) == (
        "Attending the home base well",
        officer,
        dt.date.today(),
    )
    referral.refresh_from_db()
    assert referral.next_review_on == review.next_review_on == dt.date.today() + dt.timedelta(days=42)
    assert review.history.first().history_change_reason == "Six-week review"
    assert referral.history.first().history_change_reason == "Six-week review"


def test_a_review_before_closing_may_leave_the_next_date_blank(client_for, world):
    referral = world.referrals["x2"]
    response = client_of(client_for, world, "chair_y").post(
        url("referral-review", referral_id=referral.pk),
        {"notes": "Back in full-time lessons", "next_review_on": "", "reason": "Final review"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.next_review_on is None and referral.reviews.get().next_review_on is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"next_review_on": past(0)}, "next_review_on", "The next review must be after today"),
        ({"next_review_on": past(1)}, "next_review_on", "The next review must be after today"),
        ({"notes": ""}, "notes", "Enter what the review found"),
        ({"reason": ""}, "reason", "Enter why you are recording this review"),
    ],
)
def test_review_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    referral = world.referrals["x2"]
    good = {"notes": "Going well", "next_review_on": future(30), "reason": "Review"}
    response = client_of(client_for, world, "partnership_staff").post(
        url("referral-review", referral_id=referral.pk), {**good, **data}
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert "There is a problem" in text_of(response)
    assert not PlanReview.objects.filter(referral=referral).exists()


def test_review_waits_for_a_plan(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    response = client.get(url("referral-review", referral_id=world.referrals["x1"].pk))
    assert response.status_code == 302 and response["Location"] == url(
        "referral", referral_id=world.referrals["x1"].pk
    )
    assert "once a plan is agreed" in text_of(client.get(response["Location"]))


def test_close_page_explains_and_closing_keeps_the_reason(client_for, world):
    referral = world.referrals["x2"]
    client = client_of(client_for, world, "chair_y")
    page = text_of(client.get(url("referral-close", referral_id=referral.pk)))
    assert "no further reviews or changes to the plan can be recorded" in page
    response = client.post(
        url("referral-close", referral_id=referral.pk), {"reason": "Back in mainstream full time"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.closed_on, referral.next_review_on) == (
        ReferralStatus.CLOSED,
        dt.date.today(),
        None,
    )
    assert referral.history.first().history_change_reason == "Back in mainstream full time"
    again = client.get(url("referral-close", referral_id=referral.pk))
    assert again.status_code == 302
    assert client.get(url("referral-plan", referral_id=referral.pk)).status_code == 302


def test_close_without_a_reason_is_refused_beside_the_field(client_for, world):
    referral = world.referrals["x1"]
    response = client_of(client_for, world, "inclusion_officer").post(
        url("referral-close", referral_id=referral.pk), {"reason": ""}
    )
    assert error_beside(response, "reason") == "Enter why the referral is closing"
    assert "There is a problem" in text_of(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED


def test_change_pages_log_the_read(client_for, world):
    referral = world.referrals["x1"]
    before = AccessLogEntry.objects.count()
    client_of(client_for, world, "inclusion_officer").get(url("referral-plan", referral_id=referral.pk))
    assert [(e.record_type, e.record_id) for e in log_entries_since(before)] == [
        (RecordType.PUPIL_CASE, str(referral.pk))
    ]


@pytest.mark.parametrize(
    ("page", "referral_key", "expected"),
    [("referral-plan", "x1", 6), ("referral-review", "x2", 6), ("referral-close", "x1", 6)],
)
def test_change_page_query_counts_are_pinned(client_for, world, page, referral_key, expected):
    client = client_of(client_for, world, "inclusion_officer")
    client.get(url(page, referral_id=world.referrals[referral_key].pk))
    with pinned_queries(expected):
        assert client.get(url(page, referral_id=world.referrals[referral_key].pk)).status_code == 200


def test_a_school_outside_every_inclusion_partnership_is_told_so_and_nothing_is_saved(
    client_for, world, partnership_a
):
    school_v = SchoolFactory(la_code="901", name="School V", phase="Secondary")
    head_v = person(partnership_a, Role.HEADTEACHER, school=school_v, name="Val Head")
    pupil = services.pupil_create(
        actor=head_v,
        ctx=ctx_of(head_v),
        full_name="Pupil v1",
        date_of_birth=dt.date(2012, 5, 1),
        upn=upn("901200023009"),
        home_school=school_v,
        year_group=9,
        reason=REASON,
    )
    response = client_for(head_v).post(
        url("refer", pupil_id=pupil.pk), {"reasons": "a", "support_tried": "b", "reason": "c"}
    )
    assert response.status_code == 200
    assert "This school is not a member of an inclusion partnership" in text_of(response)
    assert "There is a problem" in text_of(response)
    assert not Referral.objects.filter(pupil=pupil).exists()


def test_partnership_b_s_inclusion_officer_finds_none_of_a_s_referrals_through_b_s_pages(client_for, world):
    client = client_of(client_for, world, "inclusion_officer_b")
    referral = world.referrals["x1"]
    pages = [
        url("referral", slug="pb", referral_id=referral.pk),
        url("referral-plan", slug="pb", referral_id=referral.pk),
        url("referral-review", slug="pb", referral_id=referral.pk),
        url("referral-close", slug="pb", referral_id=referral.pk),
        url("refer", slug="pb", pupil_id=referral.pupil_id),
    ]
    for page in pages:
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"reason": "x"}).status_code in {404, 405}, page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED


def test_an_alternative_provision_plan_offers_its_managers_a_placement(client_for, world):
    officer = world.people["inclusion_officer"]
    referral = world.referrals["x1"]
    services.referral_agree_plan(
        actor=officer,
        ctx=ctx_of(officer),
        referral=referral,
        plan_type=PlanType.AP_PLACEMENT,
        detail="Two days a week at a provider",
        next_review_on=dt.date.today() + dt.timedelta(days=14),
        reason=REASON,
    )
    link = url("placement-new", pupil_id=referral.pupil_id)
    seen_by_officer = client_for(officer).get(url("referral", referral_id=referral.pk)).content.decode()
    seen_by_head = (
        client_of(client_for, world, "head_x").get(url("referral", referral_id=referral.pk)).content.decode()
    )
    assert f'href="{link}"' in seen_by_officer
    assert f'href="{link}"' not in seen_by_head
