"""Reads of partnership data, always scoped to the person asking."""

from .access_log import AccessLogFilters, access_log_search, school_access_log
from .data_protection import retention_lines_for, retention_runs
from .messages import email_choices_of, my_messages
from .partnerships import partnership_for_history, partnerships_for_user
from .people import (
    PEOPLE_SORTS,
    people_ever_here,
    people_list,
    people_with_role,
    person_for,
    person_has_roles_elsewhere,
    role_for,
    role_for_history,
    school_choices,
)
from .priorities import priorities_for, priority_for
from .sharing import agreement_for_history

__all__ = [
    "AccessLogFilters",
    "PEOPLE_SORTS",
    "access_log_search",
    "agreement_for_history",
    "email_choices_of",
    "my_messages",
    "partnership_for_history",
    "partnerships_for_user",
    "people_ever_here",
    "people_list",
    "people_with_role",
    "person_for",
    "person_has_roles_elsewhere",
    "priorities_for",
    "priority_for",
    "retention_lines_for",
    "retention_runs",
    "role_for",
    "role_for_history",
    "school_access_log",
    "school_choices",
]
