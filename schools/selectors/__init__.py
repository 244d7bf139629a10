"""Reads of the schools app, scoped to the person and partnership asking."""

from .imports import import_run_for, import_runs
from .leaders import leader_for, leader_list
from .listing import SchoolFilters, filter_choices, partnership_schools, school_choices, school_list
from .needs import (
    NeedsFilters,
    effective_trigger_settings,
    flag_for,
    flags_for_school,
    la_averages_ks2,
    la_averages_ks4,
    needs_filter_choices,
    needs_list,
    open_flags,
)
from .networks import (
    membership_for,
    network_choices,
    network_for,
    network_list,
    network_members,
    network_outcomes,
    network_page,
)
from .profile import inspections_for, memberships_for, results_for, school_profile
from .register import (
    my_schools,
    people_who_could_be_granted,
    records_grant_for,
    records_grants,
    school_for,
    school_for_history,
    schools_without_headteacher_count,
)

__all__ = [
    "SchoolFilters",
    "effective_trigger_settings",
    "filter_choices",
    "flag_for",
    "flags_for_school",
    "import_run_for",
    "import_runs",
    "inspections_for",
    "la_averages_ks2",
    "la_averages_ks4",
    "leader_for",
    "leader_list",
    "memberships_for",
    "my_schools",
    "network_choices",
    "network_for",
    "network_list",
    "membership_for",
    "network_members",
    "network_outcomes",
    "network_page",
    "NeedsFilters",
    "needs_filter_choices",
    "needs_list",
    "open_flags",
    "partnership_schools",
    "people_who_could_be_granted",
    "records_grant_for",
    "records_grants",
    "results_for",
    "school_choices",
    "school_for",
    "school_for_history",
    "school_list",
    "school_profile",
    "schools_without_headteacher_count",
]
