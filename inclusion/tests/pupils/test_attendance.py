"""Recording a pupil's attendance: the reason kept, and bad input shown beside the field with nothing
saved (decision 0020)."""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion.models import AttendanceRecord
from tests.helpers import error_beside

from .conftest import summary_errors, url

# --- Attendance ------------------------------------------------------------------------------


def attendance_data(**changes) -> dict:
    return {
        "starts_on": "02/11/2026",
        "ends_on": "06/11/2026",
        "sessions_possible": "10",
        "sessions_attended": "7",
        "sessions_out_of_mainstream": "3",
        "reason": "Weekly return to the partnership",
        **changes,
    }


def test_partnership_staff_record_attendance_with_a_reason(world, client_for):
    pupil = world.pupils["y1"]
    response = client_for(world.people["partnership_staff"]).post(
        url("attendance-new", pupil_id=pupil.pk), attendance_data()
    )
    assert response.status_code == 302
    assert response["Location"] == url("pupil", pupil_id=pupil.pk) + "#attendance"
    record = AttendanceRecord.objects.get(pupil=pupil)
    assert (record.starts_on, record.ends_on) == (dt.date(2026, 11, 2), dt.date(2026, 11, 6))
    assert (record.sessions_possible, record.sessions_attended, record.sessions_out_of_mainstream) == (
        10,
        7,
        3,
    )
    assert record.recorded_by == world.people["partnership_staff"]
    assert record.history.first().history_change_reason == "Weekly return to the partnership"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"sessions_attended": "11"},
            "sessions_attended",
            "Sessions attended cannot be more than sessions possible",
        ),
        (
            {"sessions_out_of_mainstream": "12"},
            "sessions_out_of_mainstream",
            "Sessions out of mainstream cannot be more than sessions possible",
        ),
        ({"ends_on": "30/10/2026"}, "ends_on", "The end of the period must not be before its start"),
        ({"sessions_possible": "-1"}, "sessions_possible", "Sessions possible must be 0 or more"),
        (
            {"sessions_attended": "seven"},
            "sessions_attended",
            "Sessions attended must be a whole number, like 10",
        ),
        ({"sessions_possible": ""}, "sessions_possible", "Enter the number of sessions possible"),
        ({"starts_on": ""}, "starts_on", "Enter the start of the period"),
        ({"reason": ""}, "reason", "Enter why you are recording this attendance"),
    ],
)
def test_bad_attendance_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    pupil = world.pupils["x1"]
    response = client_for(world.people["head_x"]).post(
        url("attendance-new", pupil_id=pupil.pk), attendance_data(**changes)
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    assert not AttendanceRecord.objects.exists()
