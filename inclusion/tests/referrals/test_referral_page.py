"""A referral's page: who sees it, a log entry for every read, the referral with its plan, reviews and
placements, the actions offered only to those who may take them, nothing of partnership A's found
through partnership B's pages, and a pinned query count (decision 0020)."""

import datetime as dt
from decimal import Decimal

import pytest

from inclusion import services
from inclusion.models import PlanType, ReferralStatus
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import OUTSIDERS, SEES, client_of, log_entries_since, url

# Who agrees plans, reviews and closes referrals of the North partnership (schools X and Y).
NORTH_MANAGERS = {"inclusion_officer", "chair_y", "partnership_staff"}


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
