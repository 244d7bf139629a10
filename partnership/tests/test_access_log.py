"""The access log is append-only, in the application and in the database; refusals are logged; LA
administrators search their own partnership's entries and nothing else."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import require_service
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.factories import UserFactory
from tests.helpers import pinned_queries, text_of


def log_url(slug="pa"):
    return reverse("partnership:access-log", kwargs={"partnership_slug": slug})


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def entry(partnership, *, when=None, **fields) -> AccessLogEntry:
    defaults = {
        "action": AccessLogEntry.Action.VIEW,
        "record_type": RecordType.SUPPORT_CASE,
        "record_id": "1",
        "user_name": "Someone",
        "user_email": "someone@a.test",
    }
    return AccessLogEntry.objects.create(
        partnership=partnership, occurred_at=when or timezone.now(), **{**defaults, **fields}
    )


# --- Append-only ------------------------------------------------------------------------------


def test_the_log_cannot_be_changed_or_deleted_through_the_application(partnership_a):
    logged = entry(partnership_a, description="Viewed case 1")
    logged.description = "Nothing to see"
    with pytest.raises(PermissionError):
        logged.save()
    with pytest.raises(PermissionError):
        logged.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=logged.pk).update(description="Changed")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=logged.pk).delete()
    # bulk_update opens no savepoint of its own, so give it one to fail inside.
    with pytest.raises(PermissionError), transaction.atomic():
        AccessLogEntry.objects.bulk_update([logged], ["description"])
    logged.refresh_from_db()
    assert logged.description == "Viewed case 1"


def test_the_database_refuses_to_change_or_delete_a_recent_entry(partnership_a):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    logged = entry(partnership_a, description="Viewed case 1")
    with (
        pytest.raises(DatabaseError, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE partnership_accesslogentry SET description = 'Changed' WHERE id = %s", [logged.pk]
        )
    with (
        pytest.raises(DatabaseError, match="at least a year"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM partnership_accesslogentry WHERE id = %s", [logged.pk])
    logged.refresh_from_db()
    assert logged.description == "Viewed case 1"
    # Past the year, the retention task may remove an entry: the database lets only those go.
    old = entry(partnership_a, when=timezone.now() - dt.timedelta(days=400))
    AccessLogEntry.objects.filter(pk=old.pk)._retention_delete()
    assert set(AccessLogEntry.objects.values_list("pk", flat=True)) == {logged.pk}


def test_the_admin_shows_the_log_read_only(client, partnership_a):
    logged = entry(partnership_a)
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get(reverse("admin:partnership_accesslogentry_changelist")).status_code == 200
    assert client.get(reverse("admin:partnership_accesslogentry_add")).status_code == 403
    change = reverse("admin:partnership_accesslogentry_change", args=[logged.pk])
    assert client.get(change).status_code == 200  # read-only view
    assert client.post(change, {"description": "Changed"}).status_code == 403
    delete = reverse("admin:partnership_accesslogentry_delete", args=[logged.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    logged.refresh_from_db()
    assert logged.description == ""


# --- Refusals ---------------------------------------------------------------------------------


def test_a_refused_page_writes_a_refused_entry(client_for, head_x, partnership_a):
    people = reverse("partnership:people", kwargs={"partnership_slug": "pa"})
    assert client_for(head_x).get(people, REMOTE_ADDR="192.0.2.7").status_code == 404
    refused = AccessLogEntry.objects.get()
    assert (refused.action, refused.user, refused.partnership, refused.path, refused.ip_address) == (
        AccessLogEntry.Action.REFUSED,
        head_x,
        partnership_a,
        "/p/pa/people/",
        "192.0.2.7",
    )
    assert refused.description.startswith("404: needs one of")


def test_an_outsiders_attempt_is_logged_in_the_partnership_they_tried(
    client_for, la_officer_b, partnership_a
):
    client_for(la_officer_b).get(reverse("partnership:people", kwargs={"partnership_slug": "pa"}))
    refused = AccessLogEntry.objects.get()
    assert (refused.action, refused.user, refused.partnership) == (
        AccessLogEntry.Action.REFUSED,
        la_officer_b,
        partnership_a,
    )
    assert refused.description.startswith("404: no current role")


# --- Search -----------------------------------------------------------------------------------


@pytest.fixture
def logged(partnership_a, partnership_b, school_x, school_y, school_z, head_x, la_officer_b):
    day = dt.date(2026, 11, 10)
    return {
        "head_x_case": entry(
            partnership_a,
            when=at(day),
            user=head_x,
            user_name="Harriet Head",
            user_email="head.x@a.test",
            school=school_x,
        ),
        "officer_export": entry(
            partnership_a,
            when=at(day + dt.timedelta(days=5)),
            user_name="Olive Officer",
            user_email="olive@a.test",
            action=AccessLogEntry.Action.EXPORT,
            record_type=RecordType.SUPPORT_CASES,
            reason="Termly report to the board",
        ),
        "y_paper": entry(
            partnership_a,
            when=at(day + dt.timedelta(days=12)),
            user_name="Olive Officer",
            user_email="olive@a.test",
            action=AccessLogEntry.Action.DOWNLOAD,
            record_type=RecordType.GOVERNANCE_PAPER,
            school=school_y,
        ),
        "refused": entry(
            partnership_a,
            when=at(day + dt.timedelta(days=12), hour=23),
            user_name="Harriet Head",
            user_email="head.x@a.test",
            action=AccessLogEntry.Action.REFUSED,
            record_type=RecordType.PAGE,
        ),
        # Partnership B's entry names a school of the same name pattern and the same person text.
        "b": entry(
            partnership_b,
            when=at(day),
            user_name="Harriet Head",
            user_email="head.x@a.test",
            school=school_z,
        ),
    }


def found(client, **query) -> set[int]:
    response = client.get(log_url(), query)
    assert response.status_code == 200
    return {e.pk for e in response.context["page"].object_list}


def ids(logged, *names) -> set[int]:
    return {logged[name].pk for name in names}


def test_each_filter_finds_exactly_the_matching_entries(client_for, la_admin_a, logged, school_x):
    client = client_for(la_admin_a)
    everything = ids(logged, "head_x_case", "officer_export", "y_paper", "refused")
    assert found(client) == everything
    assert found(client, person="harriet") == ids(logged, "head_x_case", "refused")
    assert found(client, person="OLIVE@A") == ids(logged, "officer_export", "y_paper")
    assert found(client, school="School X") == ids(logged, "head_x_case")
    assert found(client, school=str(school_x.urn)) == ids(logged, "head_x_case")
    assert found(client, action="download") == ids(logged, "y_paper")
    assert found(client, record_type=RecordType.SUPPORT_CASES) == ids(logged, "officer_export")
    assert found(client, date_from="15/11/2026") == ids(logged, "officer_export", "y_paper", "refused")
    # "To" includes the whole of that day, to the last minute.
    assert found(client, date_to="22/11/2026") == everything
    assert found(client, date_from="11/11/2026", date_to="15 November 2026") == ids(logged, "officer_export")
    assert found(client, person="olive", action="export") == ids(logged, "officer_export")


def test_newest_entries_come_first(client_for, la_admin_a, logged):
    page = client_for(la_admin_a).get(log_url()).context["page"]
    assert [e.pk for e in page.object_list] == [
        logged[name].pk for name in ("refused", "y_paper", "officer_export", "head_x_case")
    ]


def test_another_partnerships_entries_never_appear(client_for, la_admin_a, logged, school_z):
    client = client_for(la_admin_a)
    assert logged["b"].pk not in found(client)
    assert found(client, school=str(school_z.urn)) == set()
    assert found(client, person="harriet") == ids(logged, "head_x_case", "refused")


@pytest.mark.parametrize(
    "persona", ["la_officer_a", "head_x", "governor_x", "board_member_a", "la_officer_b"]
)
def test_only_la_administrators_may_search_the_log(persona, personas, client_for, logged):
    client = client_for(personas[persona])
    assert client.get(log_url()).status_code == 404
    assert (
        client.get(reverse("partnership:access-log-export", kwargs={"partnership_slug": "pa"})).status_code
        == 404
    )


def test_wrong_dates_are_explained_beside_the_field(client_for, la_admin_a, logged):
    response = client_for(la_admin_a).get(log_url(), {"date_from": "31/02/2026", "date_to": "1/1/2020"})
    text = text_of(response)
    assert "There is a problem" in text
    assert "The from date must be a real date, like 22/11/2026" in text
    # The rest of the search still applies: the correct "to" date leaves nothing.
    assert list(response.context["page"].object_list) == []
    later = client_for(la_admin_a).get(log_url(), {"date_from": "20/11/2026", "date_to": "1/11/2026"})
    assert "The to date must be the same as or after the from date" in text_of(later)


def test_far_off_dates_are_refused_beside_the_field_not_a_server_error(client_for, la_admin_a, logged):
    client = client_for(la_admin_a)
    response = client.get(log_url(), {"date_to": "31/12/9999"})
    assert response.status_code == 200
    assert "The to date must be between 2000 and 2100" in text_of(response)
    export = reverse("partnership:access-log-export", kwargs={"partnership_slug": "pa"})
    assert client.get(export, {"date_to": "31/12/9999"}).status_code in {200, 302}


def test_an_empty_log_explains_what_it_is(client_for, la_admin_a):
    text = text_of(client_for(la_admin_a).get(log_url()))
    assert "Nothing has been logged yet" in text
    assert "No one can change or delete an entry" in text


def test_the_search_pages_by_fifty_with_a_pinned_query_count(client_for, la_admin_a, partnership_a, school_x):
    for i in range(60):
        entry(partnership_a, school=school_x if i % 2 else None, record_id=str(i))
    client = client_for(la_admin_a)
    client.get(log_url())
    # session, user, context, count, the page's entries with their schools, partnership chooser
    with pinned_queries(6):
        first = client.get(log_url())
    assert len(first.context["page"].object_list) == 50
    second = client.get(log_url(), {"page": 2})
    assert len(second.context["page"].object_list) == 10
    assert "Page 2" in second.content.decode()


def test_the_csv_download_holds_the_search_and_is_itself_logged(
    client_for, la_admin_a, logged, partnership_a
):
    client = client_for(la_admin_a)
    export = reverse("partnership:access-log-export", kwargs={"partnership_slug": "pa"})
    response = client.get(export, {"person": "olive"}, REMOTE_ADDR="198.51.100.4")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Why"] for row in rows] == ["", "Termly report to the board"]
    assert {row["Email address"] for row in rows} == {"olive@a.test"}
    own = AccessLogEntry.objects.filter(record_type=RecordType.ACCESS_LOG).get()
    assert (own.action, own.user, own.partnership, own.ip_address) == (
        AccessLogEntry.Action.EXPORT,
        la_admin_a,
        partnership_a,
        "198.51.100.4",
    )
    assert "person=olive" in own.description


def test_the_data_sharing_page_offers_the_log_to_la_administrators_only(client_for, la_admin_a, la_officer_a):
    sharing = reverse("partnership:sharing", kwargs={"partnership_slug": "pa"})
    assert "Search the access log" in text_of(client_for(la_admin_a).get(sharing))
    assert "Search the access log" not in text_of(client_for(la_officer_a).get(sharing))
