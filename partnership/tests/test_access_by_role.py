"""Each role sees exactly what it should in its own partnership.

200 to see, 403 where it may see but not change, 404 where it may not see at all.
"""

import pytest
from django.urls import reverse

from partnership.models import RoleAssignment, SecurityEvent, User

PERSONAS = ["la_admin_a", "la_officer_a", "head_x", "head_y", "governor_x", "board_member_a"]

# url name -> expected status for each persona above, in order
MATRIX = {
    "partnership:home": [200, 200, 200, 200, 200, 200],
    "partnership:people": [200, 200, 404, 404, 404, 404],
    "partnership:person": [200, 200, 404, 404, 404, 404],
    "partnership:person-add": [200, 403, 404, 404, 404, 404],
    "partnership:role-add": [200, 403, 404, 404, 404, 404],
    "partnership:role-end": [200, 403, 404, 404, 404, 404],
    "partnership:person-disable": [200, 403, 404, 404, 404, 404],
    "history:school": [200, 200, 404, 404, 404, 404],
    "history:person": [200, 200, 404, 404, 404, 404],
    "history:role": [200, 200, 404, 404, 404, 404],
    "history:partnership": [200, 200, 404, 404, 404, 404],
    "schools:school": [200, 200, 200, 200, 200, 200],
    "schools:records-grant-add": [200, 403, 404, 404, 404, 404],
}


def url(name, partnership, head_x, school_x):
    slug = {"partnership_slug": partnership.slug}
    role = RoleAssignment.objects.get(user=head_x)
    if name == "partnership:person":
        return reverse(name, kwargs={**slug, "user_id": head_x.pk})
    if name in {"partnership:role-add", "partnership:person-disable"}:
        return reverse(name, kwargs={**slug, "user_id": head_x.pk})
    if name == "partnership:role-end":
        return reverse(name, kwargs={**slug, "user_id": head_x.pk, "role_id": role.pk})
    if name.startswith("history:"):
        kind = name.split(":")[1]
        pk = {
            "school": school_x.pk,
            "person": head_x.pk,
            "role": role.pk,
            "partnership": partnership.pk,
        }[kind]
        return reverse("partnership:history", kwargs={**slug, "kind": kind, "pk": pk})
    if name.startswith("schools:"):
        return reverse(name, kwargs={**slug, "urn": school_x.urn})
    return reverse(name, kwargs=slug)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_what_it_should(name, personas, client_for, partnership_a, school_x):
    target = url(name, partnership_a, personas["head_x"], school_x)
    got = [client_for(personas[p]).get(target).status_code for p in PERSONAS]
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, MATRIX[name], strict=True))


def test_officer_who_tries_to_add_a_person_gets_403_and_nothing_is_saved(
    client_for, la_officer_a, partnership_a
):
    before = User.objects.count()
    response = client_for(la_officer_a).post(
        reverse("partnership:person-add", kwargs={"partnership_slug": partnership_a.slug}),
        {"full_name": "New Person", "email": "new@a.test", "role": "observer"},
    )
    assert response.status_code == 403
    assert User.objects.count() == before


def test_refused_access_is_logged(client_for, head_x, partnership_a):
    client_for(head_x).get(reverse("partnership:people", kwargs={"partnership_slug": partnership_a.slug}))
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCESS_REFUSED)
    assert event.user == head_x
    assert event.partnership == partnership_a
    assert event.path == f"/p/{partnership_a.slug}/people/"
    assert event.detail.startswith("404")


def test_forbidden_write_is_logged_as_403(client_for, la_officer_a, partnership_a):
    client_for(la_officer_a).get(
        reverse("partnership:person-add", kwargs={"partnership_slug": partnership_a.slug})
    )
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCESS_REFUSED)
    assert event.detail.startswith("403")


def test_a_role_that_has_ended_gives_no_access(client_for, head_x, partnership_a):
    import datetime as dt

    role = head_x.roles.get()
    role.starts_on = dt.date(2020, 1, 1)
    role.ends_on = dt.date(2021, 1, 1)
    role.save()
    response = client_for(head_x).get(
        reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    )
    assert response.status_code == 404


def test_a_role_that_has_not_started_gives_no_access(client_for, head_x, partnership_a):
    import datetime as dt

    role = head_x.roles.get()
    role.starts_on = dt.date.today() + dt.timedelta(days=7)
    role.save()
    response = client_for(head_x).get(
        reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    )
    assert response.status_code == 404
