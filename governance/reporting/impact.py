"""The impact section of the annual report: what closed support achieved, and schools moving
between inspection grades over the year.

The report is for the board, the committee and the public, so support figures count only schools
whose consent covers support casework, and every figure resting on fewer than SMALL_CELL_MIN_SCHOOLS
schools is shown as "fewer than N" (partnership.disclosure). Inspection grades are published by
Ofsted, but a movement seen in one or two schools would still name them, so those cells are
suppressed too. Only counts leave the database: no statement or evidence text is read.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q

from governance.terms import terms_for
from partnership.consent import consenting_school_ids
from partnership.disclosure import Cell
from partnership.figures import Section, chart, section, table
from partnership.models import DataCategory

IMPACT_KEY = "impact"


def add_impact(snapshot: dict, partnership, academic_year: int) -> dict:
    """The snapshot with an impact section, unless the figures builder already gave one."""
    if any(section.get("key") == IMPACT_KEY for section in snapshot.get("sections", [])):
        return snapshot
    return {
        **snapshot,
        "sections": [*snapshot.get("sections", []), impact_section(partnership, academic_year)],
    }


def _cell(value: int, schools: int) -> str:
    return str(Cell(value, schools))


def impact_section(partnership, academic_year: int) -> Section:
    from support.models import Objective, ObjectiveRating, ProgressReview, SupportCase
    from support.models.cases import CaseStatus, Closure

    OUTCOME_CHOICES = Objective._meta.get_field("outcome").choices
    from support.models.reviews import Rating, ReviewStatus

    terms = terms_for(partnership, academic_year)
    starts_on, ends_on = terms[0].starts_on, terms[-1].ends_on
    consenting = consenting_school_ids(partnership, DataCategory.SUPPORT)
    closed = SupportCase.objects.filter(
        partnership=partnership,
        status=CaseStatus.CLOSED,
        closed_on__range=(starts_on, ends_on),
        school_id__in=consenting,
    )
    has = ~Q(**{"impact_statement": ""})
    counts = closed.aggregate(
        cases=Count("pk"),
        schools=Count("school", distinct=True),
        statements=Count("pk", filter=has),
        statement_schools=Count("school", distinct=True, filter=has),
        before=Count("pk", filter=~Q(evidence_before="")),
        before_schools=Count("school", distinct=True, filter=~Q(evidence_before="")),
        after=Count("pk", filter=~Q(evidence_after="")),
        after_schools=Count("school", distinct=True, filter=~Q(evidence_after="")),
        early=Count("pk", filter=Q(closure=Closure.WITHOUT_COMPLETION)),
        early_schools=Count("school", distinct=True, filter=Q(closure=Closure.WITHOUT_COMPLETION)),
    )
    # Each objective's outcome at closure, for support that completed.
    outcomes = {
        row["outcome"]: row
        for row in Objective.objects.filter(agreement__case__in=closed)
        .exclude(outcome="")
        .values("outcome")
        .annotate(n=Count("pk"), schools=Count("agreement__case__school", distinct=True))
    }
    # Each closed case's final review: the last one rated.
    final_reviews = {}
    for review_id, case_id in (
        ProgressReview.objects.filter(
            agreement__case__in=closed, status__in=[ReviewStatus.RATED, ReviewStatus.QUALITY_ASSURED]
        )
        .order_by("agreement__case_id", "held_on", "pk")
        .values_list("pk", "agreement__case_id")
    ):
        final_reviews[case_id] = review_id
    ratings = {
        row["rating"]: row
        for row in ObjectiveRating.objects.filter(review_id__in=final_reviews.values())
        .values("rating")
        .annotate(n=Count("pk"), schools=Count("review__agreement__case__school", distinct=True))
    }
    support_rows = [
        ["Support cases closed in the year", _cell(counts["cases"], counts["schools"])],
        [
            "Closed without completion (no objective counted as met)",
            _cell(counts["early"], counts["early_schools"]),
        ],
        ["With an impact statement", _cell(counts["statements"], counts["statement_schools"])],
        ["With evidence from before the support", _cell(counts["before"], counts["before_schools"])],
        ["With evidence from after the support", _cell(counts["after"], counts["after_schools"])],
    ]
    outcome_rows = [
        [label, _cell(outcomes.get(value, {}).get("n", 0), outcomes.get(value, {}).get("schools", 0))]
        for value, label in OUTCOME_CHOICES
    ]
    rating_rows = [
        [label, _cell(ratings.get(value, {}).get("n", 0), ratings.get(value, {}).get("schools", 0))]
        for value, label in Rating.choices
    ]
    moves, first_graded = grade_movements(partnership, starts_on, ends_on)
    move_rows = [[before, after, _cell(n, n)] for (before, after), n in sorted(moves.items())]
    moved = sum(moves.values())
    shown_closed = _cell(counts["cases"], counts["schools"])
    summary = (
        f"{shown_closed} support cases closed in the year at schools that agreed to share their casework. "
        f"{_cell(moved, moved)} open schools moved from one inspection grade to another over the year; "
        f"{_cell(first_graded, first_graded)} open schools had their first graded inspection in the year "
        "and are not counted as moving."
    )
    chart_values = [ratings.get(value, {}).get("n", 0) for value, _ in Rating.choices]
    suppressed = any(
        Cell(ratings.get(v, {}).get("n", 0), ratings.get(v, {}).get("schools", 0)).suppressed
        for v, _ in Rating.choices
    )
    tables = [
        table("Outcomes of support closed in the year", ["Measure", "Cases"], support_rows, [1]),
        table(
            "Objectives of support completed in the year, as judged at closure",
            ["Outcome", "Objectives"],
            outcome_rows,
            [1],
        ),
        table(
            "Final review ratings of the objectives of closed support",
            ["Rating", "Objectives"],
            rating_rows,
            [1],
        ),
        table(
            "Schools moving between inspection grades over the year",
            ["Grade at the start of the year", "Grade at the end of the year", "Schools"],
            move_rows or [["No school changed grade", "", "0"]],
            [2],
        ),
        table(
            "Open schools given their first graded inspection in the year (not counted as moving)",
            ["Measure", "Schools"],
            [["First graded inspection in the year", _cell(first_graded, first_graded)]],
            [1],
        ),
    ]
    drawn = None
    if not suppressed:
        drawn = chart(
            "Final review ratings of the objectives of closed support",
            [(label, value) for (_, label), value in zip(Rating.choices, chart_values, strict=True)],
            "objectives",
            none_if_all_nought=True,
        )
    return section(IMPACT_KEY, "Impact of support", summary, tables, drawn)


def grade_movements(partnership, starts_on, ends_on) -> tuple[Counter, int]:
    """(grade at the start, grade at the end) -> schools, for open schools whose overall grade changed
    from one real grade to another over the year; and, separately, the number of open schools first
    graded in the year. The grade at the start is the latest one before the year's first day (as the
    snapshot's previous figures are), so an inspection on that first day belongs to the year. Report
    cards have no overall grade, so only graded inspections count."""
    from schools.models import Inspection
    from schools.models.inspections import OverallGrade

    labels = dict(OverallGrade.choices)
    grades: dict[int, dict[str, str]] = {}
    rows = (
        Inspection.objects.filter(
            school__la_code__in=partnership.la_codes,
            school__status__istartswith="open",
            inspected_on__lte=ends_on,
        )
        .exclude(overall="")
        .order_by("school_id", "inspected_on", "pk")
        .values_list("school_id", "inspected_on", "overall")
    )
    for school_id, inspected_on, overall in rows:
        seen = grades.setdefault(school_id, {})
        if inspected_on < starts_on:
            seen["start"] = overall
        seen["end"] = overall
    moves: Counter = Counter()
    first_graded = 0
    for seen in grades.values():
        before, after = seen.get("start"), seen["end"]
        if before is None:
            first_graded += 1
        elif before != after:
            moves[(labels.get(before, before), labels.get(after, after))] += 1
    return moves, first_graded
