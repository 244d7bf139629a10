"""Reads of support casework, scoped to the person asking. Support details are confidential."""

from .access import (
    CASE_ROLES,
    agreement_for,
    case_for,
    is_provider,
    is_receiving_head,
    is_receiving_school,
    provided_agreements,
    sees_whole_case,
    visible_agreements,
    visible_cases,
)
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
    "CASE_ROLES",
    "CaseFilters",
    "agreement_for",
    "agreements_provided",
    "board_totals",
    "case_for",
    "case_list",
    "is_provider",
    "is_receiving_head",
    "is_receiving_school",
    "officer_home",
    "provided_agreements",
    "provider_home",
    "school_home",
    "sees_whole_case",
    "team_view",
    "visible_agreements",
    "visible_cases",
]
