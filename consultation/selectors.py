"""Reads of consultations. Officers of the partnership run them; respondents reach only their own
response, through its token; the public sees only a published summary. Who may see what is decided
in consultation.rules, which these ask."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partnership.access import NotVisible, PartnershipContext

from . import rules
from .models import Answer, Consultation, Invitation, Question, Response, Section, Theme, ThemeResponse
from .models.consultations import AGREEING, QuestionKind
from .models.responses import Channel, RespondentKind, ResponseStatus

DENOMINATOR_NOTE = (
    "Figures are of the online questionnaire; feedback from briefings, meetings, emails and letters is "
    "shown as additional responses. Percentages are of the answers given to the agree or disagree "
    "questions in each area, rounded to whole numbers. A question left blank is not counted. "
    "\u201cDon\u2019t know\u201d counts as an answer that does not agree."
)


# --- The officers' pages ------------------------------------------------------------------------


def consultations_for(ctx: PartnershipContext) -> QuerySet[Consultation]:
    rules.require_officer(ctx)
    return (
        Consultation.objects.filter(partnership=ctx.partnership)
        .annotate(submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)))
        .order_by("-opens_on", "-pk")
    )


def consultation_for(ctx: PartnershipContext, consultation_id: int) -> Consultation:
    rules.require_officer(ctx)
    consultation = Consultation.objects.filter(pk=consultation_id, partnership=ctx.partnership).first()
    if consultation is None:
        raise NotVisible(f"consultation {consultation_id} is not in {ctx.partnership.slug}")
    return consultation


def structure(consultation: Consultation) -> list[Section]:
    return list(consultation.sections.prefetch_related("questions"))


def consultation_page(consultation: Consultation) -> dict:
    """What a consultation's page shows its officers: the areas and their questions, whether the
    questions are locked, how many responses were sent and how many people were invited."""
    return {
        "sections": structure(consultation),
        "locked": rules.questions_locked(consultation),
        "submitted": consultation.responses.filter(status=ResponseStatus.SUBMITTED).count(),
        "invitations": consultation.invitations.count(),
    }


def areas(consultation: Consultation) -> QuerySet[Section]:
    """The consultation's areas in order, for a form's choices or a filter."""
    return consultation.sections.all()


def next_area_position(consultation: Consultation) -> int:
    """Where a new area goes: after the last."""
    return consultation.sections.count() + 1


def questions_in_order(consultation: Consultation) -> list[Question]:
    """Every question of the consultation, area by area, each with its area."""
    return list(
        Question.objects.filter(section__consultation=consultation)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )


def theme_responses(consultation: Consultation) -> QuerySet[ThemeResponse]:
    """The responses to themes ("you said, we did"), drafts and approved."""
    return consultation.theme_responses.select_related("theme", "section", "approved_by")


def percent(agreeing: int, answered: int) -> int | None:
    if not answered:
        return None
    return int((Decimal(100 * agreeing) / answered).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass
class Figure:
    answers: int = 0  # every answer recorded, blanks included: "26 responses"
    answered: int = 0  # those that chose an answer: the denominator
    agreeing: int = 0
    by_choice: dict = field(default_factory=dict)

    @property
    def percent(self) -> int | None:
        return percent(self.agreeing, self.answered)

    @property
    def blank(self) -> int:
        return self.answers - self.answered

    def add(self, choice: str, count: int) -> None:
        self.answers += count
        if choice:
            self.answered += count
            self.by_choice[choice] = self.by_choice.get(choice, 0) + count
            if choice in AGREEING:
                self.agreeing += count


def analysis(consultation: Consultation) -> dict:
    """Figures per area and per question, and breakdowns by respondent kind and channel.

    Two grouped queries over the answers and one over the responses, however many there are.
    """
    sections = structure(consultation)
    submitted = Answer.objects.filter(
        response__consultation=consultation, response__status=ResponseStatus.SUBMITTED
    )
    rows = (
        submitted.filter(question__kind=QuestionKind.SCALE, response__channel=Channel.ONLINE)
        .values("question_id", "choice")
        .annotate(n=Count("pk"))
    )
    by_question: dict[int, Figure] = defaultdict(Figure)
    for row in rows:
        by_question[row["question_id"]].add(row["choice"], row["n"])
    kind_rows = (
        submitted.filter(question__kind=QuestionKind.SCALE)
        .values("response__respondent_kind", "choice")
        .annotate(n=Count("pk"))
    )
    by_kind: dict[str, Figure] = defaultdict(Figure)
    for row in kind_rows:
        by_kind[row["response__respondent_kind"]].add(row["choice"], row["n"])
    channel_rows = (
        Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)
        .values("channel", "respondent_kind")
        .annotate(n=Count("pk"))
    )
    channels: dict[str, int] = defaultdict(int)
    kinds: dict[str, int] = defaultdict(int)
    for row in channel_rows:
        channels[row["channel"]] += row["n"]
        kinds[row["respondent_kind"]] += row["n"]
    areas = []
    for section in sections:
        figure = Figure()
        questions = []
        for question in section.questions.all():
            if question.kind != QuestionKind.SCALE:
                continue
            qf = by_question.get(question.pk, Figure())
            questions.append({"question": question, "figure": qf})
            for choice, n in qf.by_choice.items():
                figure.add(choice, n)
            figure.add("", qf.blank)
        areas.append({"section": section, "figure": figure, "questions": questions})
    channel_labels = dict(Channel.choices)
    kind_labels = dict(RespondentKind.choices)
    return {
        "areas": areas,
        "responses": sum(channels.values()),
        "channels": [(channel_labels[c], n) for c, n in sorted(channels.items(), key=lambda kv: -kv[1])],
        "kinds": [
            (kind_labels[k], kinds.get(k, 0), by_kind[k].percent if k in by_kind else None)
            for k in sorted(kinds, key=lambda k: -kinds[k])
        ],
        "note": DENOMINATOR_NOTE,
    }


def comments(
    ctx: PartnershipContext,
    consultation: Consultation,
    *,
    q: str = "",
    section: int | None = None,
    theme: int | None = None,
    untagged: bool = False,
    kind: str = "",
    samples: bool = False,
) -> QuerySet[Answer]:
    rules.require_sight_of_responses(ctx, consultation)
    answers = (
        Answer.objects.filter(response__consultation=consultation, response__status=ResponseStatus.SUBMITTED)
        .exclude(comment="")
        .select_related("question__section", "section", "response")
        .prefetch_related("themes")
        .order_by("pk")
    )
    if q:
        answers = answers.filter(comment__icontains=q)
    if section:
        answers = answers.filter(Q(question__section_id=section) | Q(section_id=section))
    if theme:
        answers = answers.filter(themes__id=theme)
    if untagged:
        answers = answers.filter(themes__isnull=True)
    if kind:
        answers = answers.filter(response__respondent_kind=kind)
    if samples:
        answers = answers.filter(is_sample=True)
    # No filter here can repeat an answer: one theme id matches at most one link row.
    return answers


def themed_progress(consultation: Consultation) -> dict:
    total = Answer.objects.filter(
        response__consultation=consultation, response__status=ResponseStatus.SUBMITTED
    ).exclude(comment="")
    counts = total.aggregate(
        all=Count("pk", distinct=True), themed=Count("pk", filter=Q(themes__isnull=False), distinct=True)
    )
    return {
        "comments": counts["all"],
        "themed": counts["themed"],
        "percent": percent(counts["themed"], counts["all"]) or 0,
    }


def current_themes(consultation: Consultation) -> QuerySet[Theme]:
    """The themes comments can be given: not those merged into another."""
    return consultation.themes.filter(merged_into__isnull=True).order_by("name")


def themes_with_counts(consultation: Consultation) -> QuerySet[Theme]:
    return current_themes(consultation).annotate(comments=Count("answers", distinct=True))


def answer_for(ctx: PartnershipContext, consultation: Consultation, answer_id: int) -> Answer:
    rules.require_sight_of_responses(ctx, consultation)
    answer = (
        Answer.objects.filter(pk=answer_id, response__consultation=consultation)
        .select_related("question", "response")
        .first()
    )
    if answer is None:
        raise NotVisible(f"answer {answer_id} is not in consultation {consultation.pk}")
    return answer


def answers_for_download(ctx: PartnershipContext, consultation: Consultation) -> QuerySet[Answer]:
    """Every answer of every sent response, one row each, with its response, question, area and
    themes, in the order the download lists them."""
    rules.require_sight_of_responses(ctx, consultation)
    return (
        Answer.objects.filter(response__consultation=consultation, response__status=ResponseStatus.SUBMITTED)
        .select_related("response", "question__section", "section")
        .prefetch_related("themes")
        .order_by("response_id", "pk")
    )


def theme_response_for(consultation: Consultation, pk: int) -> ThemeResponse:
    item = ThemeResponse.objects.filter(pk=pk, consultation=consultation).first()
    if item is None:
        raise NotVisible(f"theme response {pk} is not in consultation {consultation.pk}")
    return item


def question_for(consultation: Consultation, pk: int) -> Question:
    question = (
        Question.objects.filter(pk=pk, section__consultation=consultation).select_related("section").first()
    )
    if question is None:
        raise NotVisible(f"question {pk} is not in consultation {consultation.pk}")
    return question


def section_for(consultation: Consultation, pk: int) -> Section:
    section = Section.objects.filter(pk=pk, consultation=consultation).first()
    if section is None:
        raise NotVisible(f"section {pk} is not in consultation {consultation.pk}")
    return section


# --- Respondents: reached by a token, never by an account ---------------------------------------


def consultation_for_link(token: str) -> Consultation:
    """The consultation whose shared link this is, if the link may be answered (a 404 otherwise)."""
    consultation = Consultation.objects.filter(link_token=token).select_related("partnership").first()
    if consultation is None or not rules.may_answer_through_link(consultation):
        raise Http404("No such consultation")
    return consultation


def invitation_for(token: str) -> Invitation:
    """The invitation whose own link this is, if it may be answered (a 404 otherwise)."""
    invitation = Invitation.objects.filter(token=token).select_related("consultation__partnership").first()
    if invitation is None or not rules.may_answer_through_invitation(invitation):
        raise Http404("No such invitation")
    return invitation


def invitation_response(invitation: Invitation) -> Response | None:
    """The response an invitation of an identified consultation has already given, if any."""
    try:
        return invitation.response
    except Response.DoesNotExist:
        return None


def response_for(resume: str) -> Response:
    """The response whose resume token this is: the only key to its answers."""
    response = (
        Response.objects.filter(resume_token=resume).select_related("consultation__partnership").first()
    )
    if response is None:
        raise Http404("No such response")
    return response


def saved_answers(response: Response, section: Section) -> dict[int, Answer]:
    """The respondent's answers so far to one area's questions, by question."""
    return {a.question_id: a for a in response.answers.filter(question__section=section)}


def answers_to_check(response: Response) -> list[dict]:
    """Every area with each question and the respondent's answer to it (or None), for checking
    before sending."""
    answers = {a.question_id: a for a in response.answers.all()}
    return [
        {"section": s, "step": i, "rows": [(q, answers.get(q.pk)) for q in s.questions.all()]}
        for i, s in enumerate(structure(response.consultation), start=1)
    ]


# --- Governors and observers -------------------------------------------------------------------


def open_and_published(ctx: PartnershipContext) -> dict:
    """The partnership's consultations open to governors and observers, soonest closing first, and
    those whose summary is published, latest first. Two queries."""
    consultations = Consultation.objects.filter(partnership=ctx.partnership).only(
        "title", "purpose", "opens_on", "closes_on", "link_token", "published_on", "partnership_id"
    )
    return {
        "open": list(consultations.filter(rules.open_to_readers()).order_by("closes_on", "pk")),
        "published": list(consultations.filter(rules.public_summaries()).order_by("-published_on", "-pk")),
    }


def readers_home(ctx: PartnershipContext) -> dict:
    """How many of the partnership's consultations are open to governors and observers, and how many
    summaries are published: for their home page. One query."""
    return Consultation.objects.filter(partnership=ctx.partnership).aggregate(
        open_count=Count("pk", filter=rules.open_to_readers()),
        published_count=Count("pk", filter=rules.public_summaries()),
    )


# --- The public --------------------------------------------------------------------------------


def published_consultation(partnership_slug: str, consultation_id: int) -> Consultation:
    """A consultation whose summary the public may read today (a 404 otherwise)."""
    consultation = (
        Consultation.objects.filter(
            rules.public_summaries(), pk=consultation_id, partnership__slug=partnership_slug
        )
        .select_related("partnership")
        .first()
    )
    if consultation is None:
        raise Http404("No published summary")
    return consultation


def published_summary(consultation: Consultation) -> dict:
    """Everything the published summary shows. It holds no personal data: sample comments are shown
    as redacted for publication, and additional responses by kind of respondent only."""
    figures = analysis(consultation)
    samples = (
        Answer.objects.filter(
            rules.PUBLISHED_COMMENTS,
            response__consultation=consultation,
            response__status=ResponseStatus.SUBMITTED,
        )
        .select_related("question__section", "section", "response")
        .order_by("pk")
    )
    by_section: dict[int, dict[str, list]] = defaultdict(lambda: {"online": [], "additional": []})
    kind_labels = dict(RespondentKind.choices)
    for answer in samples:
        section_id = answer.question.section_id if answer.question_id else answer.section_id
        bucket = "online" if answer.response.channel == Channel.ONLINE else "additional"
        text = answer.published_comment
        if bucket == "additional":
            text = f"{text} \u2013 {kind_labels[answer.response.respondent_kind].lower()}"
        by_section[section_id][bucket].append(text)
    for area in figures["areas"]:
        area["samples"] = by_section[area["section"].pk]["online"]
        area["additional"] = by_section[area["section"].pk]["additional"]
    general = by_section[None]["online"] + by_section[None]["additional"]
    responses_to_themes = list(
        consultation.theme_responses.filter(rules.PUBLISHED_THEME_RESPONSES).order_by("pk")
    )
    return {"figures": figures, "general": general, "theme_responses": responses_to_themes}
