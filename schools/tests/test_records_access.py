"""Who sees a school's partnership records, and object grants through django-guardian."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from guardian.shortcuts import assign_perm

from partnership.access import partnership_context_for
from schools.models import School, SchoolUserObjectPermission
from schools.rules import may_see_school_records
from schools.services import school_records_access_grant
from tests.factories import SchoolFactory, consent_in_force, published_agreement
from tests.helpers import pinned_queries, text_of


def school_url(partnership, school):
    return reverse("schools:school", kwargs={"partnership_slug": partnership.slug, "urn": school.urn})


@pytest.mark.parametrize(
    "persona, sees",
    [
        ("la_admin_a", True),
        ("la_officer_a", True),
        ("head_x", True),
        ("head_y", False),
        ("governor_x", False),
        ("board_member_a", False),
    ],
)
def test_school_records_are_shown_only_to_those_allowed(
    persona, sees, personas, client_for, partnership_a, school_x
):
    response = client_for(personas[persona]).get(school_url(partnership_a, school_x))
    assert response.status_code == 200
    assert ("Partnership records" in text_of(response)) is sees
    assert response.context["sees_records"] is sees


def test_a_school_outside_the_partnerships_la_is_not_found(client_for, la_admin_a, partnership_a, school_z):
    assert client_for(la_admin_a).get(school_url(partnership_a, school_z)).status_code == 404


def test_school_page_has_a_pinned_query_count(
    client_for, la_admin_a, partnership_a, school_x, board_member_a
):
    ctx = partnership_context_for(la_admin_a, partnership_a.slug)
    school_records_access_grant(actor=la_admin_a, ctx=ctx, school=school_x, person=board_member_a, reason="r")
    client = client_for(la_admin_a)
    client.get(school_url(partnership_a, school_x))
    # session, user, partnership context, local authorities, school, flags, access log entry, KS2,
    # KS4, inspections, networks, grants, current agreement, consents, partnership chooser
    with pinned_queries(15):
        client.get(school_url(partnership_a, school_x))


def test_admin_grants_and_removes_access_with_history(
    client_for, la_admin_a, board_member_a, partnership_a, school_x
):
    client = client_for(la_admin_a)
    add = reverse(
        "schools:records-grant-add",
        kwargs={"partnership_slug": partnership_a.slug, "urn": school_x.urn},
    )
    missing = client.post(add, {"person": "", "reason": ""})
    assert "Select the person who may see this school" in text_of(missing)
    assert "Enter why they need to see the records" in text_of(missing)
    client.post(add, {"person": board_member_a.pk, "reason": "Supports the school's governors"})
    grant = SchoolUserObjectPermission.objects.get(user=board_member_a, content_object=school_x)
    assert grant.history.latest().history_user == la_admin_a
    ctx = partnership_context_for(board_member_a, partnership_a.slug)
    # A grant opens the records only while the school's consent to share its casework is in force.
    assert not may_see_school_records(ctx, board_member_a, school_x)
    consent_in_force(published_agreement(partnership_a), school_x)
    assert may_see_school_records(ctx, board_member_a, school_x)

    revoke = reverse(
        "schools:records-grant-revoke",
        kwargs={"partnership_slug": partnership_a.slug, "urn": school_x.urn, "grant_id": grant.pk},
    )
    assert "Are you sure" in text_of(client.get(revoke))
    client.post(revoke, {"reason": "Term of support ended"})
    assert not SchoolUserObjectPermission.objects.filter(pk=grant.pk).exists()
    deleted = SchoolUserObjectPermission.history.filter(id=grant.pk, history_type="-").get()
    assert deleted.history_change_reason == "Term of support ended"
    assert not may_see_school_records(ctx, board_member_a, School.objects.get(pk=school_x.pk))


def test_people_who_already_see_records_are_not_offered(
    client_for, la_admin_a, partnership_a, school_x, personas
):
    add = reverse(
        "schools:records-grant-add",
        kwargs={"partnership_slug": partnership_a.slug, "urn": school_x.urn},
    )
    offered = set(
        client_for(la_admin_a).get(add).context["form"].fields["person"].queryset.values_list("pk", flat=True)
    )
    expected = {personas[p].pk for p in ("head_y", "governor_x", "board_member_a")}
    assert offered == expected


def test_deleting_a_school_removes_its_grants_and_a_reused_id_gains_nothing(board_member_a, partnership_a):
    school = SchoolFactory(la_code="901")
    old_pk = school.pk
    assign_perm("schools.view_school_records", board_member_a, school)
    assert SchoolUserObjectPermission.objects.filter(content_object_id=old_pk).exists()
    school.delete()
    assert not SchoolUserObjectPermission.objects.filter(content_object_id=old_pk).exists()
    reborn = SchoolFactory(pk=old_pk, la_code="901")
    consent_in_force(published_agreement(partnership_a), reborn)  # so only the grant decides
    ctx = partnership_context_for(board_member_a, partnership_a.slug)
    assert not may_see_school_records(ctx, board_member_a, reborn)


def test_a_global_permission_grants_no_school_records(board_member_a, partnership_a, school_x):
    board_member_a.user_permissions.add(
        Permission.objects.get(content_type__app_label="schools", codename="view_school_records")
    )
    consent_in_force(published_agreement(partnership_a), school_x)  # so only the grant decides
    ctx = partnership_context_for(board_member_a, partnership_a.slug)
    assert not may_see_school_records(ctx, board_member_a, school_x)
