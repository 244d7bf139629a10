"""Where a partner's view of a school's confidential records depends on the school's consent.

The data-sharing issue fills this in. Until then no partner outside the LA and the school itself
sees any school's confidential records through consent: the hook answers "no school".
"""

from __future__ import annotations

from collections.abc import Callable

from .access import PartnershipContext

_rule: Callable[[PartnershipContext, str], set[int]] | None = None


def register(rule: Callable[[PartnershipContext, str], set[int]]) -> None:
    global _rule
    _rule = rule


def schools_consenting_for(ctx: PartnershipContext, category: str) -> set[int]:
    """Ids of schools whose consent in force lets this person see `category` data about them."""
    return _rule(ctx, category) if _rule else set()
