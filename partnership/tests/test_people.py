"""LA administrators manage who has which role; officers read; history records who and why."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from partnership.models import Role, RoleAssignment, SecurityEvent, User
from tests.factories import RoleFactory, UserFactory
from tests.helpers import pinned_queries, text_of


def people_url(p, **extra):
    return reverse("partnership:people", kwargs={"partnership_slug": p.slug})


def ids_listed(response):
    return {person.pk for person in response.context["page"].object_list}


def test_people_list_shows_exactly_the_partnerships_current_people(
    client_for, personas, partnership_a, partnership_b
):
    ended = UserFactory(full_name="Ended Role")
    RoleFactory(
        user=ended,
        partnership=partnership_a,
        role=Role.OBSERVER,
        starts_on="2020-01-01",
        ends_on="2021-01-01",
    )
    response = client_for(personas["la_officer_a"]).get(people_url(partnership_a))
    allowed = set(
        RoleAssignment.objects.current().filter(partnership=partnership_a).values_list("user_id", flat=True)
    )
    assert ids_listed(response) == allowed
    assert personas["la_officer_b"].pk not in ids_listed(response)
    assert ended.pk not in ids_listed(response)


def test_people_list_searches_filters_and_sorts(client_for, personas, partnership_a):
    client = client_for(personas["la_admin_a"])
    assert ids_listed(client.get(people_url(partnership_a), {"q": "hana"})) == {personas["head_x"].pk}
    heads = ids_listed(client.get(people_url(partnership_a), {"role": "headteacher"}))
    assert heads == {personas["head_x"].pk, personas["head_y"].pk}
    names = [
        p.full_name
        for p in client.get(people_url(partnership_a), {"sort": "-name"}).context["page"].object_list
    ]
    assert names == sorted(names, reverse=True)


def test_people_list_with_no_match_says_so(client_for, la_admin_a, partnership_a):
    response = client_for(la_admin_a).get(people_url(partnership_a), {"q": "nobody-at-all"})
    assert "No one matches your filters" in text_of(response)


def test_people_list_paginates_with_a_pinned_query_count(client_for, la_admin_a, partnership_a, school_x):
    for _ in range(60):
        RoleFactory(partnership=partnership_a, role=Role.HEADTEACHER, school=school_x)
    client = client_for(la_admin_a)
    client.get(people_url(partnership_a))  # warm the session
    # session, user, partnership context, count, page, roles prefetch, partnership chooser
    with pinned_queries(7):
        first = client.get(people_url(partnership_a))
    assert len(first.context["page"].object_list) == 50
    with pinned_queries(7):
        second = client.get(people_url(partnership_a), {"page": 2})
    assert len(second.context["page"].object_list) == 11


def test_person_page_has_a_pinned_query_count(client_for, la_admin_a, head_x, partnership_a):
    client = client_for(la_admin_a)
    url = reverse("partnership:person", kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk})
    client.get(url)
    # session, user, partnership context, person, their roles here, whether they have two-factor
    # sign-in, their sessions, partnership chooser
    with pinned_queries(8):
        response = client.get(url)
    assert "Headteacher, School X" in text_of(response)


def test_admin_adds_a_new_person_who_is_emailed_a_link(
    client_for, la_admin_a, partnership_a, school_x, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(la_admin_a).post(
            reverse("partnership:person-add", kwargs={"partnership_slug": partnership_a.slug}),
            {
                "full_name": "Nia New",
                "email": "Nia@School-X.test",
                "role": "school_staff",
                "school": school_x.pk,
            },
        )
    person = User.objects.get(email="nia@school-x.test")
    assert response.status_code == 302
    assert not person.has_usable_password()
    role = person.roles.get()
    assert (role.role, role.school, role.partnership) == ("school_staff", school_x, partnership_a)
    assert len(mail.outbox) == 1
    assert "/password-reset/" in mail.outbox[0].body
    last = role.history.latest()
    assert last.history_user == la_admin_a
    assert last.history_change_reason == "Added to the partnership"


def test_adding_someone_from_another_partnership_keeps_their_account(
    client_for, la_admin_a, partnership_a, la_officer_b
):
    response = client_for(la_admin_a).post(
        reverse("partnership:person-add", kwargs={"partnership_slug": partnership_a.slug}),
        {"full_name": "ignored", "email": la_officer_b.email.upper(), "role": "board_member"},
        follow=True,
    )
    assert "already had an account" in text_of(response)
    assert set(la_officer_b.roles.values_list("partnership__slug", flat=True)) == {"pa", "pb"}
    assert User.objects.filter(email__iexact=la_officer_b.email).count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"full_name": "", "email": "a@b.test", "role": "observer"},
            "full_name",
            "Enter the person's full name",
        ),
        (
            {"full_name": "A", "email": "not-an-email", "role": "observer"},
            "email",
            "Enter an email address in the correct format",
        ),
        ({"full_name": "A", "email": "a@b.test"}, "role", "Select a role"),
        (
            {"full_name": "A", "email": "a@b.test", "role": "headteacher"},
            "school",
            "Select the school this role is for",
        ),
        (
            {"full_name": "A", "email": "a@b.test", "role": "nonsense"},
            "role",
            "Select a valid choice",
        ),
    ],
)
def test_bad_input_on_add_person_shows_errors_and_saves_nothing(
    client_for, la_admin_a, partnership_a, data, field, message
):
    before = User.objects.count()
    response = client_for(la_admin_a).post(
        reverse("partnership:person-add", kwargs={"partnership_slug": partnership_a.slug}), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'id="id_{field}_error"' in page
    assert message in text_of(response)
    assert User.objects.count() == before


def test_a_school_outside_the_partnership_cannot_be_chosen(client_for, la_admin_a, partnership_a, school_z):
    response = client_for(la_admin_a).post(
        reverse("partnership:person-add", kwargs={"partnership_slug": partnership_a.slug}),
        {"full_name": "A", "email": "a@b.test", "role": "headteacher", "school": school_z.pk},
    )
    assert "Select a school from the list" in response.content.decode()
    assert not User.objects.filter(email="a@b.test").exists()


def test_the_same_role_cannot_be_given_twice(client_for, la_admin_a, head_x, partnership_a, school_x):
    response = client_for(la_admin_a).post(
        reverse(
            "partnership:role-add",
            kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk},
        ),
        {"role": "headteacher", "school": school_x.pk, "reason": "again"},
    )
    assert "already has this role" in text_of(response)
    assert head_x.roles.count() == 1


def test_ending_a_role_asks_for_a_reason_and_records_it(client_for, la_admin_a, head_x, partnership_a):
    role = head_x.roles.get()
    url = reverse(
        "partnership:role-end",
        kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk, "role_id": role.pk},
    )
    client = client_for(la_admin_a)
    assert "Enter a reason" in client.post(url, {"reason": ""}).content.decode()
    role.refresh_from_db()
    assert role.is_current
    response = client.post(url, {"reason": "Left the school in the summer"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert not role.is_current
    last = role.history.latest()
    assert (last.history_user, last.history_change_reason) == (
        la_admin_a,
        "Left the school in the summer",
    )


def test_the_only_la_administrator_cannot_end_their_own_role(client_for, la_admin_a, partnership_a):
    role = la_admin_a.roles.get()
    url = reverse(
        "partnership:role-end",
        kwargs={
            "partnership_slug": partnership_a.slug,
            "user_id": la_admin_a.pk,
            "role_id": role.pk,
        },
    )
    response = client_for(la_admin_a).post(url, {"reason": "leaving"})
    assert "You are the only LA administrator" in response.content.decode()
    role.refresh_from_db()
    assert role.is_current


def test_disabling_a_person_ends_all_their_sessions(client_for, la_admin_a, head_x, partnership_a):
    from django.test import Client

    head_client = Client()
    head_client.post(reverse("sign-in"), {"username": head_x.email, "password": "a-long-test-password"})
    home = reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    assert head_client.get(home).status_code == 200
    head_session = head_client.session.session_key
    assert Session.objects.filter(session_key=head_session).exists()

    response = client_for(la_admin_a).post(
        reverse(
            "partnership:person-disable",
            kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk},
        ),
        {"reason": "Account no longer needed"},
    )
    assert response.status_code == 302
    head_x.refresh_from_db()
    assert not head_x.is_active
    assert not Session.objects.filter(session_key=head_session).exists()
    assert head_client.get(home).status_code == 302  # sent to sign in
    assert not RoleAssignment.objects.current().filter(user=head_x).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCOUNT_DISABLED, user=head_x).exists()
    refused = Client().post(
        reverse("sign-in"), {"username": head_x.email, "password": "a-long-test-password"}
    )
    assert refused.status_code == 200


def test_someone_who_works_in_another_partnership_cannot_be_disabled_from_here(
    client_for, la_admin_a, partnership_a, la_officer_b
):
    RoleFactory(user=la_officer_b, partnership=partnership_a, role=Role.BOARD_MEMBER)
    response = client_for(la_admin_a).post(
        reverse(
            "partnership:person-disable",
            kwargs={"partnership_slug": partnership_a.slug, "user_id": la_officer_b.pk},
        ),
        {"reason": "x"},
    )
    assert "also works in another partnership" in text_of(response)
    la_officer_b.refresh_from_db()
    assert la_officer_b.is_active


def test_history_page_shows_who_changed_what_and_why(client_for, la_admin_a, head_x, partnership_a):
    role = head_x.roles.get()
    client = client_for(la_admin_a)
    client.post(
        reverse(
            "partnership:role-end",
            kwargs={
                "partnership_slug": partnership_a.slug,
                "user_id": head_x.pk,
                "role_id": role.pk,
            },
        ),
        {"reason": "Moved to another LA"},
    )
    url = reverse(
        "partnership:history",
        kwargs={"partnership_slug": partnership_a.slug, "kind": "role", "pk": role.pk},
    )
    client.get(url)
    # session, user, context, the role, count, page of history rows, one query for each related
    # model named in the changes (person, partnership, school), partnership chooser
    with pinned_queries(10):
        response = client.get(url)
    text = text_of(response)
    assert "By Alice Admin. Reason: Moved to another LA" in text
    assert "Ends on" in text


def test_history_of_an_unknown_kind_is_404(client_for, la_admin_a, partnership_a):
    url = reverse(
        "partnership:history",
        kwargs={"partnership_slug": partnership_a.slug, "kind": "nothing", "pk": 1},
    )
    assert client_for(la_admin_a).get(url).status_code == 404
