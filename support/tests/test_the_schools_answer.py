"""The school's answer to proposed support: given by its headteacher in the portal, or recorded by an
LA officer when it came by phone, letter, email or at a meeting; agreed, declined or changes asked."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import Notification
from support.models import SupportAgreement, SupportCase
from tests.helpers import future, past, text_of

from .test_cycle import agreement_data


def url(name, **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": "pa", **kwargs})


@pytest.fixture
def proposed(client_for, partnership_a, la_officer_a, school_x, leader, django_capture_on_commit_callbacks):
    """Support proposed for School X, whose headteacher (if any) has not answered yet."""
    officer = client_for(la_officer_a)
    case = SupportCase.objects.create(
        partnership=partnership_a,
        school=school_x,
        source="officer",
        lead_officer=la_officer_a,
        needs_analysis="Reading",
        status="needs_analysed",
    )
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader))
    return officer, case, SupportAgreement.objects.get()


def test_a_school_with_no_headteacher_in_the_portal_says_so_and_the_officer_records_its_answer(
    proposed, la_officer_a, leader
):
    officer, case, agreement = proposed
    # The lead officer is told that nobody at the school could be asked.
    assert Notification.objects.filter(
        user=la_officer_a, text__startswith="School X has no headteacher in the portal"
    ).exists()
    # The provider is not told that a headteacher was asked.
    assert Notification.objects.get(user=leader.user).text == (
        "Lena Leader is proposed to support School X. "
        "The school has no headteacher in the portal: the LA will ask the school whether it agrees."
    )
    page = text_of(officer.get(url("agreement", agreement_id=agreement.pk)))
    assert (
        "School X has no headteacher in the portal, so nobody there has been asked to agree this support"
        in page
    )
    assert "has been asked to agree it" not in page

    refused = officer.post(
        url("answer-record", agreement_id=agreement.pk),
        {"answer": "agreed", "how": "phone", "who": "", "on": past(0)},
    )
    assert "Enter the name of the person who answered for the school" in text_of(refused)

    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the school agrees", content_type="application/pdf")
    officer.post(
        url("answer-record", agreement_id=agreement.pk),
        {
            "answer": "agreed",
            "how": "phone",
            "who": "Mrs A Jones, headteacher",
            "on": past(0),
            "document": letter,
        },
    )
    agreement.refresh_from_db()
    case.refresh_from_db()
    assert (agreement.status, agreement.answered_how, agreement.answered_for_school_by) == (
        "agreed",
        "phone",
        "Mrs A Jones, headteacher",
    )
    assert agreement.agreed_by == la_officer_a and agreement.reviews.count() == 1
    assert case.status == "support_agreed"
    page = text_of(officer.get(url("agreement", agreement_id=agreement.pk)))
    assert "Agreed with the school: Mrs A Jones, headteacher answered by phone on" in page
    assert "recorded by Oscar Officer" in page
    download = officer.get(url("answer-document", agreement_id=agreement.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # The provider delivers the support, but the school's letter is not theirs to read.
    from django.test import Client

    provider = Client()
    provider.force_login(leader.user)
    assert provider.get(url("answer-document", agreement_id=agreement.pk)).status_code == 404


def test_a_head_declines_with_a_reason_and_the_officer_sees_why(head_x, proposed, client_for, leader):
    officer, case, agreement = proposed
    head = client_for(head_x)
    page = text_of(officer.get(url("agreement", agreement_id=agreement.pk)))
    assert "Hana Head, the school's headteacher in the portal, has been asked to agree it." in page
    no_reason = head.post(url("agree", agreement_id=agreement.pk), {"answer": "declined"})
    assert "Say why the school declines the support" in text_of(no_reason)
    head.post(
        url("agree", agreement_id=agreement.pk),
        {"answer": "declined", "note": "We are already working with the teaching school hub"},
    )
    agreement.refresh_from_db()
    leader.refresh_from_db()
    assert agreement.status == "declined" and agreement.agreed_at is None
    # The message that asked for the answer is done, and leaves the head's home page.
    asked = Notification.objects.get(user=head_x, key=f"agreement:{agreement.pk}:answer")
    assert asked.done_at is not None
    home = text_of(head.get(reverse("partnership:home", kwargs={"partnership_slug": "pa"})))
    assert "is proposed to support School X" not in home
    assert leader.committed_days == 2  # the days proposed are given back
    assert Notification.objects.filter(
        user=case.lead_officer,
        text="School X has declined the support from Lena Leader: "
        "We are already working with the teaching school hub",
    ).exists()
    page = text_of(officer.get(url("agreement", agreement_id=agreement.pk)))
    assert "School X declined this support on" in page
    assert "We are already working with the teaching school hub" in page
    again = head.post(url("agree", agreement_id=agreement.pk), {"answer": "agreed"})
    assert "The school has already answered: declined by the school" in text_of(again)


def test_a_head_asks_for_changes_and_may_agree_later(proposed, head_x, client_for):
    officer, case, agreement = proposed
    head = client_for(head_x)
    head.post(
        url("agree", agreement_id=agreement.pk), {"answer": "changes_requested", "note": "Start after Easter"}
    )
    agreement.refresh_from_db()
    assert agreement.status == "changes_requested"
    assert "The school asked for changes on" in text_of(
        officer.get(url("agreement", agreement_id=agreement.pk))
    )
    head.post(url("agree", agreement_id=agreement.pk), {"answer": "agreed"})
    agreement.refresh_from_db()
    assert agreement.status == "agreed" and agreement.answered_how == "portal"


def test_only_the_la_records_an_answer_and_never_for_a_day_to_come(proposed, head_x, client_for):
    officer, case, agreement = proposed
    assert client_for(head_x).get(url("answer-record", agreement_id=agreement.pk)).status_code == 403
    ahead = officer.post(
        url("answer-record", agreement_id=agreement.pk),
        {
            "answer": "agreed",
            "how": "email",
            "who": "Mrs Jones",
            "on": future(1),
        },
    )
    assert "The date the school answered cannot be in the future" in text_of(ahead)
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_the_receiving_head_is_in_support_cases_not_support_you_give(head_x, proposed, client_for):
    _, _, agreement = proposed
    page = client_for(head_x).get(url("agreement", agreement_id=agreement.pk))
    assert [item["label"] for item in page.context["navigation"] if item["current"]] == ["Support cases"]


def test_an_la_administrator_is_offered_to_invite_the_missing_headteacher(
    proposed, la_admin_a, client_for, school_x
):
    _, _, agreement = proposed
    admin = client_for(la_admin_a)
    html = admin.get(url("agreement", agreement_id=agreement.pk)).content.decode()
    invite = f"/p/pa/people/add/?school={school_x.pk}&amp;role=headteacher"
    assert invite in html
    form = admin.get(invite.replace("&amp;", "&")).content.decode()
    assert f'<option value="{school_x.pk}" selected>' in form
    assert re.search(r'<input[^>]*value="headteacher"[^>]*checked', form)


def test_a_decline_given_by_letter_says_who_recorded_it(proposed):
    officer, _, agreement = proposed
    officer.post(
        url("answer-record", agreement_id=agreement.pk),
        {
            "answer": "declined",
            "how": "letter",
            "who": "Mr B Khan, chair of governors",
            "on": past(0),
            "note": "No capacity this term",
        },
    )
    page = text_of(officer.get(url("agreement", agreement_id=agreement.pk)))
    assert "Declined by the school: Mr B Khan, chair of governors answered by letter on" in page
    assert "recorded by Oscar Officer" in page
