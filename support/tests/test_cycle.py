"""The whole support cycle through the pages, as each person would do it."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from partnership.models import Notification
from schools.models import NeedsFlag
from support.models import SupportAgreement, SupportCase
from tests.helpers import future, past, text_of


def url(name, **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": "pa", **kwargs})


@pytest.fixture
def cycle(
    client_for,
    la_officer_a,
    head_x,
    leader,
    leader_user,
    reading,
    school_x,
    partnership_a,
    django_capture_on_commit_callbacks,
):
    officer, head, provider = client_for(la_officer_a), client_for(head_x), client_for(leader_user)
    flag = NeedsFlag.objects.create(
        partnership=partnership_a,
        school=school_x,
        kind="inspection_below_good",
        evidence_key="x",
        evidence="Judged Inadequate.",
    )
    page = officer.get(url("case-open") + f"?flag={flag.pk}")
    assert "Opened from a flag on School X" in text_of(page)
    response = officer.post(
        url("case-open"),
        {
            "school": school_x.pk,
            "source": "trigger",
            "lead_officer": la_officer_a.pk,
            "flag": flag.pk,
            "reason": "Inadequate",
        },
    )
    case = SupportCase.objects.get()
    assert case.source_flag == flag and response["Location"] == url("needs", case_id=case.pk)
    officer.post(
        url("needs", case_id=case.pk),
        {
            "needs_analysis": "Reading across KS2",
            "evidence": "KS2 results",
            "school_view": "Agrees",
            "priorities": [reading.pk],
            "reason": "Analysis",
        },
    )
    case.refresh_from_db()
    assert case.status == "needs_analysed"
    return {
        "officer": officer,
        "head": head,
        "provider": provider,
        "case": case,
        "leader": leader,
        "capture": django_capture_on_commit_callbacks,
    }


def agreement_data(leader, **extra):
    return {
        "provider_type": "system_leader",
        "provider_leader": leader.pk,
        "starts_on": past(1),
        "ends_on": future(200),
        "days": "4",
        "cost": "1200",
        "funding": "partnership_budget",
        "review_every_weeks": "6",
        "objective": "Raise reading attainment",
        "outcome_measure": "70% at the expected standard",
        "target_date": future(180),
        "reason": "Reading expertise",
        **extra,
    }


def test_the_whole_cycle(cycle, head_x, governor_x, la_officer_a, school_y, school_x):
    officer, head, provider, case, leader = (
        cycle[k] for k in ("officer", "head", "provider", "case", "leader")
    )
    # Lena's home school (Y) and X are in the same trust: a conflict, which must be justified.
    school_x.trust_name = school_y.trust_name = "Same Trust"
    school_x.save()
    school_y.save()
    blocked = officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader))
    assert "are in the same trust (Same Trust)" in text_of(blocked)
    assert not SupportAgreement.objects.exists()
    with cycle["capture"](execute=True):
        officer.post(
            url("agreement-new", case_id=case.pk),
            agreement_data(leader, justification="Only reading NLE with capacity; different phase"),
        )
    agreement = SupportAgreement.objects.get()
    assert agreement.conflict_status == "justified" and agreement.justified_by == la_officer_a
    leader.refresh_from_db()
    assert leader.committed_days == 6
    assert {m.to[0] for m in mail.outbox} == {"lena@a.test", head_x.email}
    # The email carries the whole address of the agreement, not just its path.
    assert f"{settings.SITE_URL}/p/{agreement.case.partnership.slug}/" in mail.outbox[0].body

    assert provider.post(url("agree", agreement_id=agreement.pk)).status_code == 403
    head.post(url("agree", agreement_id=agreement.pk), {"answer": "agreed"})
    agreement.refresh_from_db()
    case.refresh_from_db()
    assert agreement.status == "agreed" and case.status == "support_agreed"
    review = agreement.reviews.get()

    provider.post(
        url("visit-new", agreement_id=agreement.pk), {"visit_on": future(7), "purpose": "Observe reading"}
    )
    visit = agreement.visits.get()
    assert (
        provider.get(url("visit-log", agreement_id=agreement.pk, visit_id=visit.pk)).status_code == 403
    )  # not accepted yet
    head.post(url("visit-answer", agreement_id=agreement.pk, visit_id=visit.pk), {"answer": "accept"})
    visit.refresh_from_db()
    assert visit.status == "accepted"
    provider.post(
        url("visit-log", agreement_id=agreement.pk, visit_id=visit.pk),
        {
            "happened_on": past(0),
            "hours": "3",
            "what_was_done": "Observed four lessons",
            "evidence_seen": "Books",
            "next_steps": "Phonics training",
        },
    )
    visit.refresh_from_db()
    case.refresh_from_db()
    assert visit.status == "logged" and case.status == "in_delivery"
    # The hours logged are set against the days agreed, at the partnership's hours a day.
    page = text_of(officer.get(url("agreement", agreement_id=agreement.pk)))
    assert "4 agreed. 3 hours logged so far: 0.5 days at 6.5 hours a day." in page
    # The same visit cannot be proposed twice.
    again = provider.post(
        url("visit-new", agreement_id=agreement.pk), {"visit_on": future(7), "purpose": "Observe reading"}
    )
    assert "is already proposed or arranged. Choose another day" in text_of(again)

    objective = agreement.objectives.get()
    provider.post(
        url("review-rate", agreement_id=agreement.pk, review_id=review.pk),
        {
            "held_on": past(0),
            f"rating_{objective.pk}": "at_risk",
            f"comment_{objective.pk}": "Slow start",
            "summary": "Some progress",
        },
    )
    head.post(url("review-comment", agreement_id=agreement.pk, review_id=review.pk), {"comment": "We agree"})
    # The officer sees what they are judging: each rating with its comment, and the school's view.
    judging = text_of(officer.get(url("review-qa", agreement_id=agreement.pk, review_id=review.pk)))
    assert "Raise reading attainment At risk : Slow start Outcome measure: 70% at the expected" in judging
    assert "Summary of progress Some progress" in judging and "The school's comment We agree" in judging
    officer.post(
        url("review-qa", agreement_id=agreement.pk, review_id=review.pk),
        {"judgement": "secure", "comment": "Well evidenced"},
    )
    review.refresh_from_db()
    assert (review.status, review.school_comment, review.qa_judgement) == (
        "quality_assured",
        "We agree",
        "secure",
    )
    # The next review is due on the agreed cycle, six weeks after this one was due.
    following = agreement.reviews.get(status="due")
    assert following.due_on == review.due_on + dt.timedelta(weeks=6)
    assert following.history.first().history_change_reason == (
        "The next review on the agreed cycle, every 6 weeks"
    )

    officer.post(
        url("escalate", case_id=case.pk),
        {"reason": "Too slow", "intervention": "warning_notice", "decision_maker": "Head of service"},
    )
    case.refresh_from_db()
    assert case.status == "escalated" and case.escalations.get().decision_maker == "Head of service"
    told = Notification.objects.filter(text__contains="escalated")
    # The school's governors are told in the words its headteacher reads, with no link to the case.
    assert told.get(user=head_x).text == told.get(user=governor_x).text
    assert told.get(user=governor_x).link == ""

    closing = officer.get(url("close", case_id=case.pk))
    assert "Raise reading attainment" in text_of(closing)
    officer.post(
        url("close", case_id=case.pk),
        {
            "closure": "completed",
            f"outcome_{objective.pk}": "met",
            "impact_statement": "Reading improved",
            "evidence_before": "50%",
            "evidence_after": "68%",
            "reason": "Objectives met",
        },
    )
    case.refresh_from_db()
    objective.refresh_from_db()
    leader.refresh_from_db()
    assert case.status == "closed" and objective.outcome == "met" and leader.committed_days == 2
    page = text_of(officer.get(url("case", case_id=case.pk)))
    assert "Impact statement Reading improved" in page
    assert "Escalated" in page and "Closed" in page

    # An edit after closure is refused, and nothing changes.
    after = officer.post(url("needs", case_id=case.pk), {"needs_analysis": "Changed", "reason": "x"})
    assert "This case is closed" in text_of(after)
    case.refresh_from_db()
    assert case.needs_analysis == "Reading across KS2"


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"ends_on": past(30)}, "The end date must be the same as or after the start date"),
        ({"cost": "-5"}, "The cost cannot be negative"),
        ({"days": "9"}, "Lena Leader has 8.0 days left this term; this agreement needs 9.0"),
        ({"provider_leader": ""}, "Choose the system leader"),
        ({"target_date": past(400)}, "The target date must be on or after the start date"),
    ],
)
def test_bad_agreement_input_is_explained_and_nothing_is_saved(cycle, extra, message):
    response = cycle["officer"].post(
        url("agreement-new", case_id=cycle["case"].pk), agreement_data(cycle["leader"], **extra)
    )
    assert response.status_code == 200
    assert message in text_of(response)
    assert not SupportAgreement.objects.exists()
    cycle["leader"].refresh_from_db()
    assert cycle["leader"].committed_days == 2


def test_a_school_has_one_open_case(cycle, la_officer_a, school_x):
    again = cycle["officer"].post(
        url("case-open"),
        {"school": school_x.pk, "source": "officer", "lead_officer": la_officer_a.pk, "reason": "x"},
    )
    assert "already has an open case" in text_of(again)
    assert SupportCase.objects.count() == 1


def test_visits_must_be_arranged_in_advance(cycle):
    officer, head, provider, case, leader = (
        cycle[k] for k in ("officer", "head", "provider", "case", "leader")
    )
    officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader))
    agreement = SupportAgreement.objects.get()
    early = provider.post(
        url("visit-new", agreement_id=agreement.pk), {"visit_on": future(3), "purpose": "x"}
    )
    assert "Visits can be proposed once the school has agreed" in text_of(early)
    head.post(url("agree", agreement_id=agreement.pk), {"answer": "agreed"})
    past_visit = provider.post(
        url("visit-new", agreement_id=agreement.pk), {"visit_on": past(3), "purpose": "x"}
    )
    assert "choose a date from today" in text_of(past_visit)
    assert not agreement.visits.exists()


def test_a_declared_link_makes_a_conflict(client_for, la_officer_a, leader_user, leader, school_x, cycle):
    page = client_for(leader_user).get(
        reverse("schools:leader", kwargs={"partnership_slug": "pa", "leader_id": leader.pk})
    )
    assert "Declare a link with a school" in text_of(page)
    declare = url("link-declare", leader_id=leader.pk)
    client_for(leader_user).post(
        declare, {"school": school_x.pk, "nature": "governor", "details": "Co-opted governor"}
    )
    again = client_for(leader_user).post(declare, {"school": school_x.pk, "nature": "governor"})
    assert "already been declared" in text_of(again)
    blocked = cycle["officer"].post(url("agreement-new", case_id=cycle["case"].pk), agreement_data(leader))
    assert "Lena Leader has declared: governor of the school at School X." in text_of(blocked)


def test_only_the_la_or_the_leader_declares_links(client_for, head_x, leader, school_x):
    response = client_for(head_x).post(
        url("link-declare", leader_id=leader.pk), {"school": school_x.pk, "nature": "family"}
    )
    assert response.status_code == 403


def test_a_start_date_far_in_the_future_is_caught_by_the_form(cycle):
    response = cycle["officer"].post(
        url("agreement-new", case_id=cycle["case"].pk),
        agreement_data(cycle["leader"], starts_on="01/01/9999", ends_on="02/01/9999"),
    )
    assert "Start date must be between 1990 and 2100" in text_of(response)
    assert not SupportAgreement.objects.exists()


def test_a_closed_case_cannot_be_shared(cycle, la_officer_a):
    case = cycle["case"]
    case.status = "closed"
    case.save()
    response = cycle["officer"].post(url("share", case_id=case.pk), {"shared": "1"}, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert not case.shared_with_board


def test_no_review_is_scheduled_past_the_end_of_the_agreement(partnership_a, la_officer_a, school_x, leader):
    from django.utils import timezone

    from partnership.access import partnership_context_for
    from support.models import ProgressReview, SupportAgreement, SupportCase
    from support.services.reviews import review_qa

    today = timezone.localdate()

    case = SupportCase.objects.create(
        partnership=partnership_a, school=school_x, source="officer", lead_officer=la_officer_a
    )
    agreement = SupportAgreement.objects.create(
        case=case,
        provider_type="system_leader",
        provider_leader=leader,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=20),
        days=1,
        cost=0,
        funding="partnership_budget",
        status="agreed",
    )
    review = ProgressReview.objects.create(
        agreement=agreement,
        due_on=today - dt.timedelta(days=7),
        status="rated",
        held_on=today - dt.timedelta(days=7),
    )
    review_qa(
        actor=la_officer_a,
        ctx=partnership_context_for(la_officer_a, partnership_a.slug),
        review=review,
        judgement="secure",
        comment="",
    )
    # Six weeks after it was due is past the agreement's end: the cycle stops there.
    assert list(agreement.reviews.values_list("status", flat=True)) == ["quality_assured"]


def test_closing_as_met_with_nothing_delivered_is_refused_and_closing_without_completion_works(cycle, leader):
    officer, case = cycle["officer"], cycle["case"]
    with cycle["capture"](execute=True):
        officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader))
    cycle["head"].post(url("agree", agreement_id=case.agreements.get().pk), {"answer": "agreed"})
    objective = case.agreements.get().objectives.get()
    form = text_of(officer.get(url("close", case_id=case.pk)))
    assert (
        "So far no support has been logged and no review has been quality-assured, "
        "so this case can only close without completion." in form
    )
    refused = officer.post(
        url("close", case_id=case.pk),
        {
            "closure": "completed",
            f"outcome_{objective.pk}": "met",
            "impact_statement": "Reading improved",
            "reason": "Objectives met",
        },
    )
    assert refused.status_code == 200
    assert (
        "The support cannot be closed as completed: no support has been logged and no review has "
        "been quality-assured. Close the case without completion instead, and say why"
    ) in text_of(refused)
    case.refresh_from_db()
    assert not case.is_closed

    missing_reason = officer.post(
        url("close", case_id=case.pk), {"closure": "without_completion", "reason": "Converted"}
    )
    assert "Say why the case is closing without completion" in text_of(missing_reason)

    officer.post(
        url("close", case_id=case.pk),
        {"closure": "without_completion", "closure_reason": "school_converted", "reason": "Converted"},
    )
    case.refresh_from_db()
    objective.refresh_from_db()
    assert (case.status, case.closure, case.closure_reason) == (
        "closed",
        "without_completion",
        "school_converted",
    )
    assert objective.outcome == ""
    page = text_of(officer.get(url("case", case_id=case.pk)))
    assert "Closed without completion" in page
    assert "Support delivered and logged Not done" in page
    assert "Closed without completion: The school converted to an academy or joined another trust" in page


def test_the_needs_analysis_starts_from_every_open_flag_and_the_next_step_is_the_primary_button(
    cycle, partnership_a, school_x, leader
):
    officer, case = cycle["officer"], cycle["case"]
    NeedsFlag.objects.create(
        partnership=partnership_a,
        school=school_x,
        kind="ks2_below_la",
        evidence_key="ks2:2018",
        evidence="In 2017 to 2018, 40% reached the expected standard.",
    )
    case.evidence = ""
    case.save()
    form = officer.get(url("needs", case_id=case.pk))
    evidence = form.context["form"]["evidence"].value()
    assert "Judged Inadequate." in evidence and "40% reached the expected standard" in evidence

    def primary(page) -> list[str]:
        html = page.content.decode()
        return re.findall(r'<a class="govuk-button" href="[^"]+">([^<]+)</a>', html)

    assert primary(officer.get(url("case", case_id=case.pk))) == ["Arrange support"]
    with cycle["capture"](execute=True):
        officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader))
    assert primary(officer.get(url("case", case_id=case.pk))) == []


def test_a_leader_whose_accreditation_ends_during_the_support_needs_the_officer_to_say_they_know(
    cycle, leader
):
    officer, case = cycle["officer"], cycle["case"]
    leader.accreditation_expires_on = dt.date.today() + dt.timedelta(days=30)
    leader.save()
    page = text_of(officer.get(url("agreement-new", case_id=case.pk)))
    # The picker shows days left, designation with accreditation, for each leader.
    assert (
        f"Lena Leader (8 of 10 days left; Specialist Leader of Education, accredited until {leader.accreditation_expires_on:%-d %B %Y})"
        in page
    )
    warned = officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader))
    assert (
        f"Lena Leader's accreditation ends on {leader.accreditation_expires_on:%-d %B %Y}, before this support ends"
        in text_of(warned)
    )
    assert not SupportAgreement.objects.exists()
    with cycle["capture"](execute=True):
        officer.post(url("agreement-new", case_id=case.pk), agreement_data(leader, accreditation_noted="on"))
    assert SupportAgreement.objects.count() == 1


def test_schools_in_the_picker_show_their_urn_and_town(cycle, school_x):
    school_x.town = "Loughborough"
    school_x.save()
    page = text_of(cycle["officer"].get(url("case-open")))
    assert f"School X (URN {school_x.urn}, Loughborough)" in page
