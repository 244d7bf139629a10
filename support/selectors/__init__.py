"""Reads of support casework, scoped to the person asking by support.rules. Support details are
confidential."""

from .agreements import agreement_for, declared_links, provided_agreements, visible_agreements
from .cases import case_for, visible_cases
from .lists import (
    CaseFilters,
    agreements_provided,
    board_totals,
    case_list,
    officer_home,
    provider_home,
    school_home,
    team_view,
)

__all__ = [
    "CaseFilters",
    "agreement_for",
    "agreements_provided",
    "board_totals",
    "case_for",
    "case_list",
    "declared_links",
    "officer_home",
    "provided_agreements",
    "provider_home",
    "school_home",
    "team_view",
    "visible_agreements",
    "visible_cases",
]
