"""A demo support case, so that the officer's, the headteacher's, the system leader's and the
governor's home pages have something real to show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from partnership.auditing import save_with_history
from partnership.models import User
from schools.models import SystemLeader
from schools.models.leaders import Designation
from support.models import Objective, ObjectiveRating, ProgressReview, SupportAgreement, SupportCase
from support.models.agreements import AgreementStatus
from support.models.reviews import QaJudgement, Rating, ReviewStatus

REASON = "Demo data"


def add_demo_case(*, partnership, domain: str, schools) -> None:
    receiving = schools[0]
    if SupportCase.objects.filter(partnership=partnership, school=receiving).exists():
        return
    officer = User.objects.get(email=f"officer@{domain}")
    head = User.objects.get(email=f"head@{domain}")
    leader_user = User.objects.get(email=f"leader@{domain}")
    leader = SystemLeader.objects.filter(partnership=partnership, user=leader_user).first()
    if leader is None:
        leader = save_with_history(
            SystemLeader(
                partnership=partnership,
                full_name=leader_user.full_name,
                email=leader_user.email,
                user=leader_user,
                designation=Designation.LLE,
                home_school=schools[1],
                capacity_days=Decimal("15"),
                committed_days=Decimal("0"),
            ),
            actor=None,
            reason=REASON,
        )
    today = dt.date.today()
    case = save_with_history(
        SupportCase(
            partnership=partnership,
            school=receiving,
            source="officer",
            lead_officer=officer,
            status="support_agreed",
            needs_analysis="Reading and writing at the end of key stage 2 are below the LA average; middle leaders are new.",
            evidence="KS2 results and the last inspection.",
            school_view="The school wants help to develop its English lead.",
        ),
        actor=None,
        reason=REASON,
    )
    agreement = save_with_history(
        SupportAgreement(
            case=case,
            provider_type="system_leader",
            provider_leader=leader,
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=150),
            days=Decimal("5"),
            cost=Decimal("1750"),
            funding="partnership_budget",
            status=AgreementStatus.AGREED,
            agreed_by=head,
            agreed_at=timezone.now() - dt.timedelta(days=31),
        ),
        actor=None,
        reason=REASON,
    )
    leader.committed_days += agreement.days
    save_with_history(leader, actor=None, reason=REASON)
    objective = save_with_history(
        Objective(
            agreement=agreement,
            description="Develop the English lead so that reading is taught consistently",
            outcome_measure="Reading at the expected standard rises to the LA average",
            target_date=today + dt.timedelta(days=140),
        ),
        actor=None,
        reason=REASON,
    )
    # The first review, held three weeks ago and quality-assured, rated the objective on track.
    first_review = save_with_history(
        ProgressReview(
            agreement=agreement,
            due_on=today - dt.timedelta(days=21),
            held_on=today - dt.timedelta(days=21),
            status=ReviewStatus.QUALITY_ASSURED,
            summary="The English lead has audited reading across the school and has a plan.",
            rated_by=leader_user,
            qa_judgement=QaJudgement.SECURE,
            qa_by=officer,
            qa_on=today - dt.timedelta(days=14),
        ),
        actor=None,
        reason=REASON,
    )
    save_with_history(
        ObjectiveRating(review=first_review, objective=objective, rating=Rating.ON_TRACK),
        actor=None,
        reason=REASON,
    )
    save_with_history(ProgressReview(agreement=agreement, due_on=today), actor=None, reason=REASON)
    add_demo_brief(case=case, officer=officer, head=head)


def add_demo_brief(*, case, officer, head) -> None:
    """This term's brief for the school's governors, prepared by the lead officer and approved by the
    headteacher, so that the demo governor (a governor of the same school) reads it on their home
    page, with the message that told them of it."""
    from partnership.access import partnership_context_for
    from support.services.briefs import brief_approve, brief_prepare

    brief = brief_prepare(
        actor=officer, ctx=partnership_context_for(officer, case.partnership.slug), case=case
    )
    brief_approve(
        actor=head,
        ctx=partnership_context_for(head, case.partnership.slug),
        brief=brief,
        note="Our English lead is working with a local leader of education this term. Ask me about it at "
        "the next full governing board meeting.",
    )
