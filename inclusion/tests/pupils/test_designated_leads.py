"""A headteacher's designated inclusion leads: named from the school's current staff, for headteachers
only, removed with their sight of pupils taken away, and a fixed number of queries (decision 0020)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from inclusion import selectors, services
from inclusion.models import DesignatedInclusionLead
from partnership.models import Role
from tests.helpers import error_beside, pinned_queries, text_of

from ..world import REASON, ctx_of, person
from .conftest import summary_errors, url

# --- Designated leads ------------------------------------------------------------------------


def test_a_head_sees_their_schools_leads_and_what_a_lead_can_see(world, client_for):
    response = client_for(world.people["head_x"]).get(url("leads"))
    assert response.status_code == 200
    text = text_of(response)
    assert "A designated inclusion lead can:" in text
    assert "see your school's pupils and everything recorded about them" in text
    assert "Lee Lead" in text
    lead = DesignatedInclusionLead.objects.get(user=world.people["designated_lead_x"])
    assert f'href="{url("lead-remove", lead_id=lead.pk)}"' in response.content.decode()


def test_another_head_sees_none_of_those_leads(world, client_for):
    response = client_for(world.people["chair_y"]).get(url("leads"))
    assert "Lee Lead" not in text_of(response) and "No designated leads yet." in text_of(response)


@pytest.mark.parametrize(
    "persona", ["designated_lead_x", "teacher_x", "inclusion_officer", "partnership_staff", "partner"]
)
def test_the_leads_pages_are_for_headteachers_only(world, client_for, persona):
    client = client_for(world.people[persona])
    lead = DesignatedInclusionLead.objects.get()
    for page in (url("leads"), url("lead-new"), url("lead-remove", lead_id=lead.pk)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("lead-remove", lead_id=lead.pk), {"reason": "x"}).status_code == 404
    assert DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()


def test_a_head_names_a_lead_from_the_schools_current_staff(world, client_for, partnership_a):
    head = world.people["head_x"]
    teacher = world.people["teacher_x"]
    person(partnership_a, Role.SCHOOL_STAFF, school=world.schools["y"], name="Yvonne Elsewhere")
    client = client_for(head)
    html = client.get(url("lead-new")).content.decode()
    select = re.search(r'<select name="staff".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == ["Tara Teacher"]
    assignment = teacher.roles.get()
    response = client.post(url("lead-new"), {"staff": assignment.pk, "reason": "Leads on behaviour"})
    assert response.status_code == 302 and response["Location"] == url("leads")
    lead = DesignatedInclusionLead.objects.get(user=teacher)
    assert (lead.school, lead.named_by) == (world.schools["x"], head)
    assert lead.history.first().history_change_reason == "Leads on behaviour"
    assert {p.pk for p in selectors.visible_pupils(ctx_of(teacher))} == {
        world.pupils["x1"].pk,
        world.pupils["x2"].pk,
    }


def test_naming_a_lead_needs_a_person_and_a_reason(world, client_for):
    response = client_for(world.people["head_x"]).post(url("lead-new"), {"staff": "", "reason": ""})
    assert error_beside(response, "staff") == "Select the member of staff"
    assert error_beside(response, "reason") == "Enter why you are naming this designated lead"
    assert summary_errors(response) == [
        "Select the member of staff",
        "Enter why you are naming this designated lead",
    ]
    assert DesignatedInclusionLead.objects.count() == 1


def test_removing_a_lead_asks_first_then_takes_away_their_sight(world, client_for):
    head, lead_user = world.people["head_x"], world.people["designated_lead_x"]
    lead = DesignatedInclusionLead.objects.get(user=lead_user)
    client = client_for(head)
    page = client.get(url("lead-remove", lead_id=lead.pk))
    assert page.status_code == 200
    assert "can no longer see School X's pupil records" in text_of(page)
    assert DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()

    refused = client.post(url("lead-remove", lead_id=lead.pk), {"reason": ""})
    assert error_beside(refused, "reason") == "Enter why you are removing this designated lead"
    assert DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()

    done = client.post(url("lead-remove", lead_id=lead.pk), {"reason": "Moved to another role"})
    assert done.status_code == 302 and done["Location"] == url("leads")
    assert not DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()
    assert lead.history.first().history_change_reason == "Moved to another role"
    assert client_for(lead_user).get(url("pupil", pupil_id=world.pupils["x1"].pk)).status_code == 404


def test_a_lead_who_left_the_staff_is_marked(world, client_for):
    lead_user = world.people["designated_lead_x"]
    role = lead_user.roles.get()
    role.ends_on = dt.date.today()
    role.save()
    text = text_of(client_for(world.people["head_x"]).get(url("leads")))
    assert "Lee Lead No longer on the staff Sees no pupil records" in text


def test_the_leads_page_takes_a_fixed_number_of_queries(world, client_for, partnership_a):
    head = world.people["head_x"]
    for n in range(4):
        staff = person(partnership_a, Role.SCHOOL_STAFF, school=world.schools["x"], name=f"Staff {n}")
        services.designated_lead_add(
            actor=head, ctx=ctx_of(head), school=world.schools["x"], user=staff, reason=REASON
        )
    client = client_for(head)
    client.get(url("leads"))
    # session, user, context, leads (with who named them and whether still on the staff), chooser
    with pinned_queries(5):
        response = client.get(url("leads"))
    assert text_of(response).count("Remove") == 5
