"""An inclusion partnership's staff: added from a date, once, only with the staff role, and ended with
the record kept."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inclusion.models import InclusionStaffMember
from partnership.models import Role
from tests.helpers import error_beside, text_of

from ..world import person
from .conftest import url

# --- Staff ------------------------------------------------------------------------------------


def test_an_officer_adds_a_member_of_staff_from_a_date(world, client_for, partnership_a):
    north = world.partnerships["north"]
    newcomer = person(partnership_a, Role.INCLUSION_STAFF, name="Nia New")
    client = client_for(world.people["inclusion_officer"])
    assert "Nia New" in text_of(client.get(url("staff-new", ip_id=north.pk)))
    starts = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        url("staff-new", ip_id=north.pk),
        {"user": newcomer.pk, "starts_on": starts.strftime("%d/%m/%Y"), "reason": "New outreach worker"},
    )
    assert response.status_code == 302
    member = InclusionStaffMember.objects.get(user=newcomer)
    assert (member.inclusion_partnership, member.starts_on) == (north, starts)
    assert member.history.first().history_change_reason == "New outreach worker"
    assert "Nia New Starting" in text_of(client.get(url("partnership", ip_id=north.pk)))


def test_someone_already_on_the_staff_cannot_be_added_again(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("staff-new", ip_id=north.pk),
        {"user": world.people["partnership_staff"].pk, "starts_on": "01/09/2026", "reason": "Again"},
    )
    assert error_beside(response, "user") == (
        "Select a person from the list. People already on the staff are not listed"
    )
    assert "There is a problem" in text_of(response)
    assert InclusionStaffMember.objects.filter(inclusion_partnership=north).count() == 1


def test_only_people_with_the_staff_role_can_be_added(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("staff-new", ip_id=north.pk),
        {"user": world.people["teacher_x"].pk, "starts_on": "01/09/2026", "reason": "Trying"},
    )
    assert error_beside(response, "user").startswith("Select a person from the list")
    assert InclusionStaffMember.objects.filter(inclusion_partnership=north).count() == 1


def test_ending_a_member_of_staff_asks_first_then_keeps_the_record(world, client_for):
    north = world.partnerships["north"]
    member = world.staff_member
    client = client_for(world.people["inclusion_officer"])
    address = url("staff-end", ip_id=north.pk, staff_id=member.pk)
    text = text_of(client.get(address))
    assert "End Ira Staff's time on the staff" in text
    assert "no longer see the pupil records" in text
    member.refresh_from_db()
    assert member.ends_on is None
    today = timezone.localdate()
    response = client.post(address, {"ends_on": today.strftime("%d/%m/%Y"), "reason": "Contract ended"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ends_on == today
    assert member.history.first().history_change_reason == "Contract ended"
    # Once ended there is nothing left to end.
    assert client.get(address).status_code == 404


def test_staff_cannot_leave_before_they_started(world, client_for):
    north = world.partnerships["north"]
    member = world.staff_member
    before = member.starts_on - dt.timedelta(days=1)
    response = client_for(world.people["inclusion_officer"]).post(
        url("staff-end", ip_id=north.pk, staff_id=member.pk),
        {"ends_on": before.strftime("%d/%m/%Y"), "reason": "Oops"},
    )
    assert error_beside(response, "ends_on") == "The end date must not be before the start date"
    member.refresh_from_db()
    assert member.ends_on is None
