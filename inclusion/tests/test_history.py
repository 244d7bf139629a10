"""The history pages of the inclusion records (partnership:history): who changed what, when and why,
for exactly the people who see each record's own page. A pupil's records are read through the
logged selectors, so reading their history is logged and is a 404 for anyone who may not see the
pupil; nothing of another pupil is shown, and after the retention rule nothing identifies the child
(decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from inclusion import services
from inclusion.models import PermanentExclusion, Pupil, PupilRoll
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from partnership.retention import REMOVED_PREFIX, rule
from tests.helpers import pinned_queries, text_of

from .world import ctx_of

# Whose records of pupil x1 (school X, North) each persona sees: everyone else gets a 404.
SEES_X1 = {"inclusion_officer", "head_x", "designated_lead_x", "chair_y", "partnership_staff"}
# And of pupil w1 (school W, South).
SEES_W1 = {"inclusion_officer", "other_head_w"}
# The provider directory (may_see_providers).
SEES_PROVIDERS = {
    "inclusion_officer",
    "la_officer_a",
    "la_admin_a",
    "partnership_staff",
    "chair_y",
    "other_head_w",
    "head_x",
}
# The inclusion partnerships (inclusion_partnerships_visible).
SEES_BOTH_PARTNERSHIPS = {"la_admin_a", "la_officer_a", "inclusion_officer", "board_member_a"}
SEES_NORTH = SEES_BOTH_PARTNERSHIPS | {"chair_y", "head_x", "partnership_staff"}
SEES_SOUTH = SEES_BOTH_PARTNERSHIPS | {"other_head_w"}
PERSONAS = [
    "inclusion_officer",
    "head_x",
    "designated_lead_x",
    "teacher_x",
    "chair_y",
    "other_head_w",
    "partnership_staff",
    "partner",
    "inclusion_officer_b",
    "la_officer_a",
    "la_admin_a",
    "board_member_a",
    "governor_x",
]
# Each kind of history, the page of the record itself and that page's id argument.
PAGES = {
    "pupil": ("pupil", "pupil_id"),
    "referral": ("referral", "referral_id"),
    "exclusion": ("exclusion", "exclusion_id"),
    "exclusion-consultation": ("consultation", "consult_id"),
    "placement": ("placement", "placement_id"),
    "ap-provider": ("provider", "provider_id"),
    "inclusion-partnership": ("partnership", "ip_id"),
}
PUPIL_KINDS = ["pupil", "referral", "exclusion", "exclusion-consultation", "placement"]
LOGGED_AS = {
    "pupil": RecordType.PUPIL,
    "referral": RecordType.PUPIL_CASE,
    "exclusion": RecordType.PUPIL_EXCLUSION,
    "exclusion-consultation": RecordType.PUPIL_CONSULTATION,
    "placement": RecordType.PUPIL_PLACEMENT,
}
# The reason each record of pupil x1 was made with, and who made it.
REASONS = {
    "referral": ("head_x", "Referred after the pastoral meeting"),
    "exclusion-consultation": ("head_x", "Spoke to the chair by telephone"),
    "exclusion": ("head_x", "Decision taken after the incident"),
    "placement": ("inclusion_officer", "Agreed at the partnership panel"),
    "ap-provider": ("inclusion_officer", "New provider in the area"),
    "inclusion-partnership": ("inclusion_officer", "Test set-up"),
}


def history_url(kind, pk, slug="pa"):
    return reverse("partnership:history", kwargs={"partnership_slug": slug, "kind": kind, "pk": pk})


def page_url(kind, pk, slug="pa"):
    name, argument = PAGES[kind]
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, argument: pk})


@pytest.fixture
def world(inclusion_world, head_x, head_y):
    world = inclusion_world
    people = world.people
    officer, x1 = people["inclusion_officer"], world.pupils["x1"]
    today = timezone.localdate()
    referral = services.referral_create(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=x1,
        reasons="Repeated fixed-term suspensions",
        support_tried="A mentor and a reduced timetable",
        reason=REASONS["referral"][1],
    )
    services.referral_agree_plan(
        actor=head_y,
        ctx=ctx_of(head_y),
        referral=referral,
        plan_type="ap_placement",
        detail="Two days a week at the Bridge Centre",
        next_review_on=today + dt.timedelta(days=42),
        reason="Agreed at the chair's panel",
    )
    consultation = services.consultation_record(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=x1,
        consulted_on=today - dt.timedelta(days=3),
        reason_considered="A serious assault",
        alternatives_considered="A managed move",
        chair_advice="Try a placement first",
        reason=REASONS["exclusion-consultation"][1],
    )
    exclusion = services.exclusion_record(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=x1,
        excluded_on=today - dt.timedelta(days=1),
        reason=REASONS["exclusion"][1],
    )
    provider = services.provider_create(
        actor=officer, ctx=ctx_of(officer), name="Bridge Centre", reason=REASONS["ap-provider"][1]
    )
    services.qa_visit_record(
        actor=officer,
        ctx=ctx_of(officer),
        provider=provider,
        visited_on=today - dt.timedelta(days=30),
        outcome="meets",
        reason="Annual visit",
    )
    placement = services.placement_create(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=x1,
        provider=provider,
        starts_on=today,
        ends_on=None,
        days_per_week=Decimal("2"),
        cost=Decimal("3200"),
        funding_source="partnership",
        referral=referral,
        reason=REASONS["placement"][1],
    )
    head_w = people["other_head_w"]
    world.records = {
        "pupil": x1,
        "referral": referral,
        "exclusion": exclusion,
        "exclusion-consultation": consultation,
        "placement": placement,
        "ap-provider": provider,
        "inclusion-partnership": world.partnerships["north"],
        "w1-referral": services.referral_create(
            actor=head_w,
            ctx=ctx_of(head_w),
            pupil=world.pupils["w1"],
            reasons="Refusing to attend lessons",
            support_tried="Meetings with the family",
            reason="Referred by the head of year",
        ),
    }
    return world


def status(client_for, world, persona, url) -> int:
    return client_for(world.people[persona]).get(url).status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_pupil_s_record_histories_are_for_those_who_see_the_pupil(client_for, world, persona):
    for kind in PUPIL_KINDS:
        pk = world.records[kind].pk
        expected = 200 if persona in SEES_X1 else 404
        assert status(client_for, world, persona, history_url(kind, pk)) == expected, kind
        assert status(client_for, world, persona, page_url(kind, pk)) == expected, f"{kind} page"
    w1_referral = world.records["w1-referral"].pk
    expected = 200 if persona in SEES_W1 else 404
    assert status(client_for, world, persona, history_url("referral", w1_referral)) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_provider_and_partnership_histories_follow_their_pages(client_for, world, persona):
    provider = world.records["ap-provider"].pk
    expected = 200 if persona in SEES_PROVIDERS else 404
    assert status(client_for, world, persona, history_url("ap-provider", provider)) == expected
    assert status(client_for, world, persona, page_url("ap-provider", provider)) == expected
    for key, sees in (("north", SEES_NORTH), ("south", SEES_SOUTH)):
        ip = world.partnerships[key].pk
        expected = 200 if persona in sees else 404
        assert status(client_for, world, persona, history_url("inclusion-partnership", ip)) == expected, key
        assert status(client_for, world, persona, page_url("inclusion-partnership", ip)) == expected, key


def test_another_partnership_s_inclusion_officer_gets_a_404_in_their_own_partnership(client_for, world):
    client = client_for(world.people["inclusion_officer_b"])
    for kind in PAGES:
        assert client.get(history_url(kind, world.records[kind].pk, slug="pb")).status_code == 404, kind


def test_each_history_shows_who_made_the_record_and_why(client_for, world):
    officer = client_for(world.people["inclusion_officer"])
    for kind, (persona, reason) in REASONS.items():
        text = text_of(officer.get(history_url(kind, world.records[kind].pk)))
        assert f"By {world.people[persona].full_name}. Reason: {reason}" in text, kind


def test_a_change_to_a_pupil_shows_what_changed_who_changed_it_and_why(client_for, world):
    head_x, x1 = world.people["head_x"], world.pupils["x1"]
    services.pupil_update(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=x1,
        full_name="Pupil Xavier",
        date_of_birth=x1.date_of_birth,
        year_group=10,
        send_status=x1.send_status,
        out_of_year_group_reason="Moved up a year",
        reason="The name was misspelt",
    )
    text = text_of(client_for(world.people["designated_lead_x"]).get(history_url("pupil", x1.pk)))
    assert f"By {head_x.full_name}. Reason: The name was misspelt" in text
    assert "Name Pupil x1 → Pupil Xavier" in text
    assert "Year group 9 → 10" in text


def test_the_history_page_links_are_on_each_record_s_page(client_for, world):
    officer = client_for(world.people["inclusion_officer"])
    for kind in PAGES:
        pk = world.records[kind].pk
        assert f'href="{history_url(kind, pk)}"' in officer.get(page_url(kind, pk)).content.decode(), kind


def test_each_read_of_a_pupil_record_s_history_is_logged(client_for, world):
    head_x = world.people["head_x"]
    client = client_for(head_x)
    for kind in PUPIL_KINDS:
        pk = world.records[kind].pk
        last = AccessLogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
        assert client.get(history_url(kind, pk)).status_code == 200
        (entry,) = AccessLogEntry.objects.filter(pk__gt=last)
        assert (
            entry.user,
            entry.action,
            entry.record_type,
            entry.record_id,
            entry.school_id,
            entry.path,
        ) == (
            head_x,
            AccessLogEntry.Action.VIEW,
            LOGGED_AS[kind],
            str(pk),
            world.schools["x"].pk,
            history_url(kind, pk),
        ), kind
        # The log names no child: those who read it may not see pupils.
        assert "Pupil x1" not in entry.description


def test_reading_provider_and_partnership_histories_logs_no_pupil_read(client_for, world):
    client = client_for(world.people["la_officer_a"])
    before = AccessLogEntry.objects.filter(record_type__startswith="pupil").count()
    assert client.get(history_url("ap-provider", world.records["ap-provider"].pk)).status_code == 200
    assert client.get(history_url("inclusion-partnership", world.partnerships["north"].pk)).status_code == 200
    assert AccessLogEntry.objects.filter(record_type__startswith="pupil").count() == before


def test_no_history_page_shows_another_pupil(client_for, world):
    """Pupil x2 shares x1's school and pupil w1 has a referral and the same provider: neither is
    named on any of x1's histories, and no pupil is named on the provider's or partnership's."""
    officer = world.people["inclusion_officer"]
    services.placement_create(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=world.pupils["w1"],
        provider=world.records["ap-provider"],
        starts_on=timezone.localdate(),
        ends_on=None,
        days_per_week=Decimal("1"),
        cost=Decimal("900"),
        funding_source="high_needs",
        reason="Placed by the South panel",
    )
    client = client_for(officer)
    others = [world.pupils[key].full_name for key in ("x2", "y1", "w1")]
    for kind in PUPIL_KINDS:
        text = text_of(client.get(history_url(kind, world.records[kind].pk)))
        assert "Pupil x1" in text, kind
        assert not [name for name in others if name in text], kind
    for kind in ("ap-provider", "inclusion-partnership"):
        text = text_of(client.get(history_url(kind, world.records[kind].pk)))
        assert not [p.full_name for p in world.pupils.values() if p.full_name in text], kind
        assert world.pupils["x1"].upn not in text


def test_after_the_retention_rule_no_history_identifies_the_pupil(client_for, world):
    x1 = world.pupils["x1"]
    head_x = world.people["head_x"]
    services.pupil_update(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=x1,
        full_name="Pupil x1",
        date_of_birth=x1.date_of_birth,
        year_group=10,
        send_status=x1.send_status,
        out_of_year_group_reason="Pupil x1 moved up a year",
        reason="Pupil x1 moved up a year",
    )
    exclusion = world.records["exclusion"]
    services.exclusion_update(
        actor=head_x,
        ctx=ctx_of(head_x),
        exclusion=exclusion,
        governors_review="upheld",
        placed_at=None,
        reason="Governors upheld the exclusion of Pupil x1",
    )
    Pupil.objects.filter(pk=x1.pk).update(retain_until=timezone.localdate() - dt.timedelta(days=1))
    rule("inclusion_pupils").apply(timezone.now())
    client = client_for(world.people["inclusion_officer"])
    identifying = [
        "Pupil x1",
        x1.upn,
        f"1 May {x1.date_of_birth.year}",
        f"May 1, {x1.date_of_birth.year}",
        "Repeated fixed-term suspensions",
        "A serious assault",
        "Try a placement first",
        "Two days a week at the Bridge Centre",
        *(reason for _, reason in REASONS.values() if reason != "Test set-up"),
    ]
    for kind in PUPIL_KINDS:
        response = client.get(history_url(kind, world.records[kind].pk))
        assert response.status_code == 200, kind
        text = text_of(response)
        assert "[removed under the retention rule" in text, kind
        assert not [words for words in identifying if words in text], kind
    # The reasons of records that hold no free text go from their history too.
    for model in (PermanentExclusion, PupilRoll):
        reasons = set(model.history.filter(pupil_id=x1.pk).values_list("history_change_reason", flat=True))
        assert reasons and all(r.startswith(REMOVED_PREFIX) for r in reasons if r), model


def test_the_pupil_history_page_has_a_pinned_query_count(client_for, world):
    x1 = world.pupils["x1"]
    head_x = world.people["head_x"]
    for year_group in (10, 11, 10):
        services.pupil_update(
            actor=head_x,
            ctx=ctx_of(head_x),
            pupil=x1,
            full_name=x1.full_name,
            date_of_birth=x1.date_of_birth,
            year_group=year_group,
            send_status=x1.send_status,
            out_of_year_group_reason="Taught with an older year",
            reason=f"Year {year_group}",
        )
    client = client_for(world.people["inclusion_officer"])
    client.get(history_url("pupil", x1.pk))
    # session, user, context, pupil (with its home school), access log entry, count, one page of
    # history rows (with their people), the records they name (partnership, school, person), chooser
    with pinned_queries(11):
        assert client.get(history_url("pupil", x1.pk)).status_code == 200
