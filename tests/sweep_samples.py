"""Sample records for the URL sweep and the axe sweep, and how a URL is built from them.

sweep_samples makes a record of every kind in partnership A and returns the arguments the URL
patterns take, by name; url_for tries the argument sets in ARGUMENT_SETS in turn until a pattern
reverses.
"""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse

from consultation.demo import leep_2013_questionnaire
from consultation.models import Answer, Question, Response, ThemeResponse
from governance.models import (
    AgendaItem,
    Board,
    CaseStudy,
    Interest,
    Meeting,
    MeetingAction,
    Membership,
    Paper,
    Seat,
)
from partnership.access import partnership_context_for
from partnership.auditing import save_with_history
from partnership.models import SignInSession
from schools.services import school_records_access_grant
from support.models import TermlyBrief
from tests.factories import (
    ActionFactory,
    AgreementFactory,
    CaseFactory,
    ImportRunFactory,
    MembershipFactory,
    NeedsFlagFactory,
    NetworkFactory,
    PriorityFactory,
    ReviewFactory,
    SystemLeaderFactory,
    VisitFactory,
    consent_in_force,
    published_agreement,
)
from tests.inclusion_samples import inclusion_samples


def sweep_samples(partnership_a, school_x, head_x, la_admin_a, board_member_a) -> dict:
    ctx = partnership_context_for(la_admin_a, partnership_a.slug)
    grant = school_records_access_grant(
        actor=la_admin_a, ctx=ctx, school=school_x, person=board_member_a, reason="sweep"
    )
    save_with_history(school_x, actor=la_admin_a, reason="sweep")
    network = NetworkFactory(partnership=partnership_a)
    board = Board.objects.create(partnership=partnership_a, name="Strategic Group", clerk=la_admin_a)
    seat = Seat.objects.create(board=board, title="Primary heads", constituency="primary_heads")
    Membership.objects.create(seat=seat, user=board_member_a)
    meeting = Meeting.objects.create(board=board, starts_at=dt.datetime(2027, 1, 14, 16, tzinfo=dt.UTC))
    paper = Paper.objects.create(
        item=AgendaItem.objects.create(
            meeting=meeting, title="Reading", purpose="decision", rule="consensus"
        ),
        title="Paper",
        file="papers/x.pdf",
        uploaded_by=la_admin_a,
    )
    MeetingAction.objects.create(
        meeting=meeting, description="Write", owner="Clerk", due_on=dt.date(2027, 2, 1)
    )
    consultation = leep_2013_questionnaire(
        partnership=partnership_a, actor=la_admin_a, opens_on=dt.date.today(), closes_on=dt.date.today()
    )
    response = Response.objects.create(
        consultation=consultation, respondent_kind="parent", status="submitted"
    )
    agreement = AgreementFactory(
        case=CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_admin_a)
    )
    membership = MembershipFactory(network=network, school=school_x)
    # A published version with the school's consent, and a draft of the next one.
    consent_in_force(published_agreement(partnership_a, by=la_admin_a), school_x, head=head_x)
    draft = published_agreement(partnership_a, version=2)
    draft.status, draft.published_at = "draft", None
    draft.save()
    return {
        **inclusion_samples(partnership_a, school_x, head_x),
        "flag_id": NeedsFlagFactory(partnership=partnership_a, school=school_x).pk,
        "network_id": network.pk,
        "membership_id": membership.pk,
        "leader_id": SystemLeaderFactory(partnership=partnership_a).pk,
        "run_id": ImportRunFactory(partnership=partnership_a, uploaded_by=la_admin_a).pk,
        "priority_id": PriorityFactory(partnership=partnership_a).pk,
        "case_id": agreement.case_id,
        "board_id": board.pk,
        "interest_id": Interest.objects.create(board=board, user=board_member_a, description="Governor").pk,
        "seat_id": seat.pk,
        "meeting_id": meeting.pk,
        "paper_id": paper.pk,
        "consultation_id": consultation.pk,
        "section_id": consultation.sections.first().pk,
        "question_id": Question.objects.filter(section__consultation=consultation).first().pk,
        "answer_id": Answer.objects.create(response=response, comment="x").pk,
        "item_id": ThemeResponse.objects.create(
            consultation=consultation, heading="h", you_said="y", we_did="w"
        ).pk,
        "resume": "made-up-resume",
        "step": 1,
        "agreement_id": agreement.pk,
        "action_id": ActionFactory(agreement=agreement).pk,
        "visit_id": VisitFactory(agreement=agreement, proposed_by=la_admin_a).pk,
        "review_id": ReviewFactory(agreement=agreement).pk,
        "brief_id": TermlyBrief.objects.create(
            case=agreement.case,
            academic_year=2026,
            term="autumn",
            term_starts_on=dt.date(2026, 9, 1),
            term_ends_on=dt.date(2026, 12, 31),
            drafted_by=la_admin_a,
            drafted_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
        ).pk,
        "report_id": _published_report(partnership_a, la_admin_a).pk,
        "term_id": _term(partnership_a).pk,
        "study_id": CaseStudy.objects.create(
            partnership=partnership_a,
            case=CaseFactory(
                partnership=partnership_a, school=school_x, lead_officer=la_admin_a, status="closed"
            ),
            summary="Reading improved.",
            added_by=la_admin_a,
        ).pk,
        "partnership_slug": partnership_a.slug,
        "user_id": head_x.pk,
        "role_id": head_x.roles.get().pk,
        "urn": school_x.urn,
        "version": draft.version,
        "grant_id": grant.pk,
        "session_id": SignInSession.objects.create(user=head_x, session_key="sweep-session").pk,
        "kind": "school",
        "pk": school_x.pk,
        "uidb64": "MQ",
        "token": "set-password",
        # the Django admin's own patterns
        "app_label": "partnership",
        "object_id": str(head_x.pk),
        "content_type_id": 1,
        "id": head_x.pk,
    }


def _published_report(partnership, officer):
    from governance.models import Report
    from governance.terms import term_on

    term = term_on(partnership, dt.date(2026, 10, 5))
    return Report.objects.create(
        partnership=partnership,
        kind="termly",
        period=term.key,
        term=term,
        academic_year=term.academic_year,
        status="published",
        html='<!DOCTYPE html><html lang="en-GB"><head><title>Report</title></head>'
        "<body><main><h1>Report</h1></main></body></html>",
        pdf=b"%PDF-1.4",
        approved_by=officer,
        publish_on=dt.date.today(),
    )


def _term(partnership):
    from governance.terms import terms_for

    return terms_for(partnership, 2026)[0]


# The argument sets URL patterns take, tried in turn until one reverses.
ARGUMENT_SETS = [
    [],
    ["partnership_slug"],
    ["partnership_slug", "user_id"],
    ["partnership_slug", "user_id", "role_id"],
    ["partnership_slug", "urn"],
    ["partnership_slug", "version"],
    ["partnership_slug", "urn", "grant_id"],
    ["partnership_slug", "kind", "pk"],
    ["partnership_slug", "flag_id"],
    ["partnership_slug", "network_id"],
    ["partnership_slug", "network_id", "membership_id"],
    ["partnership_slug", "leader_id"],
    ["partnership_slug", "run_id"],
    ["partnership_slug", "priority_id"],
    ["partnership_slug", "case_id"],
    ["partnership_slug", "consultation_id"],
    ["partnership_slug", "board_id"],
    ["partnership_slug", "board_id", "seat_id"],
    ["partnership_slug", "board_id", "membership_id"],
    ["partnership_slug", "board_id", "interest_id"],
    ["partnership_slug", "meeting_id"],
    ["partnership_slug", "term_id"],
    ["partnership_slug", "report_id"],
    ["partnership_slug", "ip_id"],
    ["partnership_slug", "ip_id", "staff_id"],
    ["partnership_slug", "ip_id", "allocation_id"],
    ["partnership_slug", "allocation_id"],
    ["partnership_slug", "lead_id"],
    ["partnership_slug", "pupil_id"],
    ["partnership_slug", "referral_id"],
    ["partnership_slug", "consult_id"],
    ["partnership_slug", "exclusion_id"],
    ["partnership_slug", "provider_id"],
    ["partnership_slug", "placement_id"],
    ["partnership_slug", "study_id"],
    ["partnership_slug", "brief_id"],
    ["partnership_slug", "meeting_id", "item_id"],
    ["partnership_slug", "meeting_id", "paper_id"],
    ["partnership_slug", "meeting_id", "action_id"],
    ["partnership_slug", "consultation_id", "section_id"],
    ["partnership_slug", "consultation_id", "question_id"],
    ["partnership_slug", "consultation_id", "answer_id"],
    ["partnership_slug", "consultation_id", "item_id"],
    ["token"],
    ["resume", "step"],
    ["resume"],
    ["partnership_slug", "agreement_id"],
    ["partnership_slug", "agreement_id", "action_id"],
    ["partnership_slug", "agreement_id", "visit_id"],
    ["partnership_slug", "agreement_id", "review_id"],
    ["uidb64", "token"],
    ["session_id"],
    ["app_label"],
    ["object_id"],
    ["id"],
    ["content_type_id", "object_id"],
]


def url_for(name: str, sample: dict) -> str:
    for keys in ARGUMENT_SETS:
        try:
            return reverse(name, kwargs={key: sample[key] for key in keys})
        except NoReverseMatch:
            continue
    try:  # simple-history's admin pattern takes (object id, history id) by position
        return reverse(name, args=[sample["object_id"], "1"])
    except NoReverseMatch:
        pass
    raise AssertionError(f"The sweep cannot build {name}: add its arguments to ARGUMENT_SETS")
