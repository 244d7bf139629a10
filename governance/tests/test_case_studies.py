"""The LA chooses closed cases to tell as case studies; reports name a school only with its agreement
and its consent in force."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from governance.models import CaseStudy
from support.models.cases import CaseStatus
from tests.factories import CaseFactory, consent_in_force, published_agreement
from tests.helpers import pinned_queries, text_of


def url(name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": "pa", **kwargs})


@pytest.fixture
def closed(partnership_a, school_x, la_officer_a):
    return CaseFactory(
        partnership=partnership_a,
        school=school_x,
        lead_officer=la_officer_a,
        status=CaseStatus.CLOSED,
        closed_on=dt.date(2026, 11, 1),
        impact_statement="Reading at the expected standard rose from 58% to 71%.",
    )


def test_an_officer_tells_a_closed_case_as_a_case_study(client_for, la_officer_a, closed, partnership_a):
    client = client_for(la_officer_a)
    listing = client.get(url("case-studies"))
    assert [c.pk for c in listing.context["page"].object_list] == [closed.pk]
    add = url("case-study-add", case_id=closed.pk)
    form = client.get(add)
    assert "Reading at the expected standard rose" in text_of(form)
    errors = text_of(client.post(add, {"summary": "", "reason": ""}))
    assert "Enter what the support was and what changed" in errors and "Enter a reason" in errors
    assert not CaseStudy.objects.exists()
    client.post(add, {"summary": "A school improved its reading.", "named": "on", "reason": "Strong impact"})
    study = CaseStudy.objects.get()
    assert (study.case, study.school_agreed_to_be_named, study.added_by) == (closed, True, la_officer_a)
    assert study.history.latest().history_user == la_officer_a
    # A case is told once; it leaves the list of cases to choose from.
    assert client.get(add).status_code == 404
    client.post(url("case-study-remove", study_id=study.pk), {"reason": "The school asked us to"})
    assert not CaseStudy.objects.exists()


def test_only_closed_cases_of_this_partnership_and_only_the_la(
    client_for, la_officer_a, head_x, board_member_a, la_officer_b, closed, partnership_a, school_x
):
    open_case = CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)
    assert client_for(la_officer_a).get(url("case-study-add", case_id=open_case.pk)).status_code == 404
    for person in (head_x, board_member_a):
        assert client_for(person).get(url("case-studies")).status_code == 404
        assert client_for(person).get(url("case-study-add", case_id=closed.pk)).status_code == 404
    other = reverse("governance:case-study-add", kwargs={"partnership_slug": "pb", "case_id": closed.pk})
    assert client_for(la_officer_b).get(other).status_code == 404


def test_the_list_has_a_pinned_query_count(client_for, la_officer_a, closed, partnership_a, school_x):
    for _ in range(5):
        CaseFactory(
            partnership=partnership_a, school=school_x, lead_officer=la_officer_a, status=CaseStatus.CLOSED
        )
    client = client_for(la_officer_a)
    client.get(url("case-studies"))
    # session, user, context, case studies, count, page of closed cases, chooser
    with pinned_queries(7):
        client.get(url("case-studies"))


def test_reports_name_a_school_only_with_its_agreement_and_consent(
    la_officer_a, closed, partnership_a, school_x
):
    from governance.reporting.snapshot import build_snapshot
    from governance.terms import term_on

    CaseStudy.objects.create(
        partnership=partnership_a,
        case=closed,
        summary="Reading improved.",
        school_agreed_to_be_named=True,
        added_by=la_officer_a,
    )
    term = term_on(partnership_a, dt.date(2026, 11, 15))
    titles = [c["title"] for c in build_snapshot(partnership_a, term=term, audience="board")["case_studies"]]
    assert titles and all("School X" not in t for t in titles), "no consent yet: anonymised"
    consent_in_force(published_agreement(partnership_a), school_x)
    titles = [c["title"] for c in build_snapshot(partnership_a, term=term, audience="board")["case_studies"]]
    assert any("School X" in t for t in titles)
