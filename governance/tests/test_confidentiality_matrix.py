"""A confidential item with a recused member, walked on every surface by every kind of reader.

Harriet, a head on the board, declares a prejudicial interest in the confidential item about her own
school. From then on the item is closed to her (governance.rules.item_closed): on the meeting page,
in the members' agenda pack (HTML and PDF), its papers and the page for asking to record a matter in
its minutes, she finds only its place, title and the declarations; never its papers' titles, its
minutes, matters recorded, its decision or the votes. Members not recused and the clerk read it all;
people outside the board, governors and the public read none of it. The clerk can record a
declaration a member makes aloud at the meeting, with its time, and it closes the item just the same.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import AgendaItem, Decision, Declaration, Meeting, MinuteRequest, Paper
from governance.models.meetings import Purpose
from partnership.access import NotVisible, partnership_context_for
from partnership.services import ServiceError
from tests.helpers import error_beside, text_of

PAPER = "Badsley staffing and exclusions briefing"
MINUTES = "CONFIDENTIAL: Badsley has two staff on long-term absence and pupil X is at risk of exclusion"
RECORDED = "Recorded at the request of a member: the head was told on Friday"
DECISION = "Agreed to fund a support plan for Badsley"
SECRETS = (PAPER, MINUTES, RECORDED, DECISION)
OPEN_MINUTES = "The group welcomed the reading strategy."


@pytest.fixture
def held(board, members):
    """A meeting held yesterday, its pack published, with an open item and a confidential one."""
    now = timezone.now()
    meeting = Meeting.objects.create(
        board=board,
        starts_at=now - dt.timedelta(days=1),
        place="County Hall",
        pack_published_at=now - dt.timedelta(days=9),
    )
    AgendaItem.objects.create(meeting=meeting, title="Reading strategy", position=1, minutes=OPEN_MINUTES)
    secret = AgendaItem.objects.create(
        meeting=meeting,
        title="A school causing concern",
        position=2,
        confidential=True,
        purpose=Purpose.DECISION,
        rule="consensus",
        minutes=MINUTES,
    )
    paper = Paper.objects.create(
        item=secret,
        title=PAPER,
        file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 briefing"),
        uploaded_by=board.clerk,
    )
    MinuteRequest.objects.create(item=secret, user=members[1], text=RECORDED)
    Decision.objects.create(
        item=secret, rule="consensus", outcome=DECISION, explanation="By consensus.", recorded_by=board.clerk
    )
    harriet = members[2]
    Declaration.objects.create(item=secret, user=harriet, nature="I am the head of Badsley", prejudicial=True)
    return meeting, secret, paper, harriet


def surfaces(meeting, secret, paper) -> dict[str, str]:
    slug = meeting.board.partnership.slug
    return {
        "meeting page": reverse("governance:meeting", args=[slug, meeting.pk]),
        "members' pack": reverse("governance:pack", args=[slug, meeting.pk]),
        "members' pack PDF": reverse("governance:pack-pdf", args=[slug, meeting.pk]),
        "paper": reverse("governance:paper", args=[slug, meeting.pk, paper.pk]),
        "ask to record": reverse("governance:minute-request", args=[slug, meeting.pk, secret.pk]),
        "public meeting page": reverse("public-meeting", args=[slug, meeting.pk]),
        "public pack PDF": reverse("public-meeting-pack", args=[slug, meeting.pk]),
    }


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def read(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf") and not response.streaming:
        reader = PdfReader(io.BytesIO(response.content))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    if response.streaming:
        return body(response).decode("latin-1")  # a paper: its own bytes
    return text_of(response)


def test_the_confidential_item_is_found_only_where_the_rules_allow(
    held, client_for, members, board, head_x, governor_x, la_officer_b, anonymous
):
    meeting, secret, paper, harriet = held
    urls = surfaces(meeting, secret, paper)
    readers = {
        "the clerk": client_for(board.clerk),
        "a member": client_for(members[1]),
        "the recused member": client_for(harriet),
        "a head not on the board": client_for(head_x),
        "a governor": client_for(governor_x),
        "another partnership's officer": client_for(la_officer_b),
        "the public": anonymous,
    }
    # Which surface each reader opens (200), and which of them show the item's content.
    members_pages = {"meeting page", "members' pack", "members' pack PDF"}
    public_pages = {"public meeting page", "public pack PDF"}
    expected = {
        "the clerk": (members_pages | public_pages | {"paper", "ask to record"}, members_pages | {"paper"}),
        "a member": (members_pages | public_pages | {"paper", "ask to record"}, members_pages | {"paper"}),
        "the recused member": (members_pages | public_pages, set()),
        "a head not on the board": (public_pages, set()),
        "a governor": (public_pages, set()),
        "another partnership's officer": (public_pages, set()),
        "the public": (public_pages, set()),
    }
    found = {}
    for who, client in readers.items():
        opens, shows = set(), set()
        for surface, address in urls.items():
            response = client.get(address)
            # Signed out, a member's page sends the visitor to sign in.
            assert response.status_code in (200, 302, 403, 404), (who, surface, response.status_code)
            assert response.status_code != 302 or who == "the public", (who, surface)
            if response.status_code != 200:
                continue
            opens.add(surface)
            text = read(response)
            leaked = [secret_text for secret_text in SECRETS if secret_text in text]
            if surface == "paper":
                leaked = ["the paper itself"] if "briefing" in text else []
            if leaked:
                shows.add(surface)
        found[who] = (opens, shows)
    assert found == expected


def test_the_recused_member_sees_the_item_is_closed_and_why_and_nothing_of_it(held, client_for):
    meeting, secret, paper, harriet = held
    page = text_of(client_for(harriet).get(surfaces(meeting, secret, paper)["meeting page"]))
    assert "2. A school causing concern" in page and OPEN_MINUTES in page
    assert (
        "You declared a prejudicial interest in this confidential item, so its papers, minutes and decision "
        "are not open to you." in page
    )
    assert "I am the head of Badsley (prejudicial; takes no part)" in page
    assert not any(secret_text in page for secret_text in SECRETS)
    pack = text_of(client_for(harriet).get(surfaces(meeting, secret, paper)["members' pack"]))
    assert "its papers are not in your pack" in pack and PAPER not in pack


def test_a_recused_clerk_cannot_write_the_items_minutes_or_record_its_decision(
    held, board, members, client_for
):
    meeting, secret, _paper, _harriet = held
    Declaration.objects.create(
        item=secret, user=board.clerk, nature="My partner teaches there", prejudicial=True
    )
    slug = board.partnership.slug
    clerk = client_for(board.clerk)
    assert clerk.get(reverse("governance:minutes", args=[slug, meeting.pk, secret.pk])).status_code == 404
    assert clerk.get(reverse("governance:decision", args=[slug, meeting.pk, secret.pk])).status_code == 404
    page = clerk.get(reverse("governance:meeting", args=[slug, meeting.pk])).content.decode()
    assert reverse("governance:minutes", args=[slug, meeting.pk, secret.pk]) not in page
    assert MINUTES not in text_of_html(page)


def text_of_html(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_clerk_records_a_declaration_made_aloud_at_the_meeting_and_it_closes_the_item(
    held, board, members, client_for
):
    meeting, secret, paper, _harriet = held
    ada = members[1]
    slug = board.partnership.slug
    address = reverse("governance:declare-for", args=[slug, meeting.pk, secret.pk])
    clerk = client_for(board.clerk)
    start = timezone.localtime(meeting.starts_at)
    at = (start + dt.timedelta(minutes=20)).strftime("%H:%M")
    early = (start - dt.timedelta(minutes=30)).strftime("%H:%M")

    refused = clerk.post(address, {"member": ada.pk, "nature": "My sister works there", "time": early})
    assert "between the start of the meeting" in error_beside(refused, "time")
    assert "Select the member" in error_beside(clerk.post(address, {"nature": "x", "time": at}), "member")
    assert "24-hour time" in error_beside(
        clerk.post(address, {"member": ada.pk, "nature": "x", "time": "noon"}), "time"
    )
    # Only the clerk records one for someone else.
    assert client_for(ada).post(address, {"member": ada.pk, "nature": "x", "time": at}).status_code in (
        403,
        404,
    )

    done = clerk.post(
        address, {"member": ada.pk, "nature": "My sister works there", "prejudicial": "on", "time": at}
    )
    assert done.status_code == 302
    declaration = Declaration.objects.get(item=secret, user=ada)
    assert (
        declaration.recorded_by == board.clerk
        and timezone.localtime(declaration.declared_at).strftime("%H:%M") == at
    )
    assert (
        declaration.history.first().history_change_reason
        == f"Declared at the meeting by {ada}; recorded by the clerk"
    )
    page = text_of(client_for(ada).get(surfaces(meeting, secret, paper)["meeting page"]))
    assert f"(declared at the meeting at {at}, recorded by the clerk)" in page
    assert not any(secret_text in page for secret_text in SECRETS)
    assert client_for(ada).get(surfaces(meeting, secret, paper)["paper"]).status_code == 404
    again = clerk.post(address, {"member": ada.pk, "nature": "Again", "time": at})
    assert "has already declared an interest in this item" in error_beside(again, "member")


def test_a_declaration_is_recorded_for_a_member_only_once_the_meeting_has_started(board, members, meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="Later", position=3)
    ctx = partnership_context_for(board.clerk, board.partnership.slug)
    from governance import services

    with pytest.raises(ServiceError, match="has not started yet"):
        services.declare_for_member(
            actor=board.clerk,
            ctx=ctx,
            item=item,
            member=members[1],
            nature="x",
            prejudicial=False,
            declared_at=timezone.now(),
        )


def test_a_recused_clerk_cannot_change_the_item_or_add_a_paper_so_cannot_reopen_it(held, board, client_for):
    meeting, secret, _paper, _harriet = held
    Declaration.objects.create(
        item=secret, user=board.clerk, nature="My partner teaches there", prejudicial=True
    )
    slug = board.partnership.slug
    clerk = client_for(board.clerk)
    edit = reverse("governance:item-edit", args=[slug, meeting.pk, secret.pk])
    assert clerk.get(edit).status_code == 404
    unticked = {
        "title": secret.title,
        "position": "2",
        "purpose": "decision",
        "rule": "consensus",
        "reason": "x",
    }
    assert clerk.post(edit, unticked).status_code == 404
    assert clerk.get(reverse("governance:paper-new", args=[slug, meeting.pk, secret.pk])).status_code == 404
    secret.refresh_from_db()
    assert secret.confidential
    from governance import services

    ctx = partnership_context_for(board.clerk, slug)
    secret.confidential = False
    with pytest.raises(NotVisible):
        services.item_save(actor=board.clerk, ctx=ctx, meeting=meeting, item=secret, reason="x")
    assert AgendaItem.objects.get(pk=secret.pk).confidential
