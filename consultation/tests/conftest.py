import datetime as dt

import pytest

from consultation.demo import leep_2013_questionnaire
from consultation.services import response_save_section, response_start, response_submit


@pytest.fixture
def questionnaire(partnership_a, la_officer_a):
    today = dt.date.today()
    consultation = leep_2013_questionnaire(
        partnership=partnership_a,
        actor=la_officer_a,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=10),
    )
    consultation.status = "open"
    consultation.save()
    return consultation


def answer_online(consultation, plan: dict[int, list[str]], *, kind="headteacher", comment=""):
    """One online response: plan maps section position to the choice for each of its questions."""
    response = response_start(
        consultation=consultation, respondent_kind=kind, organisation="", name="R", email="", invitation=None
    )
    for section in consultation.sections.prefetch_related("questions"):
        questions = list(section.questions.all())
        choices = plan.get(section.position, [""] * len(questions))
        response_save_section(
            response=response,
            section=section,
            answers={q.pk: (c, comment if c else "") for q, c in zip(questions, choices, strict=False)},
        )
    return response_submit(response=response)
