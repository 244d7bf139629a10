"""Themes, samples, redaction, "you said, we did", publishing, and the PDF made again on change."""

import datetime as dt

from django.urls import reverse

from consultation import selectors
from consultation.models import Answer, SummaryPdf, Theme, ThemeResponse
from consultation.services import summary_pdf
from tests.helpers import pinned_queries, text_of

from .conftest import answer_online


def url(name, consultation, **kwargs):
    return reverse(
        f"consultation:{name}",
        kwargs={"partnership_slug": "pa", "consultation_id": consultation.pk, **kwargs},
    )


def test_theming_merging_samples_and_progress(client_for, la_officer_a, questionnaire):
    for text in (
        "Teaching schools' role is unclear, says Mrs Jones",
        "Worried about capacity",
        "Capacity and resources?",
    ):
        answer_online(questionnaire, {1: ["agree", "agree", "agree"]}, comment=text)
    client = client_for(la_officer_a)
    for name in ("Teaching schools", "Capacity", "Resources"):
        client.post(url("comments", questionnaire), {"name": name})
    assert "There is already a theme" in text_of(
        client.post(url("comments", questionnaire), {"name": "capacity"})
    )
    themes = {t.name: t for t in Theme.objects.all()}
    comments = {
        a.comment[:10]: a
        for a in Answer.objects.exclude(comment="").filter(
            question__section__position=1, question__position=1
        )
    }
    first = comments["Teaching s"]
    refused = client.post(
        url("answer", questionnaire, answer_id=first.pk),
        {"themes": [themes["Teaching schools"].pk], "is_sample": "on", "published_comment": ""},
    )
    assert "A sample comment needs its published text" in text_of(refused)
    client.post(
        url("answer", questionnaire, answer_id=first.pk),
        {
            "themes": [themes["Teaching schools"].pk],
            "is_sample": "on",
            "published_comment": "Teaching schools' role is unclear",
        },
    )
    client.post(
        url("answer", questionnaire, answer_id=comments["Worried ab"].pk), {"themes": [themes["Capacity"].pk]}
    )
    client.post(
        url("answer", questionnaire, answer_id=comments["Capacity a"].pk),
        {"themes": [themes["Resources"].pk]},
    )
    client.post(
        url("theme-merge", questionnaire), {"theme": themes["Resources"].pk, "into": themes["Capacity"].pk}
    )
    counts = {t.name: t.comments for t in selectors.themes_with_counts(questionnaire)}
    assert counts == {"Capacity": 2, "Teaching schools": 1}
    progress = selectors.themed_progress(questionnaire)
    assert progress == {"comments": 9, "themed": 3, "percent": 33}
    page = client.get(url("comments", questionnaire), {"untagged": "1"})
    assert page.context["page"].paginator.count == 6


def test_you_said_we_did_is_published_once_approved(client_for, la_officer_a, questionnaire, anonymous):
    answer_online(
        questionnaire, {1: ["agree", "agree", "agree"]}, comment="Mrs Jones says the vision is clear"
    )
    answer = Answer.objects.exclude(comment="").first()
    client = client_for(la_officer_a)
    client.post(
        url("answer", questionnaire, answer_id=answer.pk),
        {"is_sample": "on", "published_comment": "The vision is clear"},
    )
    client.post(
        url("theme-response-new", questionnaire),
        {
            "heading": "The role of teaching schools",
            "you_said": "Unclear",
            "we_did": "We will set it out",
            "reason": "Draft",
        },
    )
    item = ThemeResponse.objects.get()
    publish = client.post(
        url("publish", questionnaire),
        {"published_on": dt.date.today().strftime("%d/%m/%Y"), "reason": "Publish"},
    )
    assert "Close the consultation before publishing" in text_of(publish)
    questionnaire.status = "closed"
    questionnaire.save()
    client.post(
        url("publish", questionnaire),
        {"published_on": dt.date.today().strftime("%d/%m/%Y"), "reason": "Publish"},
    )
    summary = reverse(
        "consultation-summary", kwargs={"partnership_slug": "pa", "consultation_id": questionnaire.pk}
    )
    text = text_of(anonymous.get(summary))
    assert "The vision is clear" in text and "Mrs Jones" not in text
    assert "The role of teaching schools" not in text  # still a draft
    client.post(url("theme-response-approve", questionnaire, item_id=item.pk))
    assert "You said: Unclear" in text_of(anonymous.get(summary))


def test_the_pdf_is_made_again_only_when_the_summary_changes(questionnaire):
    questionnaire.status, questionnaire.published_on = "closed", dt.date.today()
    questionnaire.save()
    first = summary_pdf(questionnaire)
    again = summary_pdf(questionnaire)
    assert again.fingerprint == first.fingerprint and again.generated_at == first.generated_at
    questionnaire.conclusion = "The partnership will go ahead."
    questionnaire.save()
    changed = summary_pdf(questionnaire)
    assert changed.fingerprint != first.fingerprint
    assert SummaryPdf.objects.count() == 1


def test_analysis_and_comments_pages_have_pinned_query_counts(client_for, la_officer_a, questionnaire):
    for i in range(30):
        answer_online(
            questionnaire,
            {1: ["agree", "partly_agree", "disagree"], 2: ["agree", ""]},
            comment=f"Comment {i}",
        )
    client = client_for(la_officer_a)
    client.get(url("analysis", questionnaire))
    # session, user, context, consultation, areas, questions, answers by question, by kind,
    # responses by channel, themed progress, chooser
    with pinned_queries(11):
        page = client.get(url("analysis", questionnaire))
    assert "60 responses, 67% agree or partly agree" not in text_of(page)  # areas count answers, not people
    assert "90 responses, 67% agree or partly agree" in text_of(page)
    client.get(url("comments", questionnaire))
    # session, user, context, consultation, count, progress, chooser, themes, areas, page,
    # the page's themes
    with pinned_queries(11):
        client.get(url("comments", questionnaire))
