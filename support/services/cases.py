from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import delete_with_history, save_or_refuse, save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, notify
from support import rules
from support.models import CaseWatch, Escalation, SupportCase
from support.models.cases import OPEN_STATUSES, CaseSource, CaseStatus, Closure, ClosureReason
from support.selectors.cases import governors_of, headteachers_of

OUTCOMES = {"met", "partly_met", "not_met"}


def _refuse_if_closed(case: SupportCase) -> None:
    if case.is_closed:
        raise ServiceError(
            "This case is closed, so it cannot be changed. Open a new case if support is needed again"
        )


def set_status(case: SupportCase, status: str, *, actor, reason: str) -> None:
    """Change a case's status; its history records who, when and why."""
    if case.status == status:
        return
    case.status = status
    save_with_history(case, actor=actor, reason=reason)


def case_link(case: SupportCase) -> str:
    return reverse("support:case", kwargs={"partnership_slug": case.partnership.slug, "case_id": case.pk})


@transaction.atomic
def case_open(
    *, actor, ctx: PartnershipContext, school, source: str, lead_officer, flag=None, reason: str
) -> SupportCase:
    rules.require_caseworker(ctx)
    if school.la_code not in ctx.partnership.la_codes:
        raise ServiceError("Choose one of the partnership's schools", field="school")
    if source not in CaseSource.values:
        raise ServiceError("Say where the case came from", field="source")
    if not rules.may_lead_cases(lead_officer, ctx.partnership):
        raise ServiceError("The lead officer must be an LA officer of the partnership", field="lead_officer")

    def already_open() -> ServiceError | None:
        if SupportCase.objects.filter(
            partnership=ctx.partnership, school=school, status__in=OPEN_STATUSES
        ).exists():
            return ServiceError(
                f"{school.name} already has an open case. Add an agreement to it instead", field="school"
            )
        return None

    if error := already_open():
        raise error
    if flag is not None and (flag.partnership_id != ctx.partnership.pk or flag.school_id != school.pk):
        raise ServiceError("That flag is not this school's")
    # The database keeps one open case per school: a second request at the same moment is refused
    # with the same message, not an error page.
    case = save_or_refuse(
        SupportCase(
            partnership=ctx.partnership,
            school=school,
            source=source,
            source_flag=flag,
            lead_officer=lead_officer,
        ),
        actor=actor,
        reason=reason,
        refusal=already_open,
    )
    if lead_officer.pk != actor.pk:
        notify(
            kind=MessageKind.SUPPORT,
            users=[lead_officer],
            partnership=ctx.partnership,
            text=f"You lead a new support case for {school.name}.",
            link=case_link(case),
        )
    return case


@transaction.atomic
def case_needs_save(
    *,
    actor,
    ctx: PartnershipContext,
    case: SupportCase,
    needs_analysis: str,
    evidence: str,
    school_view: str,
    priorities,
    reason: str,
) -> SupportCase:
    rules.require_caseworker(ctx)
    _refuse_if_closed(case)
    if any(p.partnership_id != ctx.partnership.pk for p in priorities):
        raise ServiceError("Choose the partnership's own priorities", field="priorities")
    case.needs_analysis, case.evidence, case.school_view = needs_analysis, evidence, school_view
    if case.status == CaseStatus.IDENTIFIED and needs_analysis.strip():
        case.status = CaseStatus.NEEDS_ANALYSED
    save_with_history(case, actor=actor, reason=reason)
    case.priorities.set(priorities)
    return case


@transaction.atomic
def case_share_with_board(
    *, actor, ctx: PartnershipContext, case: SupportCase, shared: bool, reason: str
) -> SupportCase:
    rules.require_caseworker(ctx)
    _refuse_if_closed(case)
    case.shared_with_board = shared
    return save_with_history(case, actor=actor, reason=reason)


@transaction.atomic
def case_escalate(
    *,
    actor,
    ctx: PartnershipContext,
    case: SupportCase,
    reason: str,
    intervention: str,
    intervention_detail: str,
    decision_maker: str,
) -> Escalation:
    rules.require_caseworker(ctx)
    _refuse_if_closed(case)
    escalation = save_with_history(
        Escalation(
            case=case,
            reason=reason,
            intervention=intervention,
            intervention_detail=intervention_detail,
            decision_maker=decision_maker,
            escalated_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    set_status(case, CaseStatus.ESCALATED, actor=actor, reason=f"Escalated: {reason}")
    text = (
        f"The support case for {case.school.name} has been escalated: "
        f"{escalation.get_intervention_display().lower()}."
    )
    notify(
        kind=MessageKind.SUPPORT,
        users=[case.lead_officer, *headteachers_of(ctx.partnership, case.school_id)],
        partnership=ctx.partnership,
        text=text,
        link=case_link(case),
    )
    # The school's governors are told in the same words as its headteacher. They do not see the case
    # itself (support.rules), so their message links to nothing they cannot open.
    notify(
        kind=MessageKind.SUPPORT,
        users=governors_of(ctx.partnership, case.school_id),
        partnership=ctx.partnership,
        text=text,
    )
    return escalation


def delivery_so_far(case: SupportCase) -> tuple[int, int]:
    """How much support has happened: entries in the action logs, and reviews quality-assured."""
    from support.models import ActionLogEntry, ProgressReview
    from support.models.reviews import ReviewStatus

    logged = ActionLogEntry.objects.filter(agreement__case=case).count()
    assured = ProgressReview.objects.filter(agreement__case=case, status=ReviewStatus.QUALITY_ASSURED).count()
    return logged, assured


def cannot_complete_because(case: SupportCase) -> str:
    """Why a case cannot close as completed yet, or "" when it can."""
    logged, assured = delivery_so_far(case)
    missing = []
    if not logged:
        missing.append("no support has been logged")
    if not assured:
        missing.append("no review has been quality-assured")
    return " and ".join(missing)


@transaction.atomic
def case_close(
    *,
    actor,
    ctx: PartnershipContext,
    case: SupportCase,
    closure: str,
    closure_reason: str = "",
    impact_statement: str = "",
    evidence_before: str = "",
    evidence_after: str = "",
    outcomes: dict[int, str] | None = None,
    reason: str,
) -> SupportCase:
    """Close a case, telling the truth about how it ended. Support completed: each objective met,
    partly met or not met, with the impact and the evidence before and after, and only once support
    has been logged and a review quality-assured. Otherwise it closes without completion, for one of
    a short list of reasons, and no objective is said to be met."""
    from support.models import Objective
    from support.models.agreements import AgreementStatus

    rules.require_caseworker(ctx)
    _refuse_if_closed(case)
    if closure == Closure.COMPLETED:
        if why_not := cannot_complete_because(case):
            raise ServiceError(
                f"The support cannot be closed as completed: {why_not}. "
                "Close the case without completion instead, and say why",
                field="closure",
            )
        objectives = {o.pk: o for o in Objective.objects.filter(agreement__case=case)}
        outcomes = outcomes or {}
        if any(outcomes.get(pk) not in OUTCOMES for pk in objectives):
            raise ServiceError("Say whether each objective was met, partly met or not met")
        if not impact_statement.strip():
            raise ServiceError("Write the impact statement", field="impact_statement")
        for pk, objective in objectives.items():
            objective.outcome = outcomes[pk]
            save_with_history(objective, actor=actor, reason=reason)
        case.closure_reason = ""
    elif closure == Closure.WITHOUT_COMPLETION:
        if closure_reason not in ClosureReason.values:
            raise ServiceError("Say why the case is closing without completion", field="closure_reason")
        case.closure_reason = closure_reason
    else:
        raise ServiceError("Say how the case ended", field="closure")
    for agreement in case.agreements.exclude(status=AgreementStatus.ENDED):
        from .agreements import agreement_end

        agreement_end(actor=actor, agreement=agreement, reason="The case closed")
    case.impact_statement, case.evidence_before, case.evidence_after = (
        impact_statement,
        evidence_before,
        evidence_after,
    )
    case.closure = closure
    case.closed_on = timezone.localdate()
    case.status = CaseStatus.CLOSED
    label = "Closed" if closure == Closure.COMPLETED else "Closed without completion"
    return save_with_history(case, actor=actor, reason=f"{label}: {reason}")


@transaction.atomic
def case_watch(*, actor, ctx: PartnershipContext, case: SupportCase, watch: bool) -> None:
    rules.require_caseworker(ctx)
    existing = CaseWatch.objects.filter(case=case, user=actor).first()
    if watch and existing is None:
        save_with_history(CaseWatch(case=case, user=actor), actor=actor, reason="Added to the watchlist")
    elif not watch and existing is not None:
        delete_with_history(existing, actor=actor, reason="Taken off the watchlist")
