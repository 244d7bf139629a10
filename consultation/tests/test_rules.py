"""The consultation rules (consultation/rules.py): who runs a consultation and sees its responses, when
respondents may answer, and when the public may read the summary."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultation import rules, selectors
from consultation.models import Consultation, Invitation
from consultation.services import consultation_close
from partnership.access import NotAllowed, NotVisible, partnership_context_for
from partnership.models import LA_ROLES
from tests.helpers import text_of

from .conftest import answer_online

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("persona", "officer"),
    [
        ("la_admin_a", True),
        ("la_officer_a", True),
        ("head_x", False),
        ("governor_x", False),
        ("board_member_a", False),
    ],
)
def test_only_the_las_officers_run_consultations_and_see_their_responses(
    persona, officer, personas, questionnaire
):
    ctx = partnership_context_for(personas[persona], "pa")
    assert rules.OFFICER_ROLES == LA_ROLES
    assert rules.is_officer(ctx) is officer
    assert rules.may_manage(ctx, questionnaire) is officer
    assert rules.may_see_responses(ctx, questionnaire) is officer
    if not officer:
        with pytest.raises(NotVisible):
            selectors.consultation_for(ctx, questionnaire.pk)
        with pytest.raises(NotAllowed):
            consultation_close(actor=personas[persona], ctx=ctx, consultation=questionnaire, reason="x")


def test_another_partnerships_officer_may_neither_see_nor_change_a_consultation(la_officer_b, questionnaire):
    ctx = partnership_context_for(la_officer_b, "pb")
    assert rules.is_officer(ctx)
    assert not rules.may_manage(ctx, questionnaire) and not rules.may_see_responses(ctx, questionnaire)
    with pytest.raises(NotVisible):
        selectors.consultation_for(ctx, questionnaire.pk)
    with pytest.raises(NotVisible):
        selectors.comments(ctx, questionnaire)
    with pytest.raises(NotAllowed):
        consultation_close(actor=la_officer_b, ctx=ctx, consultation=questionnaire, reason="x")
    questionnaire.refresh_from_db()
    assert questionnaire.status == "open"


@pytest.mark.parametrize(
    ("status", "opens_in", "closes_in", "responds", "not_yet"),
    [
        ("draft", -1, 1, False, False),
        ("open", -1, 1, True, False),
        ("open", 0, 0, True, False),
        ("open", 1, 2, False, True),
        ("open", -2, -1, False, False),
        ("closed", -1, 1, False, False),
    ],
)
def test_responses_are_taken_only_while_open_and_within_the_dates(
    status, opens_in, closes_in, responds, not_yet
):
    # Days from today in Europe/London, worked out when the test runs (not when it is collected), as
    # the rules do: a run that passes midnight still asks about the same days.
    today = timezone.localdate()
    consultation = Consultation(
        status=status, opens_on=today + opens_in * DAY, closes_on=today + closes_in * DAY
    )
    assert rules.may_respond(consultation) is responds
    assert rules.not_yet_open(consultation) is not_yet


@pytest.mark.parametrize(
    ("audience", "status", "through_link"),
    [("link", "open", True), ("link", "closed", True), ("link", "draft", False), ("invited", "open", False)],
)
def test_the_shared_link_leads_only_to_a_consultation_out_for_anyone(audience, status, through_link):
    consultation = Consultation(audience=audience, status=status)
    assert rules.may_answer_through_link(consultation) is through_link
    assert rules.needs_invitation(consultation) is (audience == "invited")


@pytest.mark.parametrize(
    ("status", "published_on", "public"),
    [
        ("closed", TODAY, True),
        ("closed", TODAY - DAY, True),
        ("closed", TODAY + DAY, False),
        ("closed", None, False),
        ("open", TODAY, False),
    ],
)
def test_the_summary_is_public_once_closed_and_its_date_has_come(status, published_on, public, questionnaire):
    questionnaire.status, questionnaire.published_on = status, published_on
    questionnaire.save()
    assert rules.summary_is_public(questionnaire) is public
    # The query says the same as the predicate.
    assert Consultation.objects.filter(rules.public_summaries(), pk=questionnaire.pk).exists() is public
    summary = reverse(
        "consultation-summary", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
    )
    assert Client().get(summary).status_code == (200 if public else 404)


def test_an_anonymous_consultation_keeps_no_names(questionnaire):
    assert rules.keeps_names(questionnaire) and not rules.is_anonymous(questionnaire)
    questionnaire.identification = "anonymous"
    assert rules.is_anonymous(questionnaire) and not rules.keeps_names(questionnaire)
    invitation = Invitation(consultation=questionnaire, email="a@x.test")
    assert not rules.invitation_used(questionnaire, invitation)
    invitation.used_at = dt.datetime.now(dt.UTC)
    assert rules.invitation_used(questionnaire, invitation)


def test_the_closed_page_links_to_the_summary_only_once_it_is_public(questionnaire):
    link = reverse("respond-link", kwargs={"token": questionnaire.link_token})
    questionnaire.status, questionnaire.published_on = "closed", TODAY + DAY
    questionnaire.save()
    assert "Read the summary of responses" not in text_of(Client().get(link))
    questionnaire.published_on = TODAY
    questionnaire.save()
    assert "Read the summary of responses" in text_of(Client().get(link))


def test_the_closed_page_says_when_a_consultation_is_not_open_yet(questionnaire):
    questionnaire.opens_on, questionnaire.closes_on = TODAY + DAY, TODAY + 2 * DAY
    questionnaire.save()
    page = text_of(Client().get(reverse("respond-link", kwargs={"token": questionnaire.link_token})))
    assert "is not open yet" in page


def test_the_page_offers_only_what_the_officers_may_do(questionnaire, la_officer_a):
    ctx = partnership_context_for(la_officer_a, "pa")
    actions = rules.consultation_actions(ctx, questionnaire, locked=rules.questions_locked(questionnaire))
    assert (actions.open, actions.close, actions.change_questions) == (False, True, True)
    answer_online(questionnaire, {1: ["agree", "agree", "agree"]})
    assert rules.questions_locked(questionnaire)
    actions = rules.consultation_actions(ctx, questionnaire, locked=True)
    assert not actions.change_questions
