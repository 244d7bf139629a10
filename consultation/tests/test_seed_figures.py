"""Responses that reproduce the LEEP 2013 consultation's published figures, and the summary that
shows them: percentages of those who answered, rounded to whole numbers."""

import datetime as dt

from django.urls import reverse

from consultation import selectors
from tests.helpers import text_of

from .conftest import answer_online


def seed_responses(consultation):
    """13 online questionnaires: vision 37 of 39 agree or partly agree; working protocols 20 of 25
    answered (one left blank); roles and structure 19 of 26."""
    vision = [["agree", "agree", "partly_agree"]] * 11 + [["agree", "disagree", "partly_agree"]] * 2
    protocols = [["agree", "partly_agree"]] * 9 + [
        ["agree", "disagree"],
        ["partly_agree", "dont_know"],
        ["disagree", "disagree"],
        ["", "disagree"],
    ]
    roles = [["agree", "agree"]] * 8 + [["partly_agree", "disagree"]] * 3 + [["disagree", "disagree"]] * 2
    for i in range(13):
        answer_online(consultation, {1: vision[i], 2: protocols[i], 3: roles[i]})


def test_analysis_reproduces_the_seed(questionnaire):
    seed_responses(questionnaire)
    areas = {a["section"].title: a["figure"] for a in selectors.analysis(questionnaire)["areas"]}
    vision = areas["Vision, aims and principles"]
    assert (vision.answers, vision.agreeing, vision.percent) == (39, 37, 95)
    protocols = areas["Working protocols and function"]
    assert (
        protocols.answers,
        protocols.blank,
        protocols.answered,
        protocols.agreeing,
        protocols.percent,
    ) == (26, 1, 25, 20, 80)
    roles = areas["Roles and responsibilities, structure"]
    assert (roles.answers, roles.agreeing, roles.percent) == (26, 19, 73)


def test_the_published_summary_shows_the_seed_figures(questionnaire, la_officer_a, anonymous, client_for):
    seed_responses(questionnaire)
    questionnaire.status = "closed"
    questionnaire.published_on = dt.date.today()
    questionnaire.save()
    page = anonymous.get(
        reverse(
            "consultation-summary", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
        )
    )
    text = text_of(page)
    assert "There were 39 online responses. 95% of the respondents agree or partly agree." in text
    assert "There were 26 online responses. 80% of the respondents agree or partly agree." in text
    assert "73% of the respondents agree or partly agree" in text
    assert "Percentages are of the answers given" in text and "A question left blank is not counted" in text
    pdf = anonymous.get(
        reverse(
            "consultation-summary-pdf", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
        )
    )
    body = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")


def test_an_unpublished_summary_is_not_found(questionnaire, anonymous):
    url = reverse(
        "consultation-summary", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
    )
    assert anonymous.get(url).status_code == 404
    questionnaire.published_on = dt.date.today() + dt.timedelta(days=3)
    questionnaire.save()
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url.replace("/pa/", "/pb/")).status_code == 404
