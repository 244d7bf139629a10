"""Edge cases in access and in the people services: shared accounts, future roles, leavers."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partnership.access import partnership_context_for
from partnership.models import Role, RoleAssignment
from partnership.services.errors import ServiceError
from partnership.services.people import person_disable, person_invite, role_assign, role_end
from schools.models import SchoolUserObjectPermission
from schools.services import school_records_access_grant
from tests.factories import RoleFactory, UserFactory
from tests.helpers import text_of


def ctx_of(user, slug):
    return partnership_context_for(user, slug)


def test_another_partnerships_reasons_are_not_shown_in_a_shared_persons_history(
    la_admin_a, la_officer_a, partnership_b, client_for
):
    admin_b = UserFactory(full_name="Beth B-Admin")
    RoleFactory(user=admin_b, partnership=partnership_b, role=Role.LA_ADMIN)
    person, _ = person_invite(
        actor=admin_b,
        ctx=ctx_of(admin_b, "pb"),
        email="shared@x.test",
        full_name="Shared Person",
        role=Role.OBSERVER,
        reason="Under investigation by B",
        base_url="http://testserver/",
    )
    person.is_staff = True
    person.save()
    person_invite(
        actor=la_admin_a,
        ctx=ctx_of(la_admin_a, "pa"),
        email="shared@x.test",
        full_name="ignored",
        role=Role.OBSERVER,
        reason="Joins our board",
        base_url="http://testserver/",
    )
    url = reverse("partnership:history", kwargs={"partnership_slug": "pa", "kind": "person", "pk": person.pk})
    text = text_of(client_for(la_officer_a).get(url))
    assert "Under investigation by B" not in text
    assert "Beth B-Admin" not in text
    assert "By someone in another partnership" in text
    assert "Is staff" not in text and "Staff" not in text.split("History")[-1]


def test_disable_refuses_platform_operators_leavers_and_people_starting_elsewhere(
    la_admin_a, partnership_a, partnership_b
):
    ctx = ctx_of(la_admin_a, "pa")
    operator = UserFactory(is_staff=True)
    RoleFactory(user=operator, partnership=partnership_a, role=Role.OBSERVER)
    with pytest.raises(ServiceError, match="platform operator"):
        person_disable(actor=la_admin_a, ctx=ctx, person=operator, reason="x")

    leaver = UserFactory()
    RoleFactory(
        user=leaver,
        partnership=partnership_a,
        role=Role.OBSERVER,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 1, 1),
    )
    with pytest.raises(ServiceError, match="no longer has a role here"):
        person_disable(actor=la_admin_a, ctx=ctx, person=leaver, reason="x")

    mover = UserFactory()
    RoleFactory(user=mover, partnership=partnership_a, role=Role.OBSERVER)
    RoleFactory(
        user=mover,
        partnership=partnership_b,
        role=Role.OBSERVER,
        starts_on=dt.date.today() + dt.timedelta(days=30),
    )
    with pytest.raises(ServiceError, match="also works in another partnership"):
        person_disable(actor=la_admin_a, ctx=ctx, person=mover, reason="x")
    for person in (operator, leaver, mover):
        person.refresh_from_db()
        assert person.is_active


def test_records_access_is_taken_back_when_a_persons_last_role_here_ends(
    la_admin_a, board_member_a, school_x
):
    ctx = ctx_of(la_admin_a, "pa")
    school_records_access_grant(actor=la_admin_a, ctx=ctx, school=school_x, person=board_member_a, reason="r")
    observer = RoleFactory(user=board_member_a, partnership=ctx.partnership, role=Role.OBSERVER)
    role_end(
        actor=la_admin_a,
        ctx=ctx,
        assignment=board_member_a.roles.get(role=Role.BOARD_MEMBER),
        reason="Left the board",
    )
    assert SchoolUserObjectPermission.objects.filter(user=board_member_a).exists()  # still an observer here
    role_end(actor=la_admin_a, ctx=ctx, assignment=observer, reason="Left")
    assert not SchoolUserObjectPermission.objects.filter(user=board_member_a).exists()
    gone = SchoolUserObjectPermission.history.filter(history_type="-").get()
    assert gone.history_change_reason == "Left the partnership: Left"


def test_a_future_role_can_be_ended_and_is_not_a_past_role(la_admin_a, head_x, partnership_a, client_for):
    ctx = ctx_of(la_admin_a, "pa")
    future = RoleFactory(
        user=head_x,
        partnership=partnership_a,
        role=Role.BOARD_MEMBER,
        starts_on=dt.date.today() + dt.timedelta(days=10),
    )
    page = client_for(la_admin_a).get(
        reverse("partnership:person", kwargs={"partnership_slug": "pa", "user_id": head_x.pk})
    )
    assert future in page.context["current_roles"]
    assert "Starts later" in text_of(page)
    with pytest.raises(ServiceError, match="already has this role"):
        role_assign(actor=la_admin_a, ctx=ctx, person=head_x, role=Role.BOARD_MEMBER, reason="again")
    role_end(actor=la_admin_a, ctx=ctx, assignment=future, reason="Changed their mind")
    future.refresh_from_db()
    assert future.has_ended


def test_a_disabled_account_gets_no_new_role(la_admin_a, partnership_a):
    person = UserFactory(is_active=False)
    with pytest.raises(ServiceError, match="disabled"):
        role_assign(
            actor=la_admin_a, ctx=ctx_of(la_admin_a, "pa"), person=person, role=Role.OBSERVER, reason="x"
        )
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_a_next_link_back_to_sign_in_does_not_loop(client_for, head_x):
    response = client_for(head_x).get(reverse("sign-in") + "?next=/sign-in/")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_an_invited_person_without_a_password_can_ask_for_a_link(
    la_admin_a, django_capture_on_commit_callbacks
):
    person, _ = person_invite(
        actor=la_admin_a,
        ctx=ctx_of(la_admin_a, "pa"),
        email="new@a.test",
        full_name="New Person",
        role=Role.OBSERVER,
        reason="x",
        base_url="http://testserver/",
    )
    assert not person.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": "NEW@a.test"})
    assert [m.to for m in mail.outbox] == [["new@a.test"]]


def test_a_disabled_person_who_signs_in_gets_no_session(head_x):
    head_x.is_active = False
    head_x.save()
    client = Client()
    client.post(reverse("sign-in"), {"username": head_x.email, "password": "a-long-test-password"})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name, data",
    [
        ("partnership:person-add", {}),
        ("schools:network-add", {}),
        ("schools:leader-add", {}),
        ("schools:imports", {}),
    ],
)
def test_every_error_summary_link_leads_to_a_field(client_for, la_admin_a, name, data):
    response = client_for(la_admin_a).post(reverse(name, kwargs={"partnership_slug": "pa"}), data)
    html = response.content.decode()
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets
    for target in targets:
        assert f'id="{target}"' in html, f"{target} is not on the page"


@pytest.mark.parametrize(
    "name", ["partnership:role-end", "partnership:person-disable", "schools:records-grant-revoke"]
)
def test_read_only_officers_cannot_write(
    name, client_for, la_officer_a, la_admin_a, head_x, board_member_a, school_x
):
    ctx = ctx_of(la_admin_a, "pa")
    grant = school_records_access_grant(
        actor=la_admin_a, ctx=ctx, school=school_x, person=board_member_a, reason="r"
    )
    kwargs = {
        "partnership:role-end": {"user_id": head_x.pk, "role_id": head_x.roles.get().pk},
        "partnership:person-disable": {"user_id": head_x.pk},
        "schools:records-grant-revoke": {"urn": school_x.urn, "grant_id": grant.pk},
    }[name]
    response = client_for(la_officer_a).post(
        reverse(name, kwargs={"partnership_slug": "pa", **kwargs}), {"reason": "x"}
    )
    assert response.status_code == 403
    head_x.refresh_from_db()
    assert head_x.is_active and head_x.roles.get().is_current
    assert SchoolUserObjectPermission.objects.filter(pk=grant.pk).exists()
