"""Each persona sees exactly the cases and agreements the rules allow: ids compared, through the lists,
the pages, the CSV export and the history view."""

import csv
import io

import pytest
from django.urls import reverse

from partnership.models import Role
from support import selectors
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    ObjectiveFactory,
    RoleFactory,
    SchoolFactory,
    UserFactory,
    consent_in_force,
    published_agreement,
)
from tests.helpers import pinned_queries, text_of


def url(name, slug="pa", **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": slug, **kwargs})


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, la_officer_a, leader, la_officer_b):
    other_school = SchoolFactory(la_code="901", name="School W")
    case_x = CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)
    case_y = CaseFactory(partnership=partnership_a, school=school_y, lead_officer=la_officer_a)
    case_w = CaseFactory(
        partnership=partnership_a, school=other_school, lead_officer=la_officer_a, shared_with_board=True
    )
    case_z = CaseFactory(partnership=partnership_b, school=school_z, lead_officer=la_officer_b)
    led = AgreementFactory(
        case=case_w, provider_type="system_leader", provider_leader=leader, provider_name=""
    )
    given_by_y = AgreementFactory(
        case=case_x, provider_type="school", provider_school=school_y, provider_name=""
    )
    other = AgreementFactory(case=case_x)
    ObjectiveFactory(agreement=led)
    return {
        "x": case_x,
        "y": case_y,
        "w": case_w,
        "z": case_z,
        "led": led,
        "given_by_y": given_by_y,
        "other": other,
    }


def listed(response):
    return {case.pk for case in response.context["page"].object_list}


def test_la_officers_see_every_case_of_their_partnership_only(world, client_for, la_officer_a, la_officer_b):
    assert listed(client_for(la_officer_a).get(url("cases"))) == {world[k].pk for k in "xyw"}
    assert listed(client_for(la_officer_b).get(url("cases", slug="pb"))) == {world["z"].pk}


def test_a_headteacher_sees_their_own_schools_cases(world, client_for, head_x, head_y):
    assert listed(client_for(head_x).get(url("cases"))) == {world["x"].pk}
    assert listed(client_for(head_y).get(url("cases"))) == {world["y"].pk}
    assert client_for(head_x).get(url("case", case_id=world["y"].pk)).status_code == 404


def test_a_governor_is_told_on_their_home_page_how_they_hear_of_their_schools_support(
    world, client_for, governor_x, head_x
):
    sentence = (
        "If the partnership supports your school, your headteacher sees the support case, which is "
        "confidential. Each term your headteacher approves a brief of the support for governors: its "
        "status, each objective with its last rating, and the next review. You are sent a message when "
        "a brief is ready, and at once if the support is escalated."
    )
    home = reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    assert sentence in text_of(client_for(governor_x).get(home))
    assert sentence not in text_of(client_for(head_x).get(home))


def test_governors_and_other_partnerships_see_nothing(world, client_for, governor_x, la_officer_b):
    assert client_for(governor_x).get(url("cases")).status_code == 404
    assert client_for(governor_x).get(url("case", case_id=world["x"].pk)).status_code == 404
    for case in "xyw":
        assert client_for(la_officer_b).get(url("case", slug="pb", case_id=world[case].pk)).status_code == 404
    assert (
        client_for(la_officer_b).get(url("agreement", slug="pb", agreement_id=world["led"].pk)).status_code
        == 404
    )


def test_board_members_see_totals_and_only_shared_cases(world, client_for, board_member_a, partnership_a):
    client = client_for(board_member_a)
    page = client.get(url("cases"))
    assert "The board sees totals" in text_of(page)
    # Shared with the board, but the school has not consented: the board sees nothing of it.
    assert [c.pk for c in page.context["shared"]] == []
    assert client.get(url("case", case_id=world["w"].pk)).status_code == 404
    agreement = published_agreement(partnership_a)
    consent_in_force(agreement, world["w"].school)
    consent_in_force(agreement, world["x"].school)
    page = client.get(url("cases"))
    assert [c.pk for c in page.context["shared"]] == [world["w"].pk]
    assert client.get(url("case", case_id=world["w"].pk)).status_code == 200
    # X consented, but the LA has not shared X's case with the board.
    assert client.get(url("case", case_id=world["x"].pk)).status_code == 404


def test_a_provider_sees_only_the_agreements_they_deliver(world, client_for, leader_user, head_y):
    client = client_for(leader_user)
    provided = {a.pk for a in client.get(url("agreements")).context["page"].object_list}
    assert provided == {world["led"].pk}
    assert client.get(url("agreement", agreement_id=world["led"].pk)).status_code == 200
    assert client.get(url("agreement", agreement_id=world["other"].pk)).status_code == 404
    assert client.get(url("case", case_id=world["w"].pk)).status_code == 404  # not the whole case
    page = text_of(client.get(url("agreement", agreement_id=world["led"].pk)))
    assert "Cost and funding" not in page and "Conflict of interest" not in page
    # Y's headteacher gives support to X through their school, and sees that agreement only.
    y_gives = {a.pk for a in client_for(head_y).get(url("agreements")).context["page"].object_list}
    assert y_gives == {world["given_by_y"].pk}
    assert client_for(head_y).get(url("agreement", agreement_id=world["other"].pk)).status_code == 404


def test_the_csv_export_follows_the_same_rules(world, client_for, la_officer_a, head_x):
    def ids(client):
        body = b"".join(
            client.post(url("export"), {"reason": "Termly report to the board"}).streaming_content
        ).decode()
        return {int(row["Case"]) for row in csv.DictReader(io.StringIO(body))}

    assert ids(client_for(la_officer_a)) == {world[k].pk for k in "xyw"}
    assert ids(client_for(head_x)) == {world["x"].pk}


def test_the_history_view_is_for_the_la_only(
    world, client_for, la_officer_a, la_officer_b, head_x, leader_user, board_member_a
):
    """A record's history holds every field (cost, conflict notes): even those who may read the
    case or agreement itself do not get it."""

    def history(kind, pk, slug="pa"):
        return reverse("partnership:history", kwargs={"partnership_slug": slug, "kind": kind, "pk": pk})

    assert client_for(la_officer_a).get(history("case", world["x"].pk)).status_code == 200
    assert client_for(la_officer_a).get(history("agreement", world["led"].pk)).status_code == 200
    assert client_for(head_x).get(history("case", world["x"].pk)).status_code == 404
    assert client_for(leader_user).get(history("agreement", world["led"].pk)).status_code == 404
    assert client_for(board_member_a).get(history("case", world["w"].pk)).status_code == 404
    assert client_for(la_officer_b).get(history("case", world["x"].pk, slug="pb")).status_code == 404


def test_partners_see_cases_only_under_consent_in_force(world, partnership_a):
    from partnership.access import partnership_context_for

    diocese = UserFactory()
    RoleFactory(user=diocese, partnership=partnership_a, role=Role.PARTNER)
    observer = UserFactory()
    RoleFactory(user=observer, partnership=partnership_a, role=Role.OBSERVER)

    def seen(person):
        return set(
            selectors.visible_cases(partnership_context_for(person, "pa")).values_list("pk", flat=True)
        )

    assert seen(diocese) == set()
    agreement = published_agreement(partnership_a)
    consent = consent_in_force(agreement, world["y"].school)
    consent_in_force(agreement, world["x"].school, categories=["needs"])  # not support casework
    assert seen(diocese) == {world["y"].pk}
    assert seen(observer) == set(), "an observer is not a recipient under the agreement"
    consent.withdrawn_at = consent.in_force_from
    consent.save()
    assert seen(diocese) == set()


def test_lists_and_pages_have_pinned_query_counts(world, client_for, la_officer_a, leader_user):
    officer = client_for(la_officer_a)
    for _ in range(20):
        CaseFactory(
            partnership=world["x"].partnership, school=SchoolFactory(la_code="901"), lead_officer=la_officer_a
        )
    officer.get(url("cases"))
    # session, user, context, priorities (filter), count, page, chooser
    with pinned_queries(7):
        officer.get(url("cases"))
    officer.get(url("case", case_id=world["x"].pk))
    # session, user, context, case, priorities, agreements, objectives, reviews, escalations,
    # briefs for governors, the term a brief prepared today would be for, history, access log entry,
    # watch, chooser
    with pinned_queries(15):
        officer.get(url("case", case_id=world["x"].pk))
    provider = client_for(leader_user)
    provider.get(url("agreements"))
    # session, user, context, count, page, chooser
    with pinned_queries(6):
        provider.get(url("agreements"))
    provider.get(url("agreement", agreement_id=world["led"].pk))
    # session, user, context, agreement, priorities, log count, hours logged, access log entry,
    # objectives, actions, visits, reviews (with ratings), the school's headteachers (it waits for
    # the school's answer), chooser
    with pinned_queries(14):
        provider.get(url("agreement", agreement_id=world["led"].pk))


def test_board_totals_read_as_words(world, client_for, board_member_a, settings):
    settings.SMALL_CELL_MIN_SCHOOLS = 1
    text = text_of(client_for(board_member_a).get(url("cases")))
    assert "Identified 3" in text


def test_board_totals_resting_on_few_schools_are_suppressed(world, client_for, board_member_a, settings):
    settings.SMALL_CELL_MIN_SCHOOLS = 4
    text = text_of(client_for(board_member_a).get(url("cases")))
    assert "Identified Fewer than 4 schools" in text and "Identified 3" not in text
    settings.SMALL_CELL_MIN_SCHOOLS = 3
    assert "Identified 3" in text_of(client_for(board_member_a).get(url("cases")))


def test_reading_a_cases_history_is_logged_like_reading_the_case(world, client_for, la_officer_a):
    from partnership.models import AccessLogEntry

    history = reverse(
        "partnership:history", kwargs={"partnership_slug": "pa", "kind": "case", "pk": world["x"].pk}
    )
    assert client_for(la_officer_a).get(history).status_code == 200
    entry = AccessLogEntry.objects.get(user=la_officer_a, record_id=str(world["x"].pk))
    assert (entry.record_type, entry.school_id, entry.action) == (
        "support_case",
        world["x"].school_id,
        "view",
    )
