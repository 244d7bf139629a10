"""Who sees which cases and agreements: the one place these rules live.

- LA administrators and officers: every case in the partnership.
- The receiving school's headteacher and school staff: their own school's cases.
- Board members: totals only (small cells suppressed), and the cases the LA has shared with the
  board, of schools whose consent in force covers support casework.
- Partners such as dioceses and trusts: cases of schools whose consent in force covers support
  casework (partnership.consent). Withdrawal or a new version of the agreement ends it at once.
- A provider: only the agreements they deliver, and the parts of the case those need. The school
  agreed that support with that provider, which is its consent to share what the support needs
  (docs/decisions/0012).
- Anyone else: nothing, and a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from partnership.access import NotVisible, PartnershipContext
from partnership.consent import schools_consenting_for
from partnership.models import LA_ROLES, DataCategory, Role
from support.models import SupportAgreement, SupportCase

RECEIVING_ROLES = (Role.HEADTEACHER, Role.SCHOOL_STAFF)
# Who may open the support pages at all; what each of them sees is decided below.
CASE_ROLES = LA_ROLES | {Role.HEADTEACHER, Role.SCHOOL_STAFF, Role.BOARD_MEMBER, Role.PARTNER}


def visible_cases(ctx: PartnershipContext) -> QuerySet[SupportCase]:
    cases = SupportCase.objects.filter(partnership=ctx.partnership)
    if ctx.is_la:
        return cases
    rule = Q(pk__in=[])
    own = ctx.school_ids(*RECEIVING_ROLES)
    if own:
        rule |= Q(school_id__in=own)
    consenting = schools_consenting_for(ctx, DataCategory.SUPPORT)
    if consenting and Role.BOARD_MEMBER in ctx.roles:
        rule |= Q(shared_with_board=True, school_id__in=consenting)
    if consenting and Role.PARTNER in ctx.roles:
        rule |= Q(school_id__in=consenting)
    return cases.filter(rule)


def provided_agreements(ctx: PartnershipContext) -> QuerySet[SupportAgreement]:
    """Agreements this person delivers: as the system leader named, or for their own school."""
    rule = Q(provider_leader__user_id=ctx.user_id)
    own = ctx.school_ids(*RECEIVING_ROLES)
    if own:
        rule |= Q(provider_school_id__in=own)
    return SupportAgreement.objects.filter(case__partnership=ctx.partnership).filter(rule)


def visible_agreements(ctx: PartnershipContext) -> QuerySet[SupportAgreement]:
    if ctx.is_la:
        return SupportAgreement.objects.filter(case__partnership=ctx.partnership)
    return SupportAgreement.objects.filter(
        Q(case__in=visible_cases(ctx)) | Q(pk__in=provided_agreements(ctx).values("pk"))
    )


def case_for(ctx: PartnershipContext, case_id: int) -> SupportCase:
    case = (
        visible_cases(ctx)
        .filter(pk=case_id)
        .select_related("school", "lead_officer", "source_flag")
        .prefetch_related("priorities")
        .first()
    )
    if case is None:
        raise NotVisible(f"support case {case_id} is not visible in {ctx.partnership.slug}")
    return case


def agreement_for(ctx: PartnershipContext, agreement_id: int) -> SupportAgreement:
    agreement = (
        visible_agreements(ctx)
        .filter(pk=agreement_id)
        .select_related(
            "case__school",
            "case__lead_officer",
            "provider_school",
            "provider_leader__user",
            "provider_network",
            "agreed_by",
            "justified_by",
        )
        .prefetch_related("priorities")
        .first()
    )
    if agreement is None:
        raise NotVisible(f"agreement {agreement_id} is not visible in {ctx.partnership.slug}")
    return agreement


def is_provider(ctx: PartnershipContext, agreement: SupportAgreement) -> bool:
    if agreement.provider_leader_id and agreement.provider_leader.user_id == ctx.user_id:
        return True
    return bool(
        agreement.provider_school_id and agreement.provider_school_id in ctx.school_ids(*RECEIVING_ROLES)
    )


def is_receiving_head(ctx: PartnershipContext, case: SupportCase) -> bool:
    return case.school_id in ctx.school_ids(Role.HEADTEACHER)


def is_receiving_school(ctx: PartnershipContext, case: SupportCase) -> bool:
    return case.school_id in ctx.school_ids(*RECEIVING_ROLES)


def sees_whole_case(ctx: PartnershipContext, case: SupportCase) -> bool:
    """The same rule as visible_cases, for one case already in hand. Providers see only their
    agreements; everyone who may see the case itself sees it whole."""
    if ctx.is_la or case.school_id in ctx.school_ids(*RECEIVING_ROLES):
        return True
    if case.school_id not in schools_consenting_for(ctx, DataCategory.SUPPORT):
        return False
    return Role.PARTNER in ctx.roles or (Role.BOARD_MEMBER in ctx.roles and case.shared_with_board)
