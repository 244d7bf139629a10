"""Who may see or do what with consultations (decision 0010).

This is the one module that decides it: views, selectors, services and templates ask here, so it is
the file to read to know who sees a consultation's responses and what the public sees. In words:

The officers who run consultations:
- A partnership's consultations are run by its LA officers and LA administrators, the officers. Only
  they open the consultation pages: the list, a consultation's details and preview, its areas and
  questions, its invitations, feedback recorded from briefings, meetings, emails and letters, the
  analysis, the comments and their themes, "you said, we did" and the summary's publication. To
  everyone else with a role in the partnership (headteachers, school staff, governors, board members,
  partner organisations, system leaders, inclusion officers and staff) each of those pages is a 404,
  and so is another partnership's consultation to its officers.
- Whatever an officer may see of a consultation they may also change; the services refuse anyone else
  (a 403).

Responses and comments:
- Every response and comment, online or recorded offline, is seen only by the officers running the
  consultation. Opening one comment to theme it is logged as a read; downloading every answer needs a
  reason, and is logged.
- An identified consultation keeps the name and email a respondent chose to give, and shows them to
  those officers (in the download). An anonymous one never keeps a name or email, not even from an
  invitation, so nobody can see who answered.
- Once anyone has answered, the questions are locked: no area or question may be added, and no
  question changed or removed, as that would spoil the answers. An area may still be renamed or
  moved.

Respondents (no account is needed):
- A draft consultation is not there for respondents: its link and its invitations are a 404.
- A consultation for anyone with the link is answered through that link; one for the people invited
  only through each person's own invitation, and its shared link is a 404.
- An invitation gives one response. In an identified consultation it leads back to that response; in
  an anonymous one it is marked used when the response starts and is never linked to it.
- Responses are taken only while the consultation is open and today is within its dates. An officer
  opens it (given at least one question and a closing date still to come) and closes it; nobody can
  answer once it is closed, including people part-way through.
- Each response has its own unguessable token, the only key to its answers: a respondent reaches only
  their own. Once sent, a response cannot be changed.

Governors and observers (partnership.rules.PUBLISHED_READER_ROLES):
- They answer consultations and read what the partnership publishes, so they have "Consultations"
  in their navigation and on their home page, leading to one page of the partnership's: the
  consultations open to anyone with the link that take responses today, each with its link to
  answer, and the consultations whose summary the public may read. A draft, one whose first day is
  still to come and one for the people invited only are never shown as open: an invited governor
  answers through their own invitation. Every other consultation page is a 404 to them, as above.
- The officers open that page too, to see what governors see; their own "Consultations" stays their
  list, so someone who is both an officer and a governor has one "Consultations" in their navigation.

The public:
- A consultation's summary, as a page and a PDF, is public once the consultation is closed and its
  publication date has come; before that it is a 404 to everyone, officers included. A summary is
  published only once the consultation is closed, and a consultation whose summary is published cannot
  be opened again until the summary is taken down.
- The summary names nobody: it holds the figures, the comments officers chose as samples in the form
  they wrote for publication with names removed, the additional responses by kind of respondent, and
  only the approved responses to themes ("you said, we did").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from partnership import rules as partnership_rules
from partnership.access import NotAllowed, NotVisible, PartnershipContext
from partnership.models import LA_ROLES

from .models import Consultation, Invitation, Response
from .models.consultations import Audience, ConsultationStatus, Identification
from .models.responses import ResponseStatus, ReviewStatus

# --- The role set, defined once -----------------------------------------------------------------

# The officers who run a partnership's consultations: its LA officers and LA administrators. Every
# officers' page and the Consultations navigation item let in these roles and no other.
OFFICER_ROLES = LA_ROLES
# Who answers the partnership's open consultations and reads its published summaries in the portal.
READER_ROLES = partnership_rules.PUBLISHED_READER_ROLES
# Who opens the page of open consultations and published summaries: the readers, and the officers.
OPEN_AND_PUBLISHED_ROLES = READER_ROLES | OFFICER_ROLES


# --- The officers -------------------------------------------------------------------------------


def is_officer(ctx: PartnershipContext) -> bool:
    """Whether the person runs this partnership's consultations."""
    return ctx.has_any(OFFICER_ROLES)


def require_officer(ctx: PartnershipContext) -> None:
    """Anyone else gets a 404 for every consultation page, as for a record they may not see."""
    if not is_officer(ctx):
        raise NotVisible(f"needs one of {sorted(OFFICER_ROLES)}")


def may_manage(ctx: PartnershipContext, consultation: Consultation | None = None) -> bool:
    """Whether the person may change this consultation (or, without one, start one): an officer of
    its own partnership."""
    if consultation is not None and consultation.partnership_id not in (None, ctx.partnership.pk):
        return False
    return is_officer(ctx)


def require_manager(ctx: PartnershipContext, consultation: Consultation | None = None) -> None:
    """Every officers' write asks this first (a 403)."""
    if not may_manage(ctx, consultation):
        raise NotAllowed(f"needs one of {sorted(OFFICER_ROLES)} in the consultation's partnership")


# --- Responses and comments ---------------------------------------------------------------------


def may_see_responses(ctx: PartnershipContext, consultation: Consultation) -> bool:
    """Whether the person may read this consultation's responses and comments: the officers of its
    partnership, who run it."""
    return consultation.partnership_id == ctx.partnership.pk and is_officer(ctx)


def require_sight_of_responses(ctx: PartnershipContext, consultation: Consultation) -> None:
    if not may_see_responses(ctx, consultation):
        raise NotVisible(f"may not see the responses to consultation {consultation.pk}")


def is_anonymous(consultation: Consultation) -> bool:
    """An anonymous consultation keeps no name or email, so nobody can see who answered."""
    return consultation.identification == Identification.ANONYMOUS


def keeps_names(consultation: Consultation) -> bool:
    """Whether responses keep the name and email a respondent gives, shown to the officers."""
    return not is_anonymous(consultation)


def questions_locked(consultation: Consultation) -> bool:
    """Once anyone has answered (online or recorded offline, sent or not), no area or question may be
    added, and no question changed or removed. One query."""
    return consultation.responses.exists()


@dataclass(frozen=True)
class ConsultationActions:
    """What the consultation's page offers its officers, so it shows only what they may do."""

    open: bool = False
    close: bool = False
    change_questions: bool = False


def consultation_actions(
    ctx: PartnershipContext, consultation: Consultation, *, locked: bool
) -> ConsultationActions:
    """The page offers opening a draft and closing an open consultation, and changing the questions
    until they are locked (locked: questions_locked, asked once by the page)."""
    if not may_manage(ctx, consultation):
        return ConsultationActions()
    return ConsultationActions(
        open=consultation.status == ConsultationStatus.DRAFT,
        close=consultation.status == ConsultationStatus.OPEN,
        change_questions=not locked,
    )


# --- Respondents --------------------------------------------------------------------------------


def respondents_may_reach(consultation: Consultation) -> bool:
    """Whether respondents may reach the consultation at all: not while it is a draft."""
    return consultation.status != ConsultationStatus.DRAFT


def may_answer_through_link(consultation: Consultation) -> bool:
    """Whether the consultation's shared link leads anywhere: only for one that is out and open to
    anyone with the link."""
    return respondents_may_reach(consultation) and not needs_invitation(consultation)


def may_answer_through_invitation(invitation: Invitation) -> bool:
    """Whether an invitation's own link leads anywhere: once its consultation is out."""
    return respondents_may_reach(invitation.consultation)


def needs_invitation(consultation: Consultation) -> bool:
    """A consultation for the people invited is answered only through each person's invitation."""
    return consultation.audience == Audience.INVITED


def invitation_used(consultation: Consultation, invitation: Invitation | None) -> bool:
    """Whether an anonymous consultation's invitation has already given its one response."""
    return invitation is not None and is_anonymous(consultation) and invitation.used_at is not None


def may_respond(consultation: Consultation, today: dt.date | None = None) -> bool:
    """Whether the consultation takes responses now: it is open and today is within its dates."""
    today = today or timezone.localdate()
    return (
        consultation.status == ConsultationStatus.OPEN
        and consultation.opens_on <= today <= consultation.closes_on
    )


def not_yet_open(consultation: Consultation, today: dt.date | None = None) -> bool:
    """Whether an open consultation's first day is still to come."""
    today = today or timezone.localdate()
    return consultation.status == ConsultationStatus.OPEN and today < consultation.opens_on


def is_closed(consultation: Consultation) -> bool:
    return consultation.status == ConsultationStatus.CLOSED


def is_sent(response: Response) -> bool:
    """A sent response cannot be changed: its respondent sees only that it was sent."""
    return response.status == ResponseStatus.SUBMITTED


# --- Governors and observers --------------------------------------------------------------------


def has_readers_consultations(ctx: PartnershipContext) -> bool:
    """Whether "Consultations" in the person's navigation is the page of open consultations and
    published summaries: for governors and observers who do not run consultations."""
    return ctx.has_any(READER_ROLES) and not is_officer(ctx)


def open_to_readers(today: dt.date | None = None) -> Q:
    """The consultations governors and observers are shown as open, with their link: open to anyone
    with the link and taking responses today. The same rules as may_answer_through_link and
    may_respond, for a query."""
    today = today or timezone.localdate()
    return Q(
        status=ConsultationStatus.OPEN, audience=Audience.LINK, opens_on__lte=today, closes_on__gte=today
    )


# --- The public ---------------------------------------------------------------------------------


def public_summaries(today: dt.date | None = None) -> Q:
    """The consultations whose summary the public may read: closed, and published on or before today.
    The same rule as summary_is_public, for a query."""
    return Q(status=ConsultationStatus.CLOSED, published_on__lte=today or timezone.localdate())


def summary_is_public(consultation: Consultation, today: dt.date | None = None) -> bool:
    """Whether the public may read the consultation's summary (page and PDF) today."""
    today = today or timezone.localdate()
    return (
        is_closed(consultation)
        and consultation.published_on is not None
        and consultation.published_on <= today
    )


def may_publish_summary(consultation: Consultation) -> bool:
    """A summary is given a publication date only once the consultation is closed."""
    return is_closed(consultation)


def may_open_again(consultation: Consultation) -> bool:
    """A consultation whose summary is published cannot be opened until the summary is taken down."""
    return not consultation.published_on


# In the summary: only the comments officers marked as samples, in the text they wrote for publication
# (never the comment as given), and only the approved responses to themes.
PUBLISHED_COMMENTS = Q(is_sample=True) & ~Q(published_comment="")
PUBLISHED_THEME_RESPONSES = Q(status=ReviewStatus.APPROVED)
