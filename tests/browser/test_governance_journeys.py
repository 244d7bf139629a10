"""The Strategic Group's work in a real browser: setting it up, a termly meeting with a confidential
item, a declared interest, a tied grant vote, minutes approved at the next meeting, and the public view."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Board, Meeting
from partnership.models import Role
from tests.browser.conftest import _new_page, assert_accessible, sign_in
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def date(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.fixture
def people(partnership_a, la_officer_a, board_member_a):
    names = {
        "lead": ("Lena Lead Member", Role.OBSERVER),
        "director": ("Dev Director", Role.OBSERVER),
        "primary": ("Priya Primary", Role.BOARD_MEMBER),
        "secondary": ("Sol Secondary", Role.BOARD_MEMBER),
    }
    made = {}
    for key, (name, role) in names.items():
        user = UserFactory(full_name=name)
        RoleFactory(user=user, partnership=partnership_a, role=role)
        made[key] = user
    return made


def test_the_strategic_group_from_set_up_to_approved_minutes(
    browser, live_server, la_officer_a, people, governor_x, tmp_path
):
    context, clerk = _new_page(browser, live_server)
    sign_in(clerk, la_officer_a)

    # The clerk sets up the Strategic Group from the seed's membership list.
    clerk.get_by_role("navigation", name="Menu").get_by_role("link", name="Boards").click()
    clerk.get_by_role("link", name="Set up a board").click()
    clerk.get_by_label("Name").fill("LEEP Strategic Group")
    clerk.get_by_label("Strategic group").check()
    clerk.get_by_label("Clerk").select_option(label="Oscar Officer")
    clerk.get_by_label("Quorum").fill("2")
    clerk.get_by_label("Reason").fill("Terms of reference agreed")
    clerk.get_by_role("button", name="Save").click()
    assert_accessible(clerk)
    board = Board.objects.get()
    clerk.get_by_role("link", name="Balance rules").click()
    clerk.get_by_label("Limit the LA's share of the core seats").check()
    clerk.get_by_label("The LA's largest share (%)").fill("30")
    clerk.get_by_label("The chair must be a school leader").check()
    clerk.get_by_role("button", name="Save").click()
    seats = [
        ("Lead Member for Education", "Local authority", "lead"),
        ("Director, Children and Family Services", "Local authority", "director"),
        ("Representative of the Primary Heads Association", "Primary heads' association", "primary"),
        ("Representative of the Secondary Heads Association", "Secondary heads' association", "secondary"),
    ]
    for title, constituency, _ in seats:
        clerk.get_by_role("link", name="Add a seat").click()
        clerk.get_by_label("Title").fill(title)
        clerk.get_by_label(constituency, exact=True).check()
        clerk.get_by_label("Reason").fill("Section 6")
        clerk.get_by_role("button", name="Save").click()
    for title, _, key in seats:
        clerk.get_by_role("link", name=f"Record who holds it for the seat {title}").click()
        clerk.get_by_label("Person").select_option(label=people[key].full_name)
        clerk.get_by_label("Reason").fill("Nominated")
        clerk.get_by_role("button", name="Save").click()
    # Two of four core seats are the LA's: 50%, over the 30% limit.
    expect(clerk.locator(".govuk-notification-banner").first).to_contain_text(
        "The LA holds 2 of 4 core seats (50%)"
    )
    assert_accessible(clerk)

    # The clerk schedules a termly meeting, builds an agenda with a confidential item, and publishes on time.
    clerk.get_by_role("link", name="Schedule a meeting").click()
    clerk.get_by_label("Termly meeting").check()
    clerk.get_by_label("Date").fill(date(21))
    clerk.get_by_label("Start time").fill("16:00")
    clerk.get_by_label("Place").fill("County Hall, Glenfield")
    clerk.get_by_label("Reason").fill("Spring term meeting")
    clerk.get_by_role("button", name="Save").click()
    meeting = Meeting.objects.get()
    for title, purpose, extra in (
        ("Election of the chair", "For decision", "Election of the chair (section 2.1)"),
        ("School causing concern", "For discussion", None),
        (
            "Grant for reading projects",
            "For decision",
            "Grant monies: a vote, the chair decides a tie (section 9.3)",
        ),
    ):
        clerk.get_by_role("link", name="Add an agenda item").click()
        clerk.get_by_label("Title").fill(title)
        clerk.get_by_label(purpose).check()
        if extra:
            clerk.get_by_label(extra).check()
        if title == "School causing concern":
            clerk.get_by_label("Confidential").check()
        clerk.get_by_label("Reason").fill("Agenda")
        clerk.get_by_role("button", name="Save").click()
    paper = tmp_path / "case-notes.pdf"
    paper.write_bytes(PDF)
    clerk.get_by_role("link", name="Add a paper to School causing concern").click()
    clerk.get_by_label("Title").fill("Case notes")
    clerk.get_by_label("File").set_input_files(str(paper))
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Publish the agenda pack").click()
    clerk.get_by_role("button", name="Publish the pack").click()
    expect(clerk.locator(".govuk-notification-banner--success")).to_contain_text(
        "The agenda pack is published"
    )
    assert_accessible(clerk)
    meeting_url = clerk.url

    # A member declares a prejudicial interest in the confidential item, and then cannot open its paper.
    member_context, member = _new_page(browser, live_server)
    sign_in(member, people["primary"])
    member.goto(meeting_url)
    member.get_by_role("link", name="Declare an interest in School causing concern").click()
    member.get_by_label("Your interest").fill("I chair the school's governing board")
    member.get_by_label("It is a prejudicial interest", exact=False).check()
    member.get_by_role("button", name="Save").click()
    expect(
        member.get_by_text(
            "You declared a prejudicial interest in this confidential item, so its papers, minutes and "
            "decision are not open to you."
        )
    ).to_be_visible()
    expect(member.get_by_text("Case notes")).to_have_count(0)
    paper_id = meeting.items.get(title="School causing concern").papers.get().pk
    assert (
        member.goto(f"{live_server.url}/p/pa/boards/meetings/{meeting.pk}/papers/{paper_id}/").status == 404
    )
    member_context.close()

    # The meeting: attendance, the chair elected, and a tied grant vote decided by the chair.
    # Earlier today, in Europe/London: the members who take part are those seated on the meeting's
    # day, and the seats began today, so a meeting two hours ago just after midnight would be
    # yesterday's, with nobody seated.
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    started = min(now - dt.timedelta(seconds=1), max(midnight, now - dt.timedelta(hours=2)))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=started)
    clerk.goto(meeting_url)
    clerk.get_by_role("link", name="Attendance").click()
    for key in people:
        clerk.get_by_role("group", name=people[key].full_name).get_by_label("Present").check()
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Record the decision on Election of the chair").click()
    clerk.get_by_label("Member elected as chair").select_option(label="Sol Secondary")
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Record the decision on Grant for reading projects").click()
    clerk.get_by_label("Lena Lead Member").select_option("for")
    clerk.get_by_label("Sol Secondary").select_option("against")
    clerk.get_by_role("button", name="Save").click()
    expect(clerk.locator(".govuk-error-summary")).to_contain_text(
        "The vote is tied: record the chair's decision"
    )
    assert_accessible(clerk)
    clerk.get_by_label("If the vote is tied: the chair's decision").select_option("for")
    clerk.get_by_role("button", name="Save").click()
    expect(clerk.get_by_text("Decision: Agreed by the chair.")).to_be_visible()

    # Minutes are drafted, an action is set, and the minutes are approved at the next meeting.
    clerk.get_by_role("link", name="Minutes of Grant for reading projects").click()
    clerk.get_by_label("Minutes of this item").fill("The group voted on the grant; the chair decided.")
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Minutes of School causing concern").click()
    clerk.get_by_label("Minutes of this item").fill("Confidential discussion of a named school.")
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Add an action").click()
    clerk.get_by_label("Action").fill("Write to schools about the reading grant")
    clerk.get_by_label("Owner").fill("Clerk")
    clerk.get_by_label("Due date").fill(date(30))
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Circulate the draft minutes").click()
    clerk.get_by_label("Reason").fill("Draft ready")
    clerk.get_by_role("button", name="Circulate").click()
    expect(clerk.get_by_text("Draft circulated 0 days after the meeting")).to_be_visible()
    clerk.goto(f"{live_server.url}/p/pa/boards/{board.pk}/meetings/new/")
    clerk.get_by_label("Termly meeting").check()
    clerk.get_by_label("Date").fill(date(100))
    clerk.get_by_label("Start time").fill("16:00")
    clerk.get_by_label("Reason").fill("Summer term meeting")
    clerk.get_by_role("button", name="Save").click()
    expect(clerk.get_by_text("Write to schools about the reading grant")).to_be_visible()
    # After the first meeting (which began earlier today) and already begun.
    Meeting.objects.exclude(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(seconds=1))
    clerk.reload()
    clerk.get_by_role("link", name="Attendance").click()
    for key in people:
        clerk.get_by_role("group", name=people[key].full_name).get_by_label("Present").check()
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_role("link", name="Record the decision on Minutes of the meeting", exact=False).click()
    clerk.get_by_label("Agreed", exact=True).check()
    clerk.get_by_role("button", name="Save").click()
    meeting.refresh_from_db()
    assert meeting.minutes_locked
    context.close()

    # A governor reads the public minutes, with the confidential item redacted.
    governor_context, governor = _new_page(browser, live_server)
    sign_in(governor, governor_x)
    governor.goto(f"{live_server.url}/meetings/pa/")
    governor.get_by_role("link", name="Agenda and minutes", exact=False).first.click()
    expect(governor.get_by_text("This item was confidential. It is not published.")).to_be_visible()
    expect(governor.get_by_text("The group voted on the grant; the chair decided.")).to_be_visible()
    assert "named school" not in governor.content() and "School causing concern" not in governor.content()
    assert_accessible(governor)
    governor_context.close()
