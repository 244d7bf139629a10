"""Where a partner's view of a school's confidential records depends on the school's consent.

The LA keeps its statutory view whatever the consent, and a school always sees its own records.
Everyone else who is a recipient under the data-sharing agreement (partner organisations such as
dioceses and trusts, and board members for what the LA shares with the board) sees a school's
records of a category only while that school's consent to the current version, for that
category, is in force. The rule is asked on every request, so a withdrawal takes effect at once.
"""

from __future__ import annotations

from django.db.models import Q

from . import rules
from .access import PartnershipContext
from .models import SchoolConsent, SharingAgreement


def current_agreement(partnership) -> SharingAgreement | None:
    """The latest published version: publishing a new one supersedes every earlier consent."""
    return (
        SharingAgreement.objects.filter(partnership=partnership, status=SharingAgreement.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )


def consents_in_force(partnership):
    """Consents to the partnership's current version, signed by both and not withdrawn."""
    consents = SchoolConsent.objects.filter(
        agreement__partnership=partnership,
        agreement__status=SharingAgreement.Status.PUBLISHED,
        withdrawn_at__isnull=True,
        head_signed_at__isnull=False,
        chair_signed_at__isnull=False,
    ).exclude(
        # Superseded: a later version of the same partnership's agreement has been published.
        Q(
            agreement__version__lt=SharingAgreement.objects.filter(
                partnership=partnership, status=SharingAgreement.Status.PUBLISHED
            )
            .order_by("-version")
            .values("version")[:1]
        )
    )
    return consents


def consenting_school_ids(partnership, category: str) -> set[int]:
    """Ids of schools whose consent in force covers `category`. One query.

    The categories are a short list on each consent; they are checked here rather than in SQL
    because SQLite, which the demo runs on, has no JSON containment lookup."""
    rows = consents_in_force(partnership).values_list("school_id", "categories")
    return {school_id for school_id, categories in rows if category in (categories or [])}


def schools_consenting_for(ctx: PartnershipContext, category: str) -> set[int]:
    """Ids of schools whose consent in force lets this person see `category` data about them.

    Only recipients under the agreement (rules.RECIPIENT_ROLES) are given any; for anyone else this
    costs no query."""
    if not rules.receives_under_consent(ctx):
        return set()
    return consenting_school_ids(ctx.partnership, category)


def limited_to(school_ids, field: str = "school_id") -> Q:
    """A filter to the schools given (ids, or a subquery of them, such as those whose consent covers
    a category), through `field`; no limit at all when `school_ids` is None."""
    return Q() if school_ids is None else Q(**{f"{field}__in": school_ids})
