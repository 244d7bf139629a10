"""Opening or exporting a confidential record writes exactly one access-log entry: who, what, which
school, from where and, for sensitive exports, why. Sensitive exports ask why before the file."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from consultation.demo import leep_2013_questionnaire
from consultation.models import Answer, Response
from governance.models import AgendaItem, Board, Meeting, Paper
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.factories import AgreementFactory, CaseFactory, InspectionFactory, NeedsFlagFactory
from tests.helpers import text_of


def support(name, **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": "pa", **kwargs})


@pytest.fixture
def case_x(partnership_a, school_x, la_officer_a):
    return CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)


def test_a_head_viewing_their_case_writes_one_entry(client_for, head_x, case_x, partnership_a, school_x):
    response = client_for(head_x).get(
        support("case", case_id=case_x.pk), REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox"
    )
    assert response.status_code == 200
    logged = AccessLogEntry.objects.get()
    assert (
        logged.action,
        logged.record_type,
        logged.record_id,
        logged.user,
        logged.user_email,
        logged.roles,
        logged.partnership,
        logged.school,
        logged.ip_address,
        logged.user_agent,
        logged.path,
    ) == (
        AccessLogEntry.Action.VIEW,
        RecordType.SUPPORT_CASE,
        str(case_x.pk),
        head_x,
        "hana@x.test",
        "Headteacher",
        partnership_a,
        school_x,
        "203.0.113.9",
        "Firefox",
        f"/p/pa/support/cases/{case_x.pk}/",
    )


def test_a_case_another_head_may_not_see_is_logged_as_refused_not_viewed(client_for, head_y, case_x):
    assert client_for(head_y).get(support("case", case_id=case_x.pk)).status_code == 404
    assert list(AccessLogEntry.objects.values_list("action", flat=True)) == [AccessLogEntry.Action.REFUSED]


def test_an_agreement_view_names_the_receiving_school(client_for, la_officer_a, case_x, school_x):
    agreement = AgreementFactory(case=case_x)
    client_for(la_officer_a).get(support("agreement", agreement_id=agreement.pk))
    logged = AccessLogEntry.objects.get()
    assert (logged.record_type, logged.record_id, logged.school) == (
        RecordType.SUPPORT_AGREEMENT,
        str(agreement.pk),
        school_x,
    )


def test_the_cases_export_asks_why_and_logs_the_reason(client_for, la_officer_a, case_x):
    client = client_for(la_officer_a)
    export = support("export") + "?status=open"
    question = client.get(export)
    assert question.status_code == 200 and question["Content-Type"].startswith("text/html")
    assert "Why do you need this export?" in text_of(question)
    empty = client.post(export, {"reason": ""})
    assert "There is a problem" in text_of(empty) and "Enter why you need this export" in text_of(empty)
    too_short = client.post(export, {"reason": "report"})
    assert "Say in a few words why you need this export" in text_of(too_short)
    assert not AccessLogEntry.objects.exists()
    done = client.post(export, {"reason": "  Termly   report to the board "})
    assert done["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(done.streaming_content).decode())))
    assert [int(row["Case"]) for row in rows] == [case_x.pk]
    logged = AccessLogEntry.objects.get()
    assert (logged.action, logged.record_type, logged.reason, logged.user) == (
        AccessLogEntry.Action.EXPORT,
        RecordType.SUPPORT_CASES,
        "Termly report to the board",
        la_officer_a,
    )
    assert "status=open" in logged.description


def test_the_needs_list_and_a_flags_page_are_logged(client_for, la_officer_a, partnership_a, school_x):
    flag = NeedsFlagFactory(partnership=partnership_a, school=school_x)
    client = client_for(la_officer_a)
    client.get(reverse("schools:needs", kwargs={"partnership_slug": "pa"}))
    client.get(reverse("schools:flag-dismiss", kwargs={"partnership_slug": "pa", "flag_id": flag.pk}))
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [(e.record_type, e.record_id, e.school) for e in entries] == [
        (RecordType.NEEDS_FLAGS, "", school_x),  # only one school's flags on the page
        (RecordType.NEEDS_FLAGS, str(flag.pk), school_x),
    ]


def test_the_school_profile_is_logged_only_when_it_shows_confidential_records(
    client_for, la_officer_a, governor_x, partnership_a, school_x
):
    InspectionFactory(school=school_x, inspected_on=dt.date(2024, 1, 1))
    page = reverse("schools:school", kwargs={"partnership_slug": "pa", "urn": school_x.urn})
    client_for(governor_x).get(page)  # the public register only
    assert not AccessLogEntry.objects.exists()
    client_for(la_officer_a).get(page)
    logged = AccessLogEntry.objects.get()
    assert (logged.record_type, logged.school, logged.user) == (
        RecordType.SCHOOL_RECORDS,
        school_x,
        la_officer_a,
    )


@pytest.fixture
def meeting(partnership_a, la_admin_a):
    board = Board.objects.create(partnership=partnership_a, name="Strategic Group", clerk=la_admin_a)
    return Meeting.objects.create(board=board, starts_at=dt.datetime(2027, 1, 14, 16, tzinfo=dt.UTC))


def _paper(meeting, user, *, confidential: bool) -> Paper:
    item = AgendaItem.objects.create(
        meeting=meeting,
        title="Schools causing concern",
        purpose="decision",
        rule="consensus",
        confidential=confidential,
    )
    paper = Paper(item=item, title="Briefing", uploaded_by=user)
    paper.file.save("briefing.pdf", ContentFile(b"%PDF-1.4 briefing"), save=True)
    return paper


def test_confidential_papers_and_the_members_pack_are_logged(client_for, la_admin_a, meeting):
    secret = _paper(meeting, la_admin_a, confidential=True)
    public = _paper(meeting, la_admin_a, confidential=False)
    client = client_for(la_admin_a)

    def governance(name, **kwargs):
        return reverse(
            f"governance:{name}", kwargs={"partnership_slug": "pa", "meeting_id": meeting.pk, **kwargs}
        )

    assert client.get(governance("paper", paper_id=public.pk)).status_code == 200
    assert not AccessLogEntry.objects.exists()
    assert client.get(governance("paper", paper_id=secret.pk)).status_code == 200
    assert client.get(governance("pack")).status_code == 200
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [(e.action, e.record_type, e.record_id) for e in entries] == [
        (AccessLogEntry.Action.DOWNLOAD, RecordType.GOVERNANCE_PAPER, str(secret.pk)),
        (AccessLogEntry.Action.VIEW, RecordType.AGENDA_PACK, str(meeting.pk)),
    ]


def test_the_responses_export_asks_why_and_a_response_page_is_logged(
    client_for, la_officer_a, partnership_a, la_admin_a
):
    consultation = leep_2013_questionnaire(
        partnership=partnership_a, actor=la_admin_a, opens_on=dt.date.today(), closes_on=dt.date.today()
    )
    response = Response.objects.create(
        consultation=consultation, respondent_kind="parent", status="submitted"
    )
    answer = Answer.objects.create(response=response, comment="Our school needs help with reading")
    client = client_for(la_officer_a)
    kwargs = {"partnership_slug": "pa", "consultation_id": consultation.pk}
    export = reverse("consultation:export-responses", kwargs=kwargs)
    assert "Why do you need this export?" in text_of(client.get(export))
    assert "Enter why you need this export" in text_of(client.post(export, {"reason": ""}))
    done = client.post(export, {"reason": "Analysis for the published summary"})
    assert done["Content-Type"].startswith("text/csv")
    client.get(reverse("consultation:answer", kwargs={**kwargs, "answer_id": answer.pk}))
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [(e.action, e.record_type, e.record_id, e.reason) for e in entries] == [
        (
            AccessLogEntry.Action.EXPORT,
            RecordType.CONSULTATION_RESPONSES,
            str(consultation.pk),
            "Analysis for the published summary",
        ),
        (AccessLogEntry.Action.VIEW, RecordType.CONSULTATION_ANSWER, str(response.pk), ""),
    ]
