"""Answering online: one area a page, save and come back, check and send; and everything that must
be refused."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from consultation.models import Answer, Invitation, Response
from consultation.services import response_start
from tests.helpers import text_of

from .conftest import answer_online


def start(client, consultation, **data):
    url = reverse("respond-link", kwargs={"token": consultation.link_token})
    return client.post(url, {"respondent_kind": "governor", "organisation": "", "name": "Gwen", **data})


def test_a_respondent_answers_page_by_page_saves_comes_back_and_sends(questionnaire):
    client = Client()
    response = start(client, questionnaire)
    saved = Response.objects.get()
    step1 = reverse("respond-step", kwargs={"resume": saved.resume_token, "step": 1})
    assert response["Location"] == step1
    questions = list(questionnaire.sections.get(position=1).questions.all())
    leave = client.post(
        step1,
        {f"choice_{questions[0].pk}": "agree", f"comment_{questions[0].pk}": "Clear", "save_and_leave": "1"},
    )
    assert leave["Location"].endswith("/saved/")
    assert step1 in text_of(client.get(leave["Location"]))
    # Coming back on another device with the link: the answer is there.
    other = Client()
    page = other.get(step1)
    assert 'value="agree"' in page.content.decode() and "checked" in page.content.decode()
    for step in range(1, 5):
        other.post(reverse("respond-step", kwargs={"resume": saved.resume_token, "step": step}), {})
    check = other.get(reverse("respond-check", kwargs={"resume": saved.resume_token}))
    assert "Check your answers before sending them" in text_of(check)
    sent = other.post(reverse("respond-check", kwargs={"resume": saved.resume_token}))
    assert sent["Location"].endswith("/sent/")
    saved.refresh_from_db()
    assert saved.status == "submitted"
    assert Answer.objects.filter(response=saved).count() == 8  # every question, blanks included
    again = other.post(reverse("respond-check", kwargs={"resume": saved.resume_token}))
    assert again["Location"].endswith("/sent/")
    assert Response.objects.count() == 1


def test_a_closed_consultation_says_so_and_accepts_nothing(questionnaire):
    client = Client()
    start(client, questionnaire)
    saved = Response.objects.get()
    questionnaire.status = "closed"
    questionnaire.save()
    page = client.get(reverse("respond-link", kwargs={"token": questionnaire.link_token}))
    # A closed consultation's link says so, and answers 410 Gone as it always meant to.
    assert "This consultation is closed" in text_of(page) and page.status_code == 410
    assert start(Client(), questionnaire).status_code == 410 and Response.objects.count() == 1
    step = client.post(reverse("respond-step", kwargs={"resume": saved.resume_token, "step": 1}), {})
    assert "This consultation is closed" in text_of(step)
    client.post(reverse("respond-check", kwargs={"resume": saved.resume_token}))
    saved.refresh_from_db()
    assert saved.status == "in_progress"


def test_a_forged_question_id_is_refused(questionnaire):
    client = Client()
    start(client, questionnaire)
    saved = Response.objects.get()
    elsewhere = questionnaire.sections.get(position=2).questions.first()
    step1 = reverse("respond-step", kwargs={"resume": saved.resume_token, "step": 1})
    response = client.post(step1, {f"choice_{elsewhere.pk}": "agree"})
    assert "a question that is not on this page" in text_of(response)
    assert not Answer.objects.exists()


def test_an_over_long_comment_is_refused_beside_the_field(questionnaire):
    client = Client()
    start(client, questionnaire)
    saved = Response.objects.get()
    question = questionnaire.sections.get(position=1).questions.first()
    response = client.post(
        reverse("respond-step", kwargs={"resume": saved.resume_token, "step": 1}),
        {f"comment_{question.pk}": "x" * 5001},
    )
    assert "Comments must be 5,000 characters or fewer" in text_of(response)
    assert f'id="id_comment_{question.pk}_error"' in response.content.decode()
    assert not Answer.objects.exists()


def test_an_automated_submission_saves_nothing(questionnaire):
    start(Client(), questionnaire, website="http://spam.example")
    assert not Response.objects.exists()


def test_one_response_per_invitation(questionnaire):
    questionnaire.audience = "invited"
    questionnaire.save()
    invitation = Invitation.objects.create(consultation=questionnaire, email="head@x.test")
    url = reverse("respond-invited", kwargs={"token": invitation.token})
    client = Client()
    client.post(url, {"respondent_kind": "headteacher", "name": "H"})
    Client().post(url, {"respondent_kind": "headteacher", "name": "H again"})
    assert Response.objects.count() == 1
    assert (
        Client().get(reverse("respond-link", kwargs={"token": questionnaire.link_token})).status_code == 404
    )


def test_respondents_cannot_see_each_others_answers(questionnaire):
    mine = answer_online(questionnaire, {1: ["agree", "agree", "agree"]}, comment="Mine")
    theirs = answer_online(questionnaire, {1: ["disagree", "disagree", "disagree"]}, comment="Theirs")
    page = text_of(Client().get(reverse("respond-sent", kwargs={"resume": mine.resume_token}), follow=True))
    assert "Theirs" not in page
    assert Client().get(reverse("respond-check", kwargs={"resume": "not-a-token"})).status_code == 404
    assert mine.resume_token != theirs.resume_token


def test_anonymous_responses_stay_anonymous_in_every_export(questionnaire, client_for, la_officer_a):
    questionnaire.identification = "anonymous"
    questionnaire.save()
    response = response_start(
        consultation=questionnaire,
        respondent_kind="parent",
        organisation="",
        name="Secret Name",
        email="secret@x.test",
        invitation=None,
    )
    assert (response.respondent_name, response.respondent_email) == ("", "")
    answer_online(questionnaire, {1: ["agree", "agree", "agree"]}, kind="parent")
    client = client_for(la_officer_a)
    raw = b"".join(
        client.post(
            reverse(
                "consultation:export-responses",
                kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk},
            ),
            {"reason": "Analysis for the summary report"},
        ).streaming_content
    ).decode()
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert rows and "Name" not in rows[0] and "Email" not in rows[0]
    assert "Secret" not in raw and "secret@" not in raw
    analysis = client.get(
        reverse(
            "consultation:export-analysis",
            kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk},
        )
    ).content.decode()
    assert "Secret" not in analysis


@pytest.mark.parametrize("persona", ["head_x", "governor_x", "board_member_a"])
def test_only_the_la_runs_consultations(persona, personas, client_for, questionnaire):
    client = client_for(personas[persona])
    assert client.get(reverse("consultation:list", kwargs={"partnership_slug": "pa"})).status_code == 404
    assert (
        client.get(
            reverse(
                "consultation:detail", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
            )
        ).status_code
        == 404
    )


def test_another_partnership_sees_nothing(client_for, la_officer_b, questionnaire):
    for name in ("detail", "analysis", "comments", "export-responses"):
        url = reverse(
            f"consultation:{name}", kwargs={"partnership_slug": "pb", "consultation_id": questionnaire.pk}
        )
        assert client_for(la_officer_b).get(url).status_code == 404


def test_questions_are_locked_once_anyone_answers(client_for, la_officer_a, questionnaire):
    answer_online(questionnaire, {1: ["agree", "agree", "agree"]})
    question = questionnaire.sections.get(position=1).questions.first()
    client = client_for(la_officer_a)
    url = reverse(
        "consultation:question-edit",
        kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk, "question_id": question.pk},
    )
    response = client.post(
        url,
        {"section": question.section_id, "text": "Changed?", "kind": "scale", "position": 1, "reason": "x"},
    )
    assert "the questions cannot be changed" in text_of(response)
    question.refresh_from_db()
    assert question.text != "Changed?"


def test_officer_records_verbal_feedback_from_a_briefing(client_for, la_officer_a, questionnaire):
    client = client_for(la_officer_a)
    url = reverse(
        "consultation:offline", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
    )
    empty = client.post(
        url, {"channel": "briefing", "respondent_kind": "governor", "received_on": "01/11/2026"}
    )
    assert "Record at least one answer or comment" in text_of(empty)
    future = client.post(
        url,
        {
            "channel": "briefing",
            "respondent_kind": "governor",
            "received_on": (dt.date.today() + dt.timedelta(days=5)).strftime("%d/%m/%Y"),
            "general_comment": "x",
        },
    )
    assert "The date cannot be in the future" in text_of(future)
    client.post(
        url,
        {
            "channel": "briefing",
            "respondent_kind": "governor",
            "received_on": "01/11/2026",
            "general_comment": "Is LEEP a one-size-fits-all model?",
        },
    )
    response = Response.objects.get()
    assert (response.channel, response.respondent_kind, response.status, response.recorded_by) == (
        "briefing",
        "governor",
        "submitted",
        la_officer_a,
    )
    assert response.answers.get().comment == "Is LEEP a one-size-fits-all model?"
