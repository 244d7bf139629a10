"""A school's consent to the data-sharing agreement: signing, withdrawing, and reminding.

The headteacher and the chair of governors (or the trust's delegate) each sign. The first to sign
chooses the kinds of data (where the agreement allows a choice); the second countersigns the same
choice. The consent is in force from the second signature until it is withdrawn or a new version of
the agreement is published. Partners' access is worked out from it on every request
(partnership.consent), so signing and withdrawing take effect at once.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.consent import current_agreement
from partnership.models import DataCategory, MessageKind, SchoolConsent, SharingAgreement, User
from partnership.selectors.people import people_with_role
from partnership.services import ServiceError, notify
from schools import rules
from schools.models import School


class ConsentChanged(ServiceError):
    """Someone else signed or withdrew while this signer was reading the page."""


def _name_key(name: str) -> str:
    """A name as compared for a signature: letters only, in any case and any accents, with the
    spaces, hyphens, full stops and apostrophes between them disregarded."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W\d_]+", letters))


def signature_matches(typed: str, person: User) -> bool:
    """Whether a typed signature is the signer's own name as the portal holds it."""
    key = _name_key(typed)
    return bool(key) and key.replace(" ", "") == _name_key(person.full_name).replace(" ", "")


@transaction.atomic
def consent_sign(
    *,
    actor: User,
    ctx: PartnershipContext,
    school: School,
    agreement: SharingAgreement,
    categories: list[str],
    signed_name: str,
    consent_seen: int | None = None,
) -> SchoolConsent:
    capacity = rules.require_signer(ctx, school)
    current = current_agreement(ctx.partnership)
    if current is None or current.pk != agreement.pk:
        raise ServiceError(
            "This version of the agreement has been superseded. Read the current version and consent to that"
        )
    # Lock the school itself, so that the head and the chair signing first at the same moment take
    # turns instead of both making a consent.
    School.objects.select_for_update().filter(pk=school.pk).first()
    consent = (
        SchoolConsent.objects.select_for_update()
        .filter(agreement=agreement, school=school, withdrawn_at__isnull=True)
        .first()
    )
    if (consent.pk if consent else None) != consent_seen:
        raise ConsentChanged(
            "The school's consent changed while you were reading this page. Check what is being "
            "consented to now, then sign"
        )
    if consent is None:
        chosen = [c for c, _ in DataCategory.choices if c in categories and c in agreement.categories]
        if not agreement.partial_consent_allowed:
            chosen = list(agreement.categories)
        if not chosen:
            raise ServiceError(
                "Select at least one kind of data your school agrees to share", field="categories"
            )
        consent = SchoolConsent(agreement=agreement, school=school, categories=chosen)
    name = " ".join(signed_name.split())
    if not name:
        raise ServiceError("Type your full name to sign", field="signed_name")
    if not signature_matches(name, actor):
        raise ServiceError(
            f"Type your name as the portal holds it, {actor.full_name}. If that is not your name, "
            "ask the LA to correct it before you sign",
            field="signed_name",
        )
    now = timezone.now()
    if capacity == "head":
        if consent.head_signed_at:
            raise ServiceError("The headteacher has already signed for this school")
        consent.head_signed_by, consent.head_signed_name, consent.head_signed_at = actor, name, now
    else:
        if consent.chair_signed_at:
            raise ServiceError(
                "The chair of governors or the trust's delegate has already signed for this school"
            )
        # The capacity is the office the signer holds today, never a choice they make.
        consent.chair_signed_by, consent.chair_signed_name, consent.chair_signed_at = actor, name, now
        consent.chair_capacity = (
            SchoolConsent.ChairCapacity.CHAIR
            if capacity == "chair"
            else SchoolConsent.ChairCapacity.TRUST_DELEGATE
        )
    if consent.is_signed:
        consent.in_force_from = now
    who = "headteacher" if capacity == "head" else consent.get_chair_capacity_display().lower()
    save_with_history(consent, actor=actor, reason=f"Signed by the {who} for version {agreement.version}")
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, ctx: PartnershipContext, consent: SchoolConsent, reason: str
) -> SchoolConsent:
    consent = SchoolConsent.objects.select_for_update().get(pk=consent.pk)
    rules.require_withdrawer(ctx, consent.school)
    if consent.withdrawn_at is not None:
        raise ServiceError("This consent has already been withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_reason = reason
    return save_with_history(consent, actor=actor, reason=reason)


def consent_reminders_send(*, actor: User, ctx: PartnershipContext, schools: list[School]) -> int:
    """Notify the headteacher and the chair of governors or trust's delegate of each school without consent in force. Returns how
    many people were told."""
    agreement = current_agreement(ctx.partnership)
    if agreement is None:
        raise ServiceError("There is no published agreement to consent to yet")
    rows = (
        people_with_role(ctx.partnership, *rules.SIGNATORY_ROLES, school=schools)
        .filter(user__is_active=True)
        .select_related("user", "school")
    )
    people = {row.user.pk: row.user for row in rows}
    link = reverse(
        "partnership:sharing-version",
        kwargs={"partnership_slug": ctx.partnership.slug, "version": agreement.version},
    )
    notify(
        kind=MessageKind.DATA_SHARING,
        users=list(people.values()),
        partnership=ctx.partnership,
        text=f"Reminder: your school has not yet consented to version {agreement.version} of the data-sharing agreement. "
        "Partners cannot see your school's shared data until the headteacher and the chair of governors both sign.",
        link=link,
    )
    return len(people)
