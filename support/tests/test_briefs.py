"""The termly brief for a supported school's governors (issue 17, item 7; decision 0036): prepared by
the LA or the headteacher, approved by the headteacher (or recorded by the LA where the school has no
headteacher in the portal), frozen at approval, and read by that school's governors only."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from partnership.access import partnership_context_for
from partnership.models import Notification, Role
from partnership.services import ServiceError
from support import rules, selectors
from support.models import ObjectiveRating, TermlyBrief
from support.services import briefs as brief_services
from support.terms import TermKind, term_on
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    ObjectiveFactory,
    ReviewFactory,
    RoleFactory,
    SchoolFactory,
    UserFactory,
    consent_in_force,
    published_agreement,
)
from tests.helpers import error_beside, pinned_queries, text_of


def url(name, slug="pa", **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": slug, **kwargs})


def home(slug="pa"):
    return reverse("partnership:home", kwargs={"partnership_slug": slug})


def ctx_of(user, slug="pa"):
    return partnership_context_for(user, slug)


@pytest.fixture
def case_x(partnership_a, school_x, la_officer_a):
    case = CaseFactory(
        partnership=partnership_a, school=school_x, lead_officer=la_officer_a, status="in_delivery"
    )
    agreement = AgreementFactory(case=case, status="agreed")
    reading = ObjectiveFactory(agreement=agreement, description="Raise attainment in reading")
    ObjectiveFactory(
        agreement=agreement, description="Train the new English lead", target_date=dt.date(2027, 3, 1)
    )
    rated = ReviewFactory(agreement=agreement, status="quality_assured", held_on=dt.date(2026, 10, 20))
    ObjectiveRating.objects.create(review=rated, objective=reading, rating="at_risk")
    ReviewFactory(agreement=agreement, due_on=dt.date(2027, 1, 15))
    # Support the school declined says nothing to its governors.
    ObjectiveFactory(agreement=AgreementFactory(case=case, status="declined"), description="Declined work")
    return case


@pytest.fixture
def observer_a(partnership_a):
    user = UserFactory(full_name="Orla Observer", email="orla@a.test")
    RoleFactory(user=user, partnership=partnership_a, role=Role.OBSERVER)
    return user


@pytest.fixture
def governor_y(partnership_a, school_y):
    user = UserFactory(full_name="Gus Governor", email="gus@y.test")
    RoleFactory(user=user, partnership=partnership_a, role=Role.GOVERNOR, school=school_y)
    return user


def prepared(case, by):
    return brief_services.brief_prepare(actor=by, ctx=ctx_of(by), case=case)


def approved(case, head, preparer, note=""):
    brief = prepared(case, preparer)
    return brief_services.brief_approve(actor=head, ctx=ctx_of(head), brief=brief, note=note)


def test_a_governor_reads_the_brief_only_once_the_headteacher_approves_it(
    case_x, client_for, la_officer_a, head_x, governor_x
):
    officer = client_for(la_officer_a)
    response = officer.post(url("brief-prepare", case_id=case_x.pk))
    brief = TermlyBrief.objects.get(case=case_x)
    assert response.url == url("brief", brief_id=brief.pk)
    # The headteacher is asked to approve it; the governor sees nothing yet, not even that it exists.
    assert Notification.objects.get(user=head_x).link == url("brief", brief_id=brief.pk)
    governor = client_for(governor_x)
    assert governor.get(url("brief", brief_id=brief.pk)).status_code == 404
    assert "No brief has been shared with you." in text_of(governor.get(home()))

    head = client_for(head_x)
    draft = text_of(head.get(url("brief", brief_id=brief.pk)))
    assert "Not yet approved. The school's governors cannot see this brief" in draft
    response = head.post(url("brief-approve", brief_id=brief.pk), {"note": "We are pleased with progress."})
    assert response.status_code == 302

    page = text_of(governor.get(url("brief", brief_id=brief.pk)))
    term = term_on(case_x.partnership, dt.date.today())
    assert f"brief for governors, {term.label}" in page
    assert "Status of the support In delivery" in page
    assert "Next review Due on 15 January 2027" in page
    assert "Raise attainment in reading 1 July 2027 At risk, at the review on 20 October 2026" in page
    assert "Train the new English lead 1 March 2027 Not rated yet" in page
    assert "Declined work" not in page
    assert "From the headteacher We are pleased with progress." in page
    assert "Approved on" in page and "by Hana Head, headteacher" in page
    # They are sent a message with the link, and the brief is on their home page.
    told = Notification.objects.get(user=governor_x)
    assert told.link == url("brief", brief_id=brief.pk)
    assert f"School X: brief for governors, {term.label}" in text_of(governor.get(home()))
    # The governor does not see the case itself, and may not approve anything.
    assert governor.get(url("case", case_id=case_x.pk)).status_code == 404
    assert governor.post(url("brief-approve", brief_id=brief.pk), {"note": ""}).status_code == 403


def test_what_governors_read_is_frozen_at_approval(case_x, head_x, la_officer_a, client_for, governor_x):
    brief = approved(case_x, head_x, la_officer_a)
    case_x.status = "escalated"
    case_x.save()
    ObjectiveRating.objects.filter(rating="at_risk").update(rating="off_track")
    page = text_of(client_for(governor_x).get(url("brief", brief_id=brief.pk)))
    assert "Status of the support In delivery" in page and "At risk, at the review" in page
    assert "Escalated" not in page and "Off track" not in page


def test_one_brief_per_case_per_term_and_a_new_one_next_term(case_x, la_officer_a, head_x):
    first = prepared(case_x, la_officer_a)
    with pytest.raises(ServiceError, match="There is already a brief for the"):
        prepared(case_x, head_x)
    # The database holds the rule, whoever writes.
    with pytest.raises(IntegrityError):
        TermlyBrief.objects.create(
            case=case_x,
            academic_year=first.academic_year,
            term=first.term,
            term_starts_on=first.term_starts_on,
            term_ends_on=first.term_ends_on,
            drafted_by=la_officer_a,
            drafted_at=first.drafted_at,
        )


def test_the_next_terms_brief_is_a_new_record(case_x, la_officer_a):
    ctx = ctx_of(la_officer_a)
    autumn = brief_services.brief_prepare(
        actor=la_officer_a, ctx=ctx, case=case_x, today=dt.date(2026, 11, 2)
    )
    spring = brief_services.brief_prepare(actor=la_officer_a, ctx=ctx, case=case_x, today=dt.date(2027, 2, 2))
    assert (autumn.term, spring.term) == (TermKind.AUTUMN, TermKind.SPRING)
    assert (autumn.term_label, spring.term_label) == ("Autumn term 2026", "Spring term 2027")


def test_no_one_else_reads_a_brief_even_approved(
    case_x,
    head_x,
    la_officer_a,
    client_for,
    governor_y,
    head_y,
    observer_a,
    board_member_a,
    la_officer_b,
    partnership_a,
):
    brief = approved(case_x, head_x, la_officer_a)
    # School X consents to share its support casework: the brief is not casework shared with
    # recipients, so partners and the board still do not read it.
    consent_in_force(published_agreement(partnership_a), case_x.school, head=head_x)
    partner = UserFactory()
    RoleFactory(user=partner, partnership=partnership_a, role=Role.PARTNER)
    for person in (governor_y, head_y, observer_a, board_member_a, partner):
        assert client_for(person).get(url("brief", brief_id=brief.pk)).status_code == 404, person
    assert client_for(la_officer_b).get(url("brief", slug="pb", brief_id=brief.pk)).status_code == 404


def test_the_headteacher_approves_where_the_school_has_one(
    case_x, client_for, la_officer_a, head_x, partnership_a
):
    brief = prepared(case_x, la_officer_a)
    staff = UserFactory()
    RoleFactory(user=staff, partnership=partnership_a, role=Role.SCHOOL_STAFF, school=case_x.school)
    assert client_for(staff).get(url("brief", brief_id=brief.pk)).status_code == 200
    assert client_for(staff).post(url("brief-approve", brief_id=brief.pk), {"note": ""}).status_code == 403
    officer = client_for(la_officer_a)
    assert officer.post(url("brief-approve", brief_id=brief.pk), {"note": ""}).status_code == 403
    record = {"how": "phone", "who": "Mrs Head", "on": "1/12/2026", "note": ""}
    assert officer.post(url("brief-approval-record", brief_id=brief.pk), record).status_code == 403
    assert "Hana Head, the school's headteacher in the portal, approves it." in text_of(
        officer.get(url("brief", brief_id=brief.pk))
    )
    brief_services.brief_approve(actor=head_x, ctx=ctx_of(head_x), brief=brief, note="")
    # Approved once: the approval page leads back to the brief, and the service refuses a second.
    again = client_for(head_x).get(url("brief-approve", brief_id=brief.pk))
    assert again.status_code == 302 and again.url == url("brief", brief_id=brief.pk)
    with pytest.raises(ServiceError, match="already been approved"):
        brief_services.brief_approve(actor=head_x, ctx=ctx_of(head_x), brief=brief, note="")


def test_where_the_school_has_no_headteacher_an_la_officer_records_the_approval(
    partnership_a, la_officer_a, client_for, governor_x
):
    school = SchoolFactory(name="School Without A Head", la_code="901")
    case = CaseFactory(partnership=partnership_a, school=school, lead_officer=la_officer_a)
    RoleFactory(user=governor_x, partnership=partnership_a, role=Role.GOVERNOR, school=school)
    brief = prepared(case, la_officer_a)
    officer = client_for(la_officer_a)
    page = text_of(officer.get(url("brief", brief_id=brief.pk)))
    assert "The school has no headteacher in the portal, so nobody there can approve the brief here." in page
    record = url("brief-approval-record", brief_id=brief.pk)
    empty = officer.post(record, {})
    assert "There is a problem" in text_of(empty)
    assert error_beside(empty, "how") == "Say how the headteacher approved the brief"
    assert error_beside(empty, "who") == "Enter who approved the brief for the school"
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = officer.post(record, {"how": "email", "who": "Mrs A Jones, headteacher", "on": future})
    assert error_beside(response, "on") == "The date of the approval cannot be in the future"
    too_long = officer.post(record, {"how": "email", "who": "Mrs A Jones", "on": "x", "note": "n" * 1001})
    assert error_beside(too_long, "note") == "Keep the note to 1,000 characters or fewer"
    today = dt.date.today().strftime("%d/%m/%Y")
    officer.post(
        record, {"how": "email", "who": "Mrs A Jones, headteacher", "on": today, "note": "Thank you."}
    )
    brief.refresh_from_db()
    assert brief.is_approved and brief.approved_how == "email" and brief.approved_by == la_officer_a
    page = text_of(client_for(governor_x).get(url("brief", brief_id=brief.pk)))
    assert "by Mrs A Jones, headteacher by email (recorded by Oscar Officer of the LA)" in page
    assert brief.history.first().history_change_reason.startswith("Approved for governors")


def test_a_closed_case_gets_no_new_brief(case_x, la_officer_a):
    case_x.status, case_x.closure = "closed", "completed"
    case_x.save()
    with pytest.raises(ServiceError, match="This case is closed"):
        prepared(case_x, la_officer_a)


def test_only_the_la_and_the_receiving_head_prepare_a_brief(case_x, client_for, head_y, board_member_a):
    with pytest.raises(Exception, match="only the LA or the school's headteacher"):
        prepared(case_x, head_y)
    assert client_for(head_y).post(url("brief-prepare", case_id=case_x.pk)).status_code == 404


def test_each_person_is_scoped_to_the_briefs_the_rules_allow(
    case_x, partnership_a, school_y, la_officer_a, head_x, head_y, governor_x, governor_y, board_member_a
):
    case_y = CaseFactory(partnership=partnership_a, school=school_y, lead_officer=la_officer_a)
    draft_x = prepared(case_x, la_officer_a)
    approved_y = approved(case_y, head_y, la_officer_a)

    def seen(user):
        return set(rules.scoped_briefs(ctx_of(user), TermlyBrief.objects.all()).values_list("pk", flat=True))

    assert seen(la_officer_a) == {draft_x.pk, approved_y.pk}
    assert seen(head_x) == {draft_x.pk}
    assert seen(governor_x) == set()
    assert seen(governor_y) == {approved_y.pk}
    assert seen(board_member_a) == set()
    assert [b.pk for b in selectors.governor_briefs(ctx_of(governor_y))] == [approved_y.pk]


@pytest.mark.parametrize("terms", [1, 4])
def test_the_governors_pages_have_pinned_query_counts(
    terms, case_x, head_x, la_officer_a, client_for, governor_x, partnership_a, school_y
):
    brief = approved(case_x, head_x, la_officer_a)
    for n in range(1, terms):  # earlier terms' briefs, and another school's
        earlier = brief_services.brief_prepare(
            actor=la_officer_a, ctx=ctx_of(la_officer_a), case=case_x, today=dt.date(2025 - n, 11, 1)
        )
        brief_services.brief_approve(actor=head_x, ctx=ctx_of(head_x), brief=earlier, note="")
    other = CaseFactory(partnership=partnership_a, school=school_y, lead_officer=la_officer_a)
    prepared(other, la_officer_a)
    client = client_for(governor_x)
    client.get(home())
    # session, user, context, the brief, the school's headteachers, the other terms' briefs, the
    # access log entry, chooser
    with pinned_queries(8):
        page = client.get(url("brief", brief_id=brief.pk))
    assert len(page.context["earlier"]) == terms - 1
    # The home page: one query more than before briefs (the latest brief of each case), whatever
    # the number of briefs.
    with pinned_queries(12):
        assert client.get(home()).status_code == 200


def test_a_brief_belongs_to_the_term_by_the_partnerships_own_dates(case_x, la_officer_a, partnership_a):
    """The governance app hands over the partnership's term dates: a day in the Christmas holiday
    after an autumn term that ends on 18 December belongs to the autumn term, as in the reports."""
    from governance.models import Term
    from governance.terms import terms_for

    autumn, spring, _ = terms_for(partnership_a, 2026)
    Term.objects.filter(pk=autumn.pk).update(ends_on=dt.date(2026, 12, 18))
    Term.objects.filter(pk=spring.pk).update(starts_on=dt.date(2027, 1, 5))
    brief = brief_services.brief_prepare(
        actor=la_officer_a, ctx=ctx_of(la_officer_a), case=case_x, today=dt.date(2027, 1, 2)
    )
    assert (brief.term_label, brief.term_starts_on, brief.term_ends_on) == (
        "Autumn term 2026",
        dt.date(2026, 9, 1),
        dt.date(2026, 12, 18),
    )


def test_reading_a_brief_is_in_the_access_log(case_x, head_x, la_officer_a, client_for, governor_x):
    from partnership.models import AccessLogEntry

    brief = approved(case_x, head_x, la_officer_a)
    client_for(governor_x).get(url("brief", brief_id=brief.pk))
    entry = AccessLogEntry.objects.get(user=governor_x)
    assert (entry.school_id, entry.record_id) == (case_x.school_id, str(case_x.pk))
    assert entry.description == f"Brief for governors, {brief.term_label}"
