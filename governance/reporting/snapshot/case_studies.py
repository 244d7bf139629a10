"""The case studies the LA chose for the period, named only where the school agreed and its consent
covers its casework."""

from __future__ import annotations

from governance.models import CaseStudy
from partnership.consent import consents_in_force
from partnership.models import DataCategory
from support.models.cases import CaseStatus

from .period import Period


def _phase_title(phase: str) -> str:
    phase = (phase or "").strip().lower()
    if not phase or phase == "not applicable":
        return "A school"
    article = "An" if phase[0] in "aeiou" else "A"
    return f"{article} {phase} school"


def case_studies(partnership, period: Period) -> list[dict]:
    """Closed cases in the period that the LA chose as case studies. A school is named only if it
    agreed and its consent in force covers support casework, whoever the snapshot is for: reports
    are read outside the LA."""
    studies = list(
        CaseStudy.objects.filter(
            partnership=partnership,
            case__partnership=partnership,  # never another partnership's case, however it was added
            case__status=CaseStatus.CLOSED,
            case__closed_on__gte=period.starts_on,
            case__closed_on__lte=period.cut,
        )
        .select_related("case__school")
        .order_by("case__closed_on", "pk")
    )
    wanting = {study.case.school_id for study in studies if study.school_agreed_to_be_named}
    consenting = set()
    if wanting:
        rows = (
            consents_in_force(partnership)
            .filter(school_id__in=wanting)
            .values_list("school_id", "categories")
        )
        consenting = {
            school_id for school_id, categories in rows if DataCategory.SUPPORT in (categories or [])
        }
    out = []
    for study in studies:
        school = study.case.school
        named = study.school_agreed_to_be_named and school.pk in consenting
        out.append({"title": school.name if named else _phase_title(school.phase), "summary": study.summary})
    return out
