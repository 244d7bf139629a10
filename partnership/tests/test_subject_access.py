"""Subject access exports: what the ZIP holds, that it holds nothing of another partnership, who may
make one, and that each is logged with its reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from consultation.demo import leep_2013_questionnaire
from consultation.models import Answer, Question, Response
from inclusion.tests.world import born_in_year
from partnership.access_log import record_access
from partnership.auditing import save_with_history
from partnership.models import AccessLogEntry, Notification, Role, SecurityEvent, SignInSession
from partnership.subject_access import build_subject_access_export
from tests.factories import CaseFactory, RoleFactory, SchoolFactory
from tests.helpers import pinned_queries, text_of

pytestmark = pytest.mark.django_db


def _files(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def oscar_everywhere(la_admin_a, la_officer_a, partnership_a, partnership_b, school_x, school_z):
    """Oscar is an LA officer in A who also works in B, and is named in records of both."""
    oscar = la_officer_a
    RoleFactory(user=oscar, partnership=partnership_b, role=Role.LA_OFFICER)
    case_a = CaseFactory(
        partnership=partnership_a, school=school_x, lead_officer=oscar, needs_analysis="Phonics in X"
    )
    case_b = CaseFactory(
        partnership=partnership_b, school=school_z, lead_officer=oscar, needs_analysis="Secret of Z"
    )
    case_a.needs_analysis = "Phonics and reading in X"
    save_with_history(case_a, actor=oscar, reason="Needs analysed with the head")
    case_b.needs_analysis = "More secrets of Z"
    save_with_history(case_b, actor=oscar, reason="Told only to B")
    today = dt.date.today()
    for partnership, comment in ((partnership_a, "A good plan for A"), (partnership_b, "B keeps this")):
        consultation = leep_2013_questionnaire(
            partnership=partnership, actor=la_admin_a, opens_on=today, closes_on=today
        )
        response = Response.objects.create(
            consultation=consultation,
            respondent_kind="la_staff",
            respondent_email="OSCAR@a.test",
            status="submitted",
        )
        question = Question.objects.filter(section__consultation=consultation).first()
        Answer.objects.create(response=response, question=question, choice="agree", comment=comment)
    Notification.objects.create(user=oscar, partnership=partnership_b, text="Only B's notification")
    SignInSession.objects.create(user=oscar, session_key="never-in-an-export", ip_address="192.0.2.1")
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.SIGN_IN, user=oscar, ip_address="192.0.2.1")
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.ACCESS_REFUSED, user=oscar, partnership=partnership_b
    )
    record_access(
        None,
        action="view",
        record_type="support case",
        record_id=case_a.pk,
        user=oscar,
        partnership=partnership_a,
    )
    record_access(
        None,
        action="view",
        record_type="support case",
        record_id=case_b.pk,
        user=oscar,
        partnership=partnership_b,
    )
    return oscar


def test_export_holds_the_account_roles_case_response_history_and_logs(
    oscar_everywhere, la_admin_a, partnership_a
):
    content = build_subject_access_export(
        person=oscar_everywhere, partnerships=[partnership_a], requested_by=la_admin_a, reason="SAR 2026-14"
    )
    files = _files(content)

    assert set(files) == {
        "README.txt",
        "person.csv",
        "role_assignments.csv",
        "sign_in_sessions.csv",
        "security_events.csv",
        "access_log_entries.csv",
        "support_cases.csv",
        "responses.csv",
        "changes_made.csv",
        "consultation_answers.csv",
    }
    assert _rows(files["person.csv"]) == [
        {
            "Name": "Oscar Officer",
            "Email address": "oscar@a.test",
            "Joined": _rows(files["person.csv"])[0]["Joined"],
            "Last signed in": "Has not signed in",
            "Account active": "Yes",
        }
    ]
    roles = _rows(files["role_assignments.csv"])
    assert [(r["Role"], r["Partnership"]) for r in roles] == [("LA officer", "A")]
    cases = _rows(files["support_cases.csv"])
    assert [(c["Lead LA officer"], c["Status"], c["Needs analysis"]) for c in cases] == [
        ("Oscar Officer", "Identified", "Phonics and reading in X")
    ]
    changes = _rows(files["changes_made.csv"])
    assert [(c["Kind of record"], c["Change"], c["Reason"]) for c in changes] == [
        ("Support case", "Changed", "Needs analysed with the head")
    ]
    answers = _rows(files["consultation_answers.csv"])
    assert [(a["Answer"], a["Comment"]) for a in answers] == [("agree", "A good plan for A")]
    assert [r["Partnership"] for r in _rows(files["access_log_entries.csv"])] == ["A"]
    # The sign-in is the person's own; B's refusal is B's.
    assert [e["Kind"] for e in _rows(files["security_events.csv"])] == ["Signed in"]
    readme = files["README.txt"]
    assert "Reason: SAR 2026-14" in readme
    assert "Alice Admin" in readme and "Partnership A" in readme
    assert "records held by other partnerships are not" in readme


def test_export_for_partnership_a_holds_nothing_of_partnership_b(oscar_everywhere, la_admin_a, partnership_a):
    files = _files(
        build_subject_access_export(
            person=oscar_everywhere, partnerships=[partnership_a], requested_by=la_admin_a, reason="SAR 1"
        )
    )
    everything = "\n".join(files.values())
    for text in ("Secret of Z", "secrets of Z", "School Z", "Told only to B", "B keeps this", "Only B's"):
        assert text not in everything
    assert "never-in-an-export" not in everything  # a session key lets someone act as the person


def test_export_for_every_partnership_holds_both(oscar_everywhere, partnership_a, partnership_b):
    files = _files(
        build_subject_access_export(
            person=oscar_everywhere,
            partnerships=[partnership_a, partnership_b],
            requested_by=oscar_everywhere,
            reason="own request",
        )
    )
    assert len(_rows(files["support_cases.csv"])) == 2
    assert "Only B's notification" in files["notifications.csv"]


# --- The page -----------------------------------------------------------------------------------


def _url(person, slug="pa") -> str:
    return reverse("partnership:subject-access", kwargs={"partnership_slug": slug, "user_id": person.pk})


def test_la_admin_sees_what_the_export_holds_and_is_asked_why(client_for, la_admin_a, head_x):
    client = client_for(la_admin_a)
    client.get(_url(head_x))  # the session's first request settles it
    with pinned_queries(6):
        response = client.get(_url(head_x))
    assert response.status_code == 200
    page = text_of(response)
    assert "Subject access export" in page and "Why are you making this export?" in page
    assert "SAR 2026-14" in page


def test_person_page_links_to_the_export_for_admins_only(client_for, la_admin_a, la_officer_a, head_x):
    person_url = reverse("partnership:person", kwargs={"partnership_slug": "pa", "user_id": head_x.pk})
    assert _url(head_x) in client_for(la_admin_a).get(person_url).content.decode()
    assert _url(head_x) not in client_for(la_officer_a).get(person_url).content.decode()


@pytest.mark.parametrize("who", ["la_officer_a", "head_x", "board_member_a", "la_officer_b"])
def test_only_an_la_admin_of_the_partnership_may_export(client_for, personas, who):
    client = client_for(personas[who])
    url = _url(personas["head_y"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "SAR 1"}).status_code == 404
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_a_person_outside_the_partnership_is_not_found(client_for, la_admin_a, la_officer_b):
    client = client_for(la_admin_a)
    assert client.get(_url(la_officer_b)).status_code == 404
    assert client.post(_url(la_officer_b), {"reason": "SAR 1"}).status_code == 404


def test_export_without_a_reason_shows_the_error(client_for, la_admin_a, head_x):
    response = client_for(la_admin_a).post(_url(head_x), {"reason": "  "})
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert page.count("Enter why you are making this export") == 2  # in the summary and by the field
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_export_downloads_a_zip_and_is_logged_with_the_reason(client_for, la_admin_a, head_x, partnership_a):
    response = client_for(la_admin_a).post(_url(head_x), {"reason": "SAR 2026-14"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(f'attachment; filename="subject-access-pa-{head_x.pk}-')
    files = _files(response.content)
    assert "Hana Head" in files["person.csv"]
    entry = AccessLogEntry.objects.get(action="export")
    assert (entry.user, entry.partnership, entry.record_type, entry.record_id, entry.reason) == (
        la_admin_a,
        partnership_a,
        "subject access export",
        str(head_x.pk),
        "SAR 2026-14",
    )


# --- A person's own data -----------------------------------------------------------------------


def test_a_person_downloads_their_own_data_and_it_is_logged(client_for, oscar_everywhere, partnership_a):
    client = client_for(oscar_everywhere)
    url = reverse("my-data")
    assert "Download your data" in text_of(client.get(url))
    response = client.post(url)
    assert response["Content-Type"] == "application/zip"
    files = _files(response.content)
    assert "oscar@a.test" in files["person.csv"]
    assert len(_rows(files["support_cases.csv"])) == 2  # both partnerships Oscar works in
    entries = AccessLogEntry.objects.filter(action="export").order_by("partnership__slug")
    assert [(e.user, e.partnership.slug, e.reason) for e in entries] == [
        (oscar_everywhere, "pa", "own request"),
        (oscar_everywhere, "pb", "own request"),
    ]


def test_own_data_leaves_out_partnerships_the_person_has_left(client_for, head_x, partnership_b):
    school = SchoolFactory(la_code="902")
    RoleFactory(
        user=head_x,
        partnership=partnership_b,
        role=Role.HEADTEACHER,
        school=school,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 1, 1),
    )
    files = _files(client_for(head_x).post(reverse("my-data")).content)
    assert [r["Partnership"] for r in _rows(files["role_assignments.csv"])] == ["A"]


def test_a_heads_export_never_holds_the_pupils_they_recorded(head_x, la_admin_a, partnership_a, school_x):
    """Records about pupils are the children's data, not the head's who wrote them."""

    from inclusion.models import upn_check_letter
    from inclusion.services import pupil_create
    from partnership.access import partnership_context_for

    pupil_create(
        actor=head_x,
        ctx=partnership_context_for(head_x, partnership_a.slug),
        full_name="Jamie Pupilname",
        date_of_birth=born_in_year(9, 3, 4),
        upn=upn_check_letter("801200005001") + "801200005001",
        home_school=school_x,
        year_group=9,
        reason="Referred to the inclusion partnership",
    )
    files = _files(
        build_subject_access_export(
            person=head_x, partnerships=[partnership_a], requested_by=la_admin_a, reason="SAR 2"
        )
    )
    everything = "\n".join(files.values())
    assert "Jamie Pupilname" not in everything and "801200005001" not in everything
