from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.services import ServiceError, notify
from support import rules
from support.models import Action, ActionLogEntry, Objective, ProviderLink, SupportAgreement, Visit
from support.models.agreements import AgreementStatus, ConflictStatus, LogKind, ProviderType, VisitStatus
from support.models.cases import CaseStatus
from support.models.reviews import ProgressReview

from .cases import _refuse_if_closed, headteachers_of, set_status
from .conflicts import conflicts_for


class ConflictFound(ServiceError):
    def __init__(self, reasons: list[str]):
        super().__init__(
            "A conflict of interest was found. Record why the assignment is still right, or choose another provider"
        )
        self.reasons = reasons


def agreement_link(agreement: SupportAgreement) -> str:
    return reverse(
        "support:agreement",
        kwargs={"partnership_slug": agreement.case.partnership.slug, "agreement_id": agreement.pk},
    )


def _provider_people(agreement: SupportAgreement):
    if agreement.provider_leader_id and agreement.provider_leader.user_id:
        return [agreement.provider_leader.user]
    if agreement.provider_school_id:
        return headteachers_of(agreement.case.partnership, agreement.provider_school_id)
    return []


def _refuse_if_ended(agreement: SupportAgreement) -> None:
    _refuse_if_closed(agreement.case)
    if agreement.status == AgreementStatus.ENDED:
        raise ServiceError("This agreement has ended, so it cannot be changed")


@transaction.atomic
def agreement_create(
    *,
    actor,
    ctx: PartnershipContext,
    case,
    agreement: SupportAgreement,
    priorities,
    objectives: list[dict],
    justification: str,
    reason: str,
) -> SupportAgreement:
    """Assign a provider to a case, after the conflict-of-interest check. A conflict blocks the
    assignment unless an LA officer records why it is still right."""
    rules.require_caseworker(ctx)
    _refuse_if_closed(case)
    agreement.case = case
    kind = agreement.provider_type
    needed = {
        ProviderType.SCHOOL: ("provider_school", "Choose the school that will give support"),
        ProviderType.SYSTEM_LEADER: ("provider_leader", "Choose the system leader"),
        ProviderType.TEACHING_SCHOOL_ALLIANCE: ("provider_network", "Choose the teaching school alliance"),
        ProviderType.TRUST: ("provider_network", "Choose the trust"),
        ProviderType.LA_TRADED_SERVICE: ("provider_name", "Name the LA traded service"),
        ProviderType.EXTERNAL_AGENCY: ("provider_name", "Name the external agency"),
    }
    field, message = needed[kind]
    if not getattr(agreement, field if field == "provider_name" else f"{field}_id"):
        raise ServiceError(message, field=field)
    for other in {"provider_school", "provider_leader", "provider_network", "provider_name"} - {field}:
        setattr(agreement, other, "" if other == "provider_name" else None)
    if agreement.ends_on < agreement.starts_on:
        raise ServiceError("The end date must be the same as or after the start date", field="ends_on")
    if agreement.cost < 0:
        raise ServiceError("The cost cannot be negative", field="cost")
    if agreement.days <= 0:
        raise ServiceError("Enter the days of support, more than 0", field="days")
    leader = agreement.provider_leader
    if leader is not None:
        if leader.partnership_id != ctx.partnership.pk:
            raise ServiceError(
                "Choose a system leader from the partnership's directory", field="provider_leader"
            )
        if agreement.days > leader.available_days:
            raise ServiceError(
                f"{leader.full_name} has {leader.available_days:.1f} days left this term; this agreement needs {agreement.days:.1f}",
                field="days",
            )
    if agreement.provider_network_id and agreement.provider_network.partnership_id != ctx.partnership.pk:
        raise ServiceError("Choose one of the partnership's networks", field="provider_network")
    reasons = conflicts_for(receiving=case.school, provider_school=agreement.provider_school, leader=leader)
    if reasons and not justification.strip():
        raise ConflictFound(reasons)
    agreement.conflicts_found = "\n".join(reasons)
    if reasons:
        agreement.conflict_status = ConflictStatus.JUSTIFIED
        agreement.conflict_justification = justification.strip()
        agreement.justified_by = actor
    save_with_history(agreement, actor=actor, reason=reason)
    agreement.priorities.set(priorities)
    for item in objectives:
        save_with_history(Objective(agreement=agreement, **item), actor=actor, reason=reason)
    if leader is not None:
        leader.committed_days += agreement.days
        save_with_history(leader, actor=actor, reason=f"Assigned to support {case.school.name}")
    notify(
        users=[*_provider_people(agreement), *headteachers_of(ctx.partnership, case.school_id)],
        partnership=ctx.partnership,
        text=f"{agreement.provider_label} is proposed to support {case.school.name}. The school's headteacher is asked to agree it.",
        link=agreement_link(agreement),
    )
    return agreement


@transaction.atomic
def agreement_agree(*, actor, ctx: PartnershipContext, agreement: SupportAgreement) -> SupportAgreement:
    """The receiving school's headteacher agrees the support (the vision: 'in agreement with the school')."""
    rules.require_receiving_head(ctx, agreement.case, "agrees the support")
    _refuse_if_ended(agreement)
    # A double submission waits here for the first, then finds the agreement already agreed.
    current = SupportAgreement.objects.select_for_update().get(pk=agreement.pk)
    if current.status != AgreementStatus.DRAFT or agreement.status != AgreementStatus.DRAFT:
        raise ServiceError("This agreement has already been agreed")
    agreement.status = AgreementStatus.AGREED
    agreement.agreed_by, agreement.agreed_at = actor, timezone.now()
    save_with_history(agreement, actor=actor, reason="Agreed by the school")
    first_review = agreement.starts_on + dt.timedelta(weeks=agreement.review_every_weeks)
    save_with_history(
        ProgressReview(agreement=agreement, due_on=first_review), actor=actor, reason="First review"
    )
    if agreement.case.status in {CaseStatus.IDENTIFIED, CaseStatus.NEEDS_ANALYSED}:
        set_status(
            agreement.case, CaseStatus.SUPPORT_AGREED, actor=actor, reason="The school agreed the support"
        )
    notify(
        users=[agreement.case.lead_officer, *_provider_people(agreement)],
        partnership=ctx.partnership,
        text=f"{agreement.case.school.name} has agreed the support from {agreement.provider_label}.",
        link=agreement_link(agreement),
    )
    return agreement


def agreement_end(*, actor, agreement: SupportAgreement, reason: str) -> None:
    if agreement.status == AgreementStatus.ENDED:
        return
    agreement.status = AgreementStatus.ENDED
    save_with_history(agreement, actor=actor, reason=reason)
    leader = agreement.provider_leader
    if leader is not None:
        leader.committed_days = max(leader.committed_days - agreement.days, Decimal("0"))
        save_with_history(leader, actor=actor, reason=f"Support for {agreement.case.school.name} ended")


@transaction.atomic
def objective_add(
    *, actor, ctx, agreement, description: str, outcome_measure: str, target_date, reason: str
) -> Objective:
    rules.require_caseworker(ctx)
    _refuse_if_ended(agreement)
    return save_with_history(
        Objective(
            agreement=agreement,
            description=description,
            outcome_measure=outcome_measure,
            target_date=target_date,
        ),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def action_add(*, actor, ctx, agreement, description: str, owner: str, due_on, reason: str) -> Action:
    rules.require_plan_keeper(ctx, agreement, "change the plan")
    _refuse_if_ended(agreement)
    return save_with_history(
        Action(agreement=agreement, description=description, owner=owner, due_on=due_on),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def action_done(*, actor, ctx, action: Action, done_on, reason: str) -> Action:
    rules.require_plan_keeper(ctx, action.agreement, "change the plan")
    _refuse_if_ended(action.agreement)
    if done_on > timezone.localdate():
        raise ServiceError("The date it was done cannot be in the future", field="done_on")
    action.done_on = done_on
    return save_with_history(action, actor=actor, reason=reason)


@transaction.atomic
def visit_propose(*, actor, ctx, agreement, visit_on, purpose: str) -> Visit:
    rules.require_provider(ctx, agreement, "proposes visits")
    _refuse_if_ended(agreement)
    if agreement.status != AgreementStatus.AGREED:
        raise ServiceError("Visits can be proposed once the school has agreed the support")
    if visit_on < timezone.localdate():
        raise ServiceError("A visit is arranged in advance: choose a date from today", field="visit_on")
    visit = save_with_history(
        Visit(agreement=agreement, visit_on=visit_on, purpose=purpose, proposed_by=actor),
        actor=actor,
        reason="Visit proposed",
    )
    notify(
        users=headteachers_of(ctx.partnership, agreement.case.school_id),
        partnership=ctx.partnership,
        text=f"{agreement.provider_label} proposes to visit {agreement.case.school.name} on {visit_on:%-d %B %Y}. Please accept or decline.",
        link=agreement_link(agreement),
    )
    return visit


@transaction.atomic
def visit_answer(*, actor, ctx, visit: Visit, accept: bool, comment: str) -> Visit:
    rules.require_receiving_head(ctx, visit.agreement.case, "answers a proposed visit")
    _refuse_if_ended(visit.agreement)
    if visit.status != VisitStatus.PROPOSED:
        raise ServiceError("This visit has already been answered")
    visit.status = VisitStatus.ACCEPTED if accept else VisitStatus.DECLINED
    visit.answered_by, visit.school_comment = actor, comment
    save_with_history(
        visit, actor=actor, reason="Accepted by the school" if accept else "Declined by the school"
    )
    notify(
        users=[visit.proposed_by],
        partnership=ctx.partnership,
        text=f"{visit.agreement.case.school.name} has {'accepted' if accept else 'declined'} the visit on {visit.visit_on:%-d %B %Y}.",
        link=agreement_link(visit.agreement),
    )
    return visit


@transaction.atomic
def log_add(*, actor, ctx, agreement, entry: ActionLogEntry, visit: Visit | None = None) -> ActionLogEntry:
    """The provider logs a piece of support. A visit can be logged only once the school accepted it."""
    rules.require_provider(ctx, agreement, "logs the support they gave")
    _refuse_if_ended(agreement)
    if agreement.status != AgreementStatus.AGREED:
        raise ServiceError("Support can be logged once the school has agreed it")
    if entry.happened_on > timezone.localdate():
        raise ServiceError("The date cannot be in the future", field="happened_on")
    if entry.hours is None or entry.hours <= 0:
        raise ServiceError("Enter the time spent, more than 0 hours", field="hours")
    if visit is not None:
        if visit.agreement_id != agreement.pk or visit.status != VisitStatus.ACCEPTED:
            raise ServiceError("Only a visit the school has accepted can be logged")
        entry.kind, entry.visit = LogKind.VISIT, visit
        visit.status = VisitStatus.LOGGED
        save_with_history(visit, actor=actor, reason="Logged")
    entry.agreement, entry.logged_by = agreement, actor
    save_with_history(entry, actor=actor, reason="Support logged")
    if agreement.case.status == CaseStatus.SUPPORT_AGREED:
        set_status(agreement.case, CaseStatus.IN_DELIVERY, actor=actor, reason="The first support was logged")
    return entry


@transaction.atomic
def provider_link_declare(
    *, actor, ctx: PartnershipContext, leader, school, nature: str, details: str
) -> ProviderLink:
    """A system leader's declared link with a school, which the conflict-of-interest check reads.
    The LA records it, or the system leader declares it themselves."""
    from support.models.links import LinkNature

    rules.require_link_declarer(ctx, leader)
    if leader.partnership_id != ctx.partnership.pk or school.la_code not in ctx.partnership.la_codes:
        raise ServiceError("Choose one of the partnership's schools", field="school")
    if nature not in LinkNature.values:
        raise ServiceError("Select the kind of link", field="nature")
    if ProviderLink.objects.filter(leader=leader, school=school, nature=nature).exists():
        raise ServiceError("This link has already been declared", field="school")
    return save_with_history(
        ProviderLink(leader=leader, school=school, nature=nature, details=details),
        actor=actor,
        reason="Declared a link",
    )
