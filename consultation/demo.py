"""The 2013 LEEP questionnaire, in the seed's own words, as demo data and for tests."""

from __future__ import annotations

import datetime as dt

from partnership.auditing import save_with_history

from .models import Consultation, Question, Section
from .models.consultations import QuestionKind

LEEP_2013 = [
    (
        "Vision, aims and principles",
        [
            "Does the vision set out clearly what the Partnership is about?",
            "Do you agree with the broad aims of the Partnership?",
            "Do you think the guiding principles of the Partnership are reasonable?",
        ],
    ),
    (
        "Working protocols and function",
        [
            "Do you think the functions of the Partnership will effectively provide support to schools?",
            "Do you think the working protocols set the appropriate expectations for the Partnership?",
        ],
    ),
    (
        "Roles and responsibilities, structure",
        [
            "Do you agree broadly with the suggested roles for the different stakeholders in the Partnership?",
            "Do you think the proposed structure of the Partnership will facilitate support in schools and secure improvement?",
        ],
    ),
]
MISSING = (
    "Anything else",
    "Is there anything missing from the proposal which you feel needs to be considered?",
)


def leep_2013_questionnaire(*, partnership, actor, opens_on: dt.date, closes_on: dt.date) -> Consultation:
    consultation = save_with_history(
        Consultation(
            partnership=partnership,
            title="Leicestershire Education Excellence Partnership proposal",
            purpose="Your views on the proposed partnership: its vision, aims and principles, how it will work, and its roles and structure.",
            opens_on=opens_on,
            closes_on=closes_on,
            retain_until=closes_on + dt.timedelta(days=365),
            context=(
                "The views and opinions of schools, other education providers and stakeholders were sought as part "
                "of the development of the partnership, so that all stakeholders had an opportunity to comment, shape "
                "and inform this new collaborative approach."
            ),
            methodology="The proposal was shared at headteacher and governor briefings, by email to all schools, and through an online questionnaire.",
            created_by=actor,
        ),
        actor=actor,
        reason="The 2013 LEEP questionnaire",
    )
    for position, (title, questions) in enumerate([*LEEP_2013, (MISSING[0], [MISSING[1]])], start=1):
        section = save_with_history(
            Section(consultation=consultation, title=title, position=position),
            actor=actor,
            reason="Questionnaire",
        )
        for number, text in enumerate(questions, start=1):
            kind = QuestionKind.FREE_TEXT if text == MISSING[1] else QuestionKind.SCALE
            save_with_history(
                Question(section=section, text=text, kind=kind, position=number),
                actor=actor,
                reason="Questionnaire",
            )
    return consultation


def add_demo_consultation(*, partnership, domain: str, schools) -> None:
    from partnership.models import User

    if Consultation.objects.filter(partnership=partnership).exists():
        return
    officer = User.objects.get(email=f"officer@{domain}")
    today = dt.date.today()
    leep_2013_questionnaire(
        partnership=partnership, actor=officer, opens_on=today, closes_on=today + dt.timedelta(days=60)
    )
