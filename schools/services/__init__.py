"""Writes of the schools app, each with the acting person and a reason."""

from .imports import (
    import_run_process,
    import_run_start,
    inspections_load,
    performance_load,
    report_cards_load,
)
from .leaders import system_leader_save
from .needs import flag_dismiss, needs_flags_refresh, trigger_settings_save
from .networks import membership_add, membership_end, network_save
from .register import school_records_access_grant, school_records_access_revoke, schools_load

__all__ = [
    "flag_dismiss",
    "import_run_process",
    "import_run_start",
    "inspections_load",
    "membership_add",
    "membership_end",
    "needs_flags_refresh",
    "network_save",
    "performance_load",
    "report_cards_load",
    "school_records_access_grant",
    "school_records_access_revoke",
    "schools_load",
    "system_leader_save",
    "trigger_settings_save",
]
