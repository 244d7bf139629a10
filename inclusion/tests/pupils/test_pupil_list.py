"""The list of pupils in the inclusion partnerships: its columns, search and filters, fifty a page, a
search logged without the words searched for, and a fixed number of queries (decision 0020)."""

from __future__ import annotations

import re

from inclusion import services
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, Role
from tests.helpers import pinned_queries, text_of

from ..world import REASON, born_in_year, ctx_of, person, upn
from .conftest import options_of, url

PUPIL_LINK = re.compile(r'href="/p/pa/inclusion/pupils/(\d+)/"')


def pupil_ids_on(response) -> list[int]:
    return [int(pk) for pk in PUPIL_LINK.findall(response.content.decode())]


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_the_columns_and_marks_an_open_referral(world, client_for):
    head = world.people["head_x"]
    services.referral_create(
        actor=head,
        ctx=ctx_of(head),
        pupil=world.pupils["x1"],
        reasons="Repeated suspensions",
        support_tried="Mentoring",
        reason=REASON,
    )
    response = client_for(head).get(url("pupils"))
    assert response.status_code == 200
    assert pupil_ids_on(response) == [world.pupils["x1"].pk, world.pupils["x2"].pk]
    text = text_of(response)
    assert "2 pupils." in text
    x1, x2 = world.pupils["x1"], world.pupils["x2"]
    assert f"Pupil x1 {x1.upn} School X Year 9 No special educational needs Yes" in text
    assert f"Pupil x2 {x2.upn} School X Year 9 No special educational needs No" in text


def test_the_list_searches_by_name_or_upn_and_filters_by_school_and_year(world, client_for):
    officer = client_for(world.people["inclusion_officer"])
    pupils = world.pupils
    y1 = pupils["y1"]
    services.pupil_update(
        actor=world.people["inclusion_officer"],
        ctx=ctx_of(world.people["inclusion_officer"]),
        pupil=y1,
        full_name="Aaron Young",
        date_of_birth=y1.date_of_birth,
        year_group=10,
        send_status=y1.send_status,
        out_of_year_group_reason="Moved up a year",
        reason="Moved up a year",
    )

    def ids(**query):
        response = officer.get(url("pupils"), query)
        assert response.status_code == 200
        return pupil_ids_on(response)

    assert ids(q="x2") == [pupils["x2"].pk]
    assert ids(q="young") == [y1.pk]
    assert ids(q="pupil W") == [pupils["w1"].pk]
    assert ids(q=pupils["w1"].upn.lower()) == [pupils["w1"].pk]
    assert ids(school=world.schools["x"].pk) == [pupils["x1"].pk, pupils["x2"].pk]
    assert ids(year=10) == [y1.pk]
    assert ids(year=9, school=world.schools["y"].pk) == []
    assert ids() == [pupils[k].pk for k in ("y1", "w1", "x1", "x2")]
    assert ids(sort="school") == [pupils[k].pk for k in ("w1", "x1", "x2", "y1")]
    assert ids(sort="year") == [pupils[k].pk for k in ("w1", "x1", "x2", "y1")]
    nothing = officer.get(url("pupils"), {"q": "Nobody by this name"})
    assert "0 pupils match your search." in text_of(nothing)
    assert "No pupils match your search." in text_of(nothing)


def test_the_school_filter_offers_only_schools_whose_pupils_the_person_sees(world, client_for):
    response = client_for(world.people["chair_y"]).get(url("pupils"))
    assert options_of(response, "school") == {world.schools["x"].pk, world.schools["y"].pk}


def test_the_list_has_an_empty_state(partnership_a, school_x, client_for):
    head = person(partnership_a, Role.HEADTEACHER, school=school_x, name="New Head")
    text = text_of(client_for(head).get(url("pupils")))
    assert "0 pupils." in text and "No pupils yet." in text


def test_the_list_shows_fifty_pupils_a_page(world, client_for):
    officer = world.people["inclusion_officer"]
    for n in range(48):
        services.pupil_create(
            actor=officer,
            ctx=ctx_of(officer),
            full_name=f"Extra {n:02d}",
            date_of_birth=born_in_year(10, 1, 1),
            upn=upn(f"90120005{n:04d}"),
            home_school=world.schools["y"],
            year_group=10,
            reason=REASON,
        )
    client = client_for(officer)
    first, second = client.get(url("pupils")), client.get(url("pupils"), {"page": 2})
    assert len(pupil_ids_on(first)) == 50 and len(pupil_ids_on(second)) == 2
    assert "52 pupils." in text_of(first)
    assert not set(pupil_ids_on(first)) & set(pupil_ids_on(second))
    logged = AccessLogEntry.objects.filter(record_type=RecordType.PUPILS, user=officer)
    assert list(logged.order_by("pk").values_list("description", flat=True)) == [
        "52 pupils, page 1",
        "52 pupils, page 2",
    ]


def test_a_search_is_logged_without_the_words_searched_for(world, client_for):
    head = world.people["head_x"]
    client_for(head).get(url("pupils"), {"q": "Pupil x1"})
    entry = AccessLogEntry.objects.get(record_type=RecordType.PUPILS, user=head)
    assert entry.description == "1 pupil (searched or filtered), page 1"


def test_the_list_takes_a_fixed_number_of_queries(world, client_for):
    officer = world.people["inclusion_officer"]
    for n in range(10):
        services.pupil_create(
            actor=officer,
            ctx=ctx_of(officer),
            full_name=f"Extra {n}",
            date_of_birth=born_in_year(10, 1, 1),
            upn=upn(f"90120006{n:04d}"),
            home_school=world.schools["x"],
            year_group=10,
            reason=REASON,
        )
    head = client_for(world.people["head_x"])
    head.get(url("pupils"))
    # session, user, context; the schools: designated-lead check, member schools, the
    # partnership's LAs, schools; the pupils: designated-lead check, member schools, count, page;
    # the access log; chooser
    with pinned_queries(13):
        response = head.get(url("pupils"))
    assert len(pupil_ids_on(response)) == 12
