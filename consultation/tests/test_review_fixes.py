"""Edge cases: odd digits in URLs, anonymous invitations, retention, offline figures, reopening."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from consultation import selectors
from consultation.models import Answer, Invitation, Response
from consultation.services import offline_record, response_start, responses_past_retention_delete
from partnership.access import partnership_context_for
from partnership.services import ServiceError

from .conftest import answer_online


@pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "abc"])
def test_odd_numbers_in_urls_never_cause_an_error(value, questionnaire, client_for, la_officer_a, head_x):
    officer = client_for(la_officer_a)
    assert (
        officer.get(
            reverse(
                "consultation:comments",
                kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk},
            ),
            {"section": value, "theme": value},
        ).status_code
        == 200
    )
    assert (
        client_for(head_x)
        .get(reverse("support:cases", kwargs={"partnership_slug": "pa"}), {"q": value})
        .status_code
        == 200
    )
    assert (
        officer.get(
            reverse("support:case-open", kwargs={"partnership_slug": "pa"}), {"flag": value, "school": value}
        ).status_code
        == 200
    )
    assert (
        officer.get(reverse("schools:list", kwargs={"partnership_slug": "pa"}), {"q": value}).status_code
        == 200
    )
    response = response_start(
        consultation=questionnaire,
        respondent_kind="parent",
        organisation="",
        name="",
        email="",
        invitation=None,
    )
    step = Client().post(
        reverse("respond-step", kwargs={"resume": response.resume_token, "step": 1}),
        {f"choice_{value}": "agree"},
    )
    assert step.status_code in {200, 302}


def test_an_anonymous_invitation_gives_one_response_and_is_never_linked_to_it(questionnaire):
    questionnaire.identification, questionnaire.audience = "anonymous", "invited"
    questionnaire.save()
    invitation = Invitation.objects.create(
        consultation=questionnaire, name="Named Person", email="named@x.test"
    )
    url = reverse("respond-invited", kwargs={"token": invitation.token})
    Client().post(url, {"respondent_kind": "parent"})
    response = Response.objects.get()
    assert response.invitation is None and response.respondent_email == ""
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = Client().get(url)
    assert "This invitation has been used" in again.content.decode()
    Client().post(url, {"respondent_kind": "parent"})
    assert Response.objects.count() == 1


def test_retention_deletes_responses_invitations_and_their_history(questionnaire):
    Invitation.objects.create(consultation=questionnaire, email="someone@x.test")
    answer_online(questionnaire, {1: ["agree", "agree", "agree"]}, comment="A named comment")
    assert Response.history.exists() and Answer.objects.exists()
    questionnaire.retain_until = dt.date.today() - dt.timedelta(days=1)
    questionnaire.save()
    assert responses_past_retention_delete() == 1
    assert not Response.objects.exists() and not Answer.objects.exists() and not Invitation.objects.exists()
    assert not Response.history.exists() and not Answer.history.exists() and not Invitation.history.exists()


def test_offline_feedback_is_not_counted_as_online_responses(questionnaire, la_officer_a):
    for _ in range(3):
        answer_online(questionnaire, {1: ["disagree", "disagree", "disagree"]})
    ctx = partnership_context_for(la_officer_a, "pa")
    question = questionnaire.sections.get(position=1).questions.first()
    for _ in range(3):
        offline_record(
            actor=la_officer_a,
            ctx=ctx,
            consultation=questionnaire,
            channel="briefing",
            received_on=dt.date.today(),
            respondent_kind="governor",
            organisation="",
            name="",
            answers={question.pk: ("agree", "")},
            general_comment="",
            general_section=None,
        )
    vision = selectors.analysis(questionnaire)["areas"][0]["figure"]
    assert (vision.answers, vision.percent) == (9, 0)


def test_a_published_consultation_cannot_reopen(questionnaire, la_officer_a):
    from consultation.services import consultation_open

    questionnaire.status, questionnaire.published_on = "closed", dt.date.today()
    questionnaire.save()
    with pytest.raises(ServiceError, match="Take the summary down"):
        consultation_open(
            actor=la_officer_a,
            ctx=partnership_context_for(la_officer_a, "pa"),
            consultation=questionnaire,
            reason="x",
            base_url="http://testserver/",
        )


def test_an_area_order_out_of_range_is_explained(questionnaire, client_for, la_officer_a):
    response = client_for(la_officer_a).post(
        reverse(
            "consultation:section-new", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
        ),
        {"title": "More", "position": "99999999999", "reason": "x"},
    )
    assert response.status_code == 200 and "less than or equal to 999" in response.content.decode()


def test_invitations_are_sent_once_when_the_consultation_opens_and_at_once_after(
    questionnaire, la_officer_a, mailoutbox, django_capture_on_commit_callbacks
):
    from consultation.services import consultation_open, invitations_add

    ctx = partnership_context_for(la_officer_a, "pa")
    questionnaire.status = "draft"
    questionnaire.save()
    with django_capture_on_commit_callbacks(execute=True):
        added = invitations_add(
            actor=la_officer_a,
            ctx=ctx,
            consultation=questionnaire,
            people=[("Ann", "Ann@x.test"), ("Ann again", "ann@X.test"), ("Bo", "bo@x.test")],
            base_url="http://testserver/",
        )
    assert added == 2 and mailoutbox == []
    assert set(Invitation.objects.values_list("email", "sent_at")) == {
        ("ann@x.test", None),
        ("bo@x.test", None),
    }

    with django_capture_on_commit_callbacks(execute=True):
        consultation_open(
            actor=la_officer_a,
            ctx=ctx,
            consultation=questionnaire,
            reason="Open",
            base_url="http://testserver/",
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@x.test", "bo@x.test"]
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    token = Invitation.objects.get(email="bo@x.test").token
    assert any("http://testserver/" in m.body and token in m.body for m in mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        invitations_add(
            actor=la_officer_a,
            ctx=ctx,
            consultation=questionnaire,
            people=[("Bo", "BO@x.test"), ("Cy", "cy@x.test")],
            base_url="http://testserver/",
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@x.test", "bo@x.test", "cy@x.test"]
    cy = Invitation.objects.get(email="cy@x.test")
    assert cy.sent_at is not None and cy.history.count() == 1
