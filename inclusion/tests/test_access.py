"""Who sees pupil-level inclusion records: the exact pupils per persona, a 404 for every other pupil,
and an access log entry for every read (decision 0020)."""

import pytest

from inclusion import selectors, services
from inclusion.models import DesignatedInclusionLead, InclusionStaffMember
from partnership.access import NotVisible
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, Role

from .world import REASON, ctx_of, person, request_for

ALL_A = {"x1", "x2", "y1", "w1"}
# Who sees which pupils of partnership A. Everyone not named here sees none.
EXPECTED = {
    "inclusion_officer": ALL_A,
    "head_x": {"x1", "x2"},
    "designated_lead_x": {"x1", "x2"},
    "teacher_x": set(),
    "chair_y": {"x1", "x2", "y1"},
    "partnership_staff": {"x1", "x2", "y1"},
    "other_head_w": {"w1"},
    "la_officer_a": set(),
    "la_admin_a": set(),
    "board_member_a": set(),
    "governor_x": set(),
    "partner": set(),
}


@pytest.fixture
def world(inclusion_world):
    world = inclusion_world
    return world


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_their_pupils_and_every_read_is_logged(world, persona):
    user = world.people[persona]
    ctx = ctx_of(user)
    request = request_for(user)
    before = AccessLogEntry.objects.count()

    seen = {p.full_name.removeprefix("Pupil ") for p in selectors.pupils_visible(request, ctx)}
    assert seen == EXPECTED[persona]

    for key, pupil in world.pupils.items():
        if key in EXPECTED[persona]:
            assert selectors.pupil_for(request, ctx, pupil.pk) == pupil
        else:
            with pytest.raises(NotVisible):
                selectors.pupil_for(request, ctx, pupil.pk)

    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [(e.record_type, e.description) for e in entries[:1]] == [
        (RecordType.PUPILS, f"{len(EXPECTED[persona])} pupils")
    ]
    single = [e for e in entries if e.record_type == RecordType.PUPIL]
    assert sorted(int(e.record_id) for e in single) == sorted(world.pupils[k].pk for k in EXPECTED[persona])
    assert all(e.user_id == user.pk and e.action == AccessLogEntry.Action.VIEW for e in entries)
    assert all(e.partnership_id == ctx.partnership.pk for e in entries)


def test_an_officer_of_another_partnership_sees_nothing_here_and_only_their_own_there(world):
    officer_b = world.people["inclusion_officer_b"]
    with pytest.raises(NotVisible):
        ctx_of(officer_b, "pa")
    ctx = ctx_of(officer_b, "pb")
    seen = selectors.pupils_visible(request_for(officer_b, "pb"), ctx)
    assert [p.pk for p in seen] == [world.pupils["z1"].pk]
    for key in ALL_A:
        with pytest.raises(NotVisible):
            selectors.pupil_for(request_for(officer_b, "pb"), ctx, world.pupils[key].pk)


def test_a_designated_lead_loses_sight_when_the_head_removes_them(world):
    lead = world.people["designated_lead_x"]
    head = world.people["head_x"]
    record = DesignatedInclusionLead.objects.get(user=lead)
    services.designated_lead_remove(actor=head, ctx=ctx_of(head), lead=record, reason="Left the post")
    assert selectors.visible_pupils(ctx_of(lead)).count() == 0


def test_partnership_staff_lose_sight_when_their_time_on_the_staff_ends(world):
    staff = world.people["partnership_staff"]
    member = InclusionStaffMember.objects.get(user=staff)
    officer = world.people["inclusion_officer"]
    services.staff_member_end(actor=officer, ctx=ctx_of(officer), member=member, reason="Contract ended")
    assert selectors.visible_pupils(ctx_of(staff)).count() == 0


def test_related_records_follow_the_pupils_visibility_and_are_logged(world):
    head_x, staff = world.people["head_x"], world.people["partnership_staff"]
    referral = services.referral_create(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=world.pupils["x1"],
        reasons="Repeated suspensions",
        support_tried="Mentoring",
        reason=REASON,
    )
    assert selectors.referral_for(request_for(staff), ctx_of(staff), referral.pk) == referral
    assert [c.pk for c in selectors.referrals_visible(request_for(head_x), ctx_of(head_x))] == [referral.pk]
    for persona in ("other_head_w", "la_officer_a", "board_member_a", "partner"):
        user = world.people[persona]
        with pytest.raises(NotVisible):
            selectors.referral_for(request_for(user), ctx_of(user), referral.pk)
        assert selectors.referrals_visible(request_for(user), ctx_of(user)) == []
    logged = AccessLogEntry.objects.filter(record_type=RecordType.PUPIL_CASE, record_id=str(referral.pk))
    assert list(logged.values_list("user_id", flat=True)) == [staff.pk]


def test_ordinary_la_officers_cannot_hold_pupil_records(world, la_officer_a, school_x):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.pupil_create(
            actor=la_officer_a,
            ctx=ctx_of(la_officer_a),
            full_name="Not allowed",
            date_of_birth=world.pupils["x1"].date_of_birth,
            upn="B801200005001",
            home_school=school_x,
            year_group=9,
            reason=REASON,
        )


def test_the_inclusion_roles_hold_no_school(partnership_a, school_x):
    from django.db import IntegrityError, transaction

    from tests.factories import RoleFactory, UserFactory

    assert person(partnership_a, Role.INCLUSION_OFFICER).roles.get().school is None
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(user=UserFactory(), partnership=partnership_a, role=Role.INCLUSION_STAFF, school=school_x)


@pytest.mark.parametrize("role", [Role.INCLUSION_OFFICER, Role.INCLUSION_STAFF])
def test_the_inclusion_roles_get_a_home_page_with_no_school_improvement_sections(
    role, partnership_a, client_for
):
    from django.urls import reverse

    response = client_for(person(partnership_a, role)).get(
        reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    )
    assert response.status_code == 200
    labels = [item["label"] for item in response.context["navigation"]]
    assert labels[0] == "Home"
    assert not {"Support referrals", "Needs support", "People", "Imports"} & set(labels)


def test_a_new_chair_sees_the_member_schools_pupils_and_the_old_chair_only_their_own(world):
    officer, old_chair, new_chair = (world.people[k] for k in ("inclusion_officer", "chair_y", "head_x"))
    services.chair_change(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=world.partnerships["north"],
        chair=new_chair,
        reason="Elected at the spring meeting",
    )
    names = {p.full_name for p in selectors.visible_pupils(ctx_of(old_chair))}
    assert names == {"Pupil y1"}
    assert {p.full_name for p in selectors.visible_pupils(ctx_of(new_chair))} == {
        "Pupil x1",
        "Pupil x2",
        "Pupil y1",
    }


def test_the_list_of_pupils_takes_a_fixed_number_of_queries(world, django_assert_num_queries):
    head = world.people["head_x"]
    ctx, request = ctx_of(head), request_for(head)
    with django_assert_num_queries(4):  # the designated lead check, the member schools, the pupils, the log
        assert len(selectors.pupils_visible(request, ctx)) == 2
