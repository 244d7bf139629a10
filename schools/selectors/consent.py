"""Which schools have consented to the data-sharing agreement, for the LA and for each school."""

from __future__ import annotations

from dataclasses import dataclass

from partnership.access import NotVisible, PartnershipContext
from partnership.consent import current_agreement
from partnership.models import SCHOOL_OFFICES, Role, RoleAssignment, SchoolConsent, SharingAgreement
from partnership.selectors.people import people_with_role
from schools import rules
from schools.models import School

from .listing import partnership_schools
from .register import school_for

STATUSES = {
    "in_force": ("Consent in force", "govuk-tag--green"),
    "awaiting_chair": ("Waiting for the chair of governors", "govuk-tag--yellow"),
    "awaiting_head": ("Waiting for the headteacher", "govuk-tag--yellow"),
    "withdrawn": ("Consent withdrawn", "govuk-tag--red"),
    "earlier_version": ("Consented to an earlier version", "govuk-tag--orange"),
    "none": ("Not consented", "govuk-tag--grey"),
}


@dataclass
class ConsentState:
    school: School
    agreement: SharingAgreement | None
    consent: SchoolConsent | None
    status: str

    @property
    def label(self) -> str:
        return STATUSES[self.status][0]

    @property
    def tag_class(self) -> str:
        return STATUSES[self.status][1]

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"


def _status(consent: SchoolConsent | None, withdrawn: bool, earlier: bool) -> str:
    if consent is not None:
        if consent.is_signed:
            return "in_force"
        return "awaiting_chair" if consent.head_signed_at else "awaiting_head"
    if withdrawn:
        return "withdrawn"
    return "earlier_version" if earlier else "none"


def _state_of(
    school: School, agreement: SharingAgreement | None, consents: list[SchoolConsent]
) -> ConsentState:
    """One school's state, from all its consents in the partnership (each with its agreement)."""
    current = [c for c in consents if agreement and c.agreement_id == agreement.pk]
    open_consent = next((c for c in current if c.withdrawn_at is None), None)
    withdrawn = any(c.withdrawn_at for c in current)
    earlier = any(c.is_signed and agreement and c.agreement.version < agreement.version for c in consents)
    return ConsentState(school, agreement, open_consent, _status(open_consent, withdrawn, earlier))


def _consents_by_school(ctx: PartnershipContext, schools: list[School]) -> dict[int, list[SchoolConsent]]:
    """Every consent of these schools in the partnership, newest first: one query."""
    by_school: dict[int, list[SchoolConsent]] = {}
    consents = (
        SchoolConsent.objects.filter(
            agreement__partnership=ctx.partnership, school__in=[s.pk for s in schools]
        )
        .select_related("agreement")
        .order_by("-agreement__version", "-id")
    )
    for consent in consents:
        by_school.setdefault(consent.school_id, []).append(consent)
    return by_school


def school_consent_state(ctx: PartnershipContext, school: School) -> ConsentState:
    if not rules.may_see_consent(ctx, school):
        raise NotVisible(f"no sight of school {school.urn}'s consent")
    agreement = current_agreement(ctx.partnership)
    consents = list(
        SchoolConsent.objects.filter(school=school, agreement__partnership=ctx.partnership)
        .select_related("agreement", "head_signed_by", "chair_signed_by", "withdrawn_by")
        .order_by("-agreement__version", "-id")
    )
    state = _state_of(school, agreement, consents)
    state.past = [c for c in consents if c is not state.consent]
    return state


def school_offices(ctx: PartnershipContext, school: School) -> list[RoleAssignment]:
    """The school's chair of governors and trust's delegate, today's and any recorded to start
    later, with each person: one query."""
    return list(
        RoleAssignment.objects.not_ended()
        .filter(partnership=ctx.partnership, school=school, role__in=sorted(SCHOOL_OFFICES))
        .select_related("user")
        .order_by("role", "starts_on")
    )


def school_governors(ctx: PartnershipContext, school: School):
    """The school's governors today, by name: those who may be recorded as its chair."""
    rules.require_sight_of_chair_form(ctx, school)
    return (
        people_with_role(ctx.partnership, Role.GOVERNOR, school=school)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )


def school_consent_page(ctx: PartnershipContext, urn: int) -> tuple[School, ConsentState]:
    """A school's consent page: the school, and its consent state (a 404 to whoever may not see it)."""
    school = school_for(ctx, urn)
    state = school_consent_state(ctx, school)
    state.offices = school_offices(ctx, school)
    return school, state


def consent_dashboard(ctx: PartnershipContext) -> tuple[SharingAgreement | None, list[ConsentState]]:
    """Every open school in the partnership with its consent to the current version. Three queries."""
    rules.require_la_sight(ctx)
    agreement = current_agreement(ctx.partnership)
    schools = list(
        partnership_schools(ctx)
        .filter(status__istartswith="open")
        .only("pk", "urn", "name", "phase")
        .order_by("name")
    )
    by_school = _consents_by_school(ctx, schools)
    return agreement, [_state_of(school, agreement, by_school.get(school.pk, [])) for school in schools]


def my_schools_consent(
    ctx: PartnershipContext, schools: list[School]
) -> tuple[SharingAgreement | None, dict]:
    """The consent state of each of the person's own schools, by school id. Two queries."""
    agreement = current_agreement(ctx.partnership)
    if agreement is None or not schools:
        return agreement, {}
    by_school = _consents_by_school(ctx, schools)
    states = {}
    for school in schools:
        state = _state_of(school, agreement, by_school.get(school.pk, []))
        state.needs_my_signature = rules.awaits_signature(ctx, school, state.consent)
        states[school.pk] = state
    return agreement, states
