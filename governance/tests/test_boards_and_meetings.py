"""Balance rules, termly meetings, the agenda pack and its timing, confidential papers, minutes."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import selectors
from governance.models import AgendaItem, Attendance, BalanceRule, Declaration, Meeting, MeetingAction, Paper
from governance.models.boards import Constituency
from governance.services.decisions import decision_record
from governance.services.meetings import meeting_create
from governance.services.membership import balance_warnings
from governance.services.papers import pack_publish
from partnership.access import partnership_context_for
from partnership.services import ServiceError
from tests.helpers import pinned_queries, text_of

from .conftest import member


def url(name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": "pa", **kwargs})


def test_balance_rules_warn_in_words(board, members):
    BalanceRule.objects.create(board=board, kind="la_share", max_percent=30)
    BalanceRule.objects.create(board=board, kind="chair_school_leader")
    assert balance_warnings(board) == []
    member(board, "LA One", Constituency.LA)
    assert balance_warnings(board) == []  # 1 of 6 core seats: 17%
    member(board, "LA Two", Constituency.LA)
    member(board, "LA Three", Constituency.LA)
    assert balance_warnings(board) == [
        "The LA holds 3 of 8 core seats (38%), more than the board's limit of 30%."
    ]
    from governance.models import Membership

    chair = Membership.objects.get(is_chair=True)
    chair.is_chair = False
    chair.save()
    la_member = Membership.objects.filter(seat__constituency="la").first()
    la_member.is_chair = True
    la_member.save()
    assert "not a school leader's seat" in balance_warnings(board)[1]


def test_membership_change_through_the_page_shows_the_warning(
    client_for, la_officer_a, board, members, partnership_a
):
    from governance.models import Seat

    BalanceRule.objects.create(board=board, kind="la_share", max_percent=10)
    seat = Seat.objects.create(board=board, title="Director of CYPS", constituency=Constituency.LA)
    response = client_for(la_officer_a).post(
        url("membership-new", board_id=board.pk, seat_id=seat.pk),
        {"user": la_officer_a.pk, "starts_on": "01/09/2026", "reason": "Appointed"},
        follow=True,
    )
    assert "Balance: The LA holds 1 of 6 core seats (17%), more than the board's limit of 10%." in text_of(
        response
    )


def test_a_term_without_a_meeting_is_warned(board):
    assert selectors.terms_without_meeting(board, today=dt.date(2026, 11, 23)) == [
        "Autumn term 2026 to 2027",
        "Spring term 2026 to 2027",
        "Summer term 2026 to 2027",
    ]
    Meeting.objects.create(board=board, starts_at=timezone.make_aware(dt.datetime(2027, 1, 14, 16)))
    assert "Spring term 2026 to 2027" not in selectors.terms_without_meeting(
        board, today=dt.date(2026, 11, 23)
    )


def test_the_next_agenda_carries_the_last_minutes_and_open_actions(board, members, meeting):
    MeetingAction.objects.create(
        meeting=meeting, description="Write to schools", owner="Clerk", due_on=dt.date(2027, 1, 1)
    )
    ctx = partnership_context_for(board.clerk, "pa")
    later = meeting_create(
        actor=board.clerk,
        ctx=ctx,
        board=board,
        meeting=Meeting(starts_at=meeting.starts_at + dt.timedelta(days=90)),
        reason="Next",
    )
    standing = list(later.items.values_list("standing", flat=True))
    assert standing == ["minutes", "actions"]
    assert set(later.attendance.values_list("user_id", flat=True)) == {m.pk for m in members}


def test_a_late_pack_asks_for_a_reason_and_members_are_told(
    board, members, django_capture_on_commit_callbacks
):
    from django.core import mail

    ctx = partnership_context_for(board.clerk, "pa")
    soon = Meeting.objects.create(board=board, starts_at=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ServiceError, match="The pack is late"):
        pack_publish(actor=board.clerk, ctx=ctx, meeting=soon, late_reason="", base_url="http://testserver/")
    with django_capture_on_commit_callbacks(execute=True):
        pack_publish(
            actor=board.clerk,
            ctx=ctx,
            meeting=soon,
            late_reason="Data arrived late",
            base_url="http://testserver/",
        )
    soon.refresh_from_db()
    assert soon.late_reason == "Data arrived late"
    assert {m.to[0] for m in mail.outbox} == {m.email for m in members}


def test_a_recused_member_cannot_open_a_confidential_paper_even_by_its_address(
    client_for, board, members, meeting
):
    secret = AgendaItem.objects.create(
        meeting=meeting, title="School causing concern", confidential=True, position=3
    )
    paper = Paper.objects.create(
        item=secret,
        title="Case notes",
        file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes"),
        uploaded_by=board.clerk,
    )
    address = url("paper", meeting_id=meeting.pk, paper_id=paper.pk)
    assert client_for(members[1]).get(address).status_code == 200
    Declaration.objects.create(item=secret, user=members[1], nature="I chair its governors", prejudicial=True)
    assert client_for(members[1]).get(address).status_code == 404
    page = text_of(client_for(members[1]).get(url("meeting", meeting_id=meeting.pk)))
    assert "so its papers, minutes and decision are not open to you" in page and "Case notes" not in page
    assert client_for(board.clerk).get(address).status_code == 200


def test_governors_and_the_public_see_no_confidential_or_embargoed_item(
    client_for, governor_x, board, members, meeting
):
    AgendaItem.objects.create(meeting=meeting, title="Reading strategy", position=3)
    AgendaItem.objects.create(meeting=meeting, title="School causing concern", confidential=True, position=4)
    AgendaItem.objects.create(
        meeting=meeting, title="Grant bid", position=5, embargo_until=dt.date.today() + dt.timedelta(days=30)
    )
    assert (
        Client()
        .get(reverse("public-meeting", kwargs={"partnership_slug": "pa", "meeting_id": meeting.pk}))
        .status_code
        == 404
    )
    meeting.pack_published_at = timezone.now()
    meeting.save()
    page = text_of(
        Client().get(reverse("public-meeting", kwargs={"partnership_slug": "pa", "meeting_id": meeting.pk}))
    )
    assert "Reading strategy" in page and "School causing concern" not in page and "Grant bid" not in page
    assert "This item was confidential" in page
    assert client_for(governor_x).get(url("meeting", meeting_id=meeting.pk)).status_code == 404


def test_the_agenda_pack_pdf_has_a_contents_page_and_the_public_one_leaves_out_confidential_items(
    client_for, board, members, meeting
):
    AgendaItem.objects.create(meeting=meeting, title="Reading strategy", position=3)
    AgendaItem.objects.create(meeting=meeting, title="School causing concern", confidential=True, position=4)
    members_pdf = client_for(members[0]).get(url("pack-pdf", meeting_id=meeting.pk)).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(members_pdf)).pages)
    assert "Contents" in text and "Reading strategy" in text and "School causing concern" in text
    meeting.pack_published_at = timezone.now()
    meeting.save()
    public_pdf = (
        Client()
        .get(reverse("public-meeting-pack", kwargs={"partnership_slug": "pa", "meeting_id": meeting.pk}))
        .content
    )
    public_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(public_pdf)).pages)
    assert "Reading strategy" in public_text and "School causing concern" not in public_text
    assert bool(PdfReader(io.BytesIO(public_pdf)).trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_minutes_are_approved_at_the_next_meeting_then_locked_and_corrected_by_amendment(
    client_for, board, members, meeting
):
    ctx = partnership_context_for(board.clerk, "pa")
    meeting.starts_at = timezone.now() - dt.timedelta(days=60)
    meeting.save()
    item = AgendaItem.objects.create(meeting=meeting, title="Reading strategy", position=3)
    client = client_for(board.clerk)
    client.post(
        url("minutes", meeting_id=meeting.pk, item_id=item.pk), {"minutes": "The group discussed reading."}
    )
    client_for(members[1]).post(
        url("minute-request", meeting_id=meeting.pk, item_id=item.pk),
        {"text": "Record my concern about capacity"},
    )
    later = meeting_create(
        actor=board.clerk,
        ctx=ctx,
        board=board,
        meeting=Meeting(starts_at=timezone.now() - dt.timedelta(hours=1)),
        reason="Next",
    )
    # An extraordinary meeting scheduled afterwards, in between, must not confuse whose minutes are approved.
    meeting_create(
        actor=board.clerk,
        ctx=ctx,
        board=board,
        meeting=Meeting(starts_at=meeting.starts_at + dt.timedelta(days=10), kind="extraordinary"),
        reason="Extra",
    )
    for user in members:
        Attendance.objects.filter(meeting=later, user=user).update(status="present")
    approve = later.items.get(standing="minutes")
    decision_record(actor=board.clerk, ctx=ctx, item=approve, agreed=True)
    meeting.refresh_from_db()
    assert meeting.minutes_locked
    edit = client.post(url("minutes", meeting_id=meeting.pk, item_id=item.pk), {"minutes": "Changed"})
    assert "approved and locked" in text_of(edit)
    assert (
        client_for(members[1])
        .post(url("minute-request", meeting_id=meeting.pk, item_id=item.pk), {"text": "x"})
        .status_code
        == 403
    )
    client.post(
        url("minute-request", meeting_id=meeting.pk, item_id=item.pk),
        {"text": "Correction: the date was 14 January"},
    )
    page = text_of(client.get(url("meeting", meeting_id=meeting.pk)))
    assert "Amendment: Correction: the date was 14 January" in page
    assert "Recorded at the request of Ada: Record my concern about capacity" in page


def test_only_members_and_the_la_see_a_board(client_for, board, members, head_x, la_officer_b):
    assert client_for(members[0]).get(url("board", board_id=board.pk)).status_code == 200
    assert client_for(head_x).get(url("board", board_id=board.pk)).status_code == 404
    assert (
        client_for(la_officer_b)
        .get(reverse("governance:board", kwargs={"partnership_slug": "pb", "board_id": board.pk}))
        .status_code
        == 404
    )
    assert client_for(members[0]).get(url("board-new")).status_code == 403


def test_a_paper_must_really_be_what_it_says(client_for, board, members, meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="Reading", position=3)
    response = client_for(board.clerk).post(
        url("paper-new", meeting_id=meeting.pk, item_id=item.pk),
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", b"MZ not a pdf")},
    )
    assert "The file is not a PDF" in text_of(response)
    exe = client_for(board.clerk).post(
        url("paper-new", meeting_id=meeting.pk, item_id=item.pk),
        {"title": "Report", "file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert "Upload a PDF, Word" in text_of(exe)
    assert not Paper.objects.exists()


def test_board_and_meeting_pages_have_pinned_query_counts(client_for, board, members, meeting):
    for n in range(3):
        item = AgendaItem.objects.create(
            meeting=meeting, title=f"Item {n}", position=3 + n, confidential=n == 1
        )
        Paper.objects.create(item=item, title=f"Paper {n}", file="papers/x.pdf", uploaded_by=board.clerk)
        Declaration.objects.create(item=item, user=members[n + 1], nature="Governor")
    client = client_for(board.clerk)
    client.get(url("board", board_id=board.pk))
    # session, user, context, board, seats, their holders and the holders' accounts, terms, current
    # members, rules (twice: the warnings and the list), meetings (twice: the termly check and the
    # list), interests, the membership check, chooser
    with pinned_queries(16):
        client.get(url("board", board_id=board.pk))
    client.get(url("meeting", meeting_id=meeting.pk))
    # session, user, context, meeting, items with decisions, papers, declarations, minute
    # requests, recusals, attendance, actions, carried actions, membership check, chooser
    with pinned_queries(14):
        client.get(url("meeting", meeting_id=meeting.pk))


def test_a_members_register_of_interests_carries_over_and_reminders_fall_due(
    client_for, board, members, head_x
):

    from governance.models import Interest, TermsOfReference
    from governance.services.boards import terms_review_reminders

    client = client_for(members[1])
    client.post(
        url("interest-new", board_id=board.pk), {"description": "Governor of Hinckley Parks Primary School"}
    )
    interest = Interest.objects.get()
    assert "Governor of Hinckley Parks Primary School" in text_of(
        client_for(members[2]).get(url("board", board_id=board.pk))
    )
    assert (
        client_for(members[2])
        .post(url("interest-end", board_id=board.pk, interest_id=interest.pk))
        .status_code
        == 404
    )
    client.post(url("interest-end", board_id=board.pk, interest_id=interest.pk))
    interest.refresh_from_db()
    assert interest.ended_on is not None
    TermsOfReference.objects.create(board=board, version=1, adopted_on=dt.date(2025, 11, 23), text="Terms")
    assert terms_review_reminders(today=dt.date(2026, 11, 22)) == 0
    assert terms_review_reminders(today=dt.date(2026, 11, 23)) == 1
    from partnership.models import Notification

    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {board.clerk_id, members[0].pk}  # the clerk and the chair


def test_recused_la_members_papers_public_actions_locked_meetings_and_duplicate_boards(
    client_for, board, members, meeting, la_officer_a
):
    from governance.models import MeetingAction

    secret = AgendaItem.objects.create(
        meeting=meeting, title="School causing concern", confidential=True, position=3
    )
    paper = Paper.objects.create(
        item=secret,
        title="Case notes",
        file=SimpleUploadedFile("n.pdf", b"%PDF-1.4"),
        uploaded_by=board.clerk,
    )
    Declaration.objects.create(item=secret, user=la_officer_a, nature="My own school", prejudicial=True)
    assert (
        client_for(la_officer_a).get(url("paper", meeting_id=meeting.pk, paper_id=paper.pk)).status_code
        == 404
    )
    earlier = Meeting.objects.create(board=board, starts_at=meeting.starts_at - dt.timedelta(days=90))
    MeetingAction.objects.create(
        meeting=earlier,
        description="Private follow-up about a named head",
        owner="Clerk",
        due_on=dt.date(2027, 1, 1),
    )
    meeting.pack_published_at = timezone.now()
    meeting.save()
    public_pdf = (
        Client()
        .get(reverse("public-meeting-pack", kwargs={"partnership_slug": "pa", "meeting_id": meeting.pk}))
        .content
    )
    assert "named head" not in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(public_pdf)).pages)
    again = client_for(board.clerk).post(url("publish", meeting_id=meeting.pk), {"late_reason": "x"})
    assert "already been published" in text_of(again)
    earlier.minutes_approved_at = meeting
    earlier.save()
    locked = client_for(board.clerk).post(
        url(
            "paper-new",
            meeting_id=earlier.pk,
            item_id=AgendaItem.objects.create(meeting=earlier, title="Old", position=1).pk,
        ),
        {"title": "Late paper", "file": SimpleUploadedFile("late.pdf", b"%PDF-1.4")},
    )
    assert "approved and locked" in text_of(locked)
    duplicate = client_for(board.clerk).post(
        url("board-new"),
        {
            "name": "strategic group",
            "kind": "strategic_group",
            "clerk": board.clerk_id,
            "notice_days": "5",
            "reason": "x",
        },
    )
    assert "already has a board with this name" in text_of(duplicate)


def test_the_pack_pdf_is_made_again_only_when_the_pack_changes(meeting, monkeypatch):
    import weasyprint

    from governance.pack import pack_pdf

    made = []
    real = weasyprint.HTML.render

    def counting(self, *args, **kwargs):
        made.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counting)
    item = AgendaItem.objects.create(meeting=meeting, title="Cached pack check", position=3)
    first = pack_pdf(meeting, public=False)
    assert pack_pdf(meeting, public=False) == first and len(made) == 1
    item.title = "Cached pack check, retitled"
    item.save()
    changed = pack_pdf(meeting, public=False)
    assert len(made) == 2 and changed != first
    assert "retitled" in "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(changed)).pages)
