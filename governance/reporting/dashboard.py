"""Reads for the termly dashboard: which term, the figures for it (kept while the data they are read
from is unchanged, decision 0038), and the LA's table of each school for that term."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from governance import rules
from governance.models import Term
from governance.reporting.figure_sources import data_fingerprint, fingerprint_is_sound
from governance.terms import academic_year_of, term_on, terms_for
from partnership.access import NotVisible, PartnershipContext
from schools.models import Inspection, School
from schools.selectors.figures import open_flags, open_on
from support.models import ObjectiveRating, SupportCase
from support.selectors.figures import with_shown_status_on

SORTS = {
    "name": ("name", "Name (A to Z)"),
    "-name": ("-name", "Name (Z to A)"),
    "outcome": ("outcome_rank", "Latest inspection (weakest first)"),
    "flags": ("-open_flags", "Most flags first"),
    "case": ("case_rank", "Open case first"),
}
# Weakest first, so a sort by outcome puts the schools most likely to need support at the top.
OUTCOME_RANK = {"inadequate": 0, "requires_improvement": 1, "satisfactory": 2, "good": 3, "outstanding": 4}


def dashboard_terms(ctx: PartnershipContext, key: str | None) -> tuple[Term, list[Term]]:
    """The chosen term (the current one unless `key` names another) and every term to choose from.

    This year's and next year's terms are made on first view; a key that names no term is a 404."""
    today = timezone.localdate()
    terms_for(ctx.partnership, academic_year_of(today) + 1)
    current = term_on(ctx.partnership, today)
    terms = list(Term.objects.filter(partnership=ctx.partnership).order_by("-starts_on"))
    # The current term as one of the list, whose partnership is the one already read.
    current = next((term for term in terms if term.pk == current.pk), current)
    for term in terms:
        term.partnership = ctx.partnership
    if not key:
        return current, terms
    chosen = next((term for term in terms if term.key == key), None)
    if chosen is None:
        raise NotVisible(f"no term {key!r} in {ctx.partnership.slug}")
    return chosen, terms


def school_rows(ctx: PartnershipContext, term: Term, sort: str) -> QuerySet[School]:
    """Each school open in the partnership at the end of the term (or today, if sooner) with, as at
    that day:
    its latest inspection, its open needs flags, its open case and its latest review rating in the
    term. One query for a page, whatever the number of schools."""
    rules.require_clerk_sight(ctx)
    cut = min(term.ends_on, timezone.localdate())
    partnership = ctx.partnership
    latest = Inspection.objects.filter(school=OuterRef("pk"), inspected_on__lte=cut).order_by(
        "-inspected_on", "-pk"
    )
    # Flags and case status as they stood at the end of the term (from their history), as the
    # snapshot counts them, so that this table agrees with last term's figures next year too.
    flags = (
        open_flags(partnership, cut)
        .filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_case = (
        SupportCase.objects.filter(school=OuterRef("pk"), partnership=partnership, opened_on__lte=cut)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=cut))
        .order_by("-opened_on", "-pk")
    )
    rating = ObjectiveRating.objects.filter(
        review__agreement__case__school=OuterRef("pk"),
        review__agreement__case__partnership=partnership,
        review__held_on__gte=term.starts_on,
        review__held_on__lte=cut,
    ).order_by("-review__held_on", "-review_id", "rating")
    rows = School.objects.filter(open_on(cut), la_code__in=partnership.la_codes).annotate(
        overall=Subquery(latest.values("overall")[:1]),
        inspected_on=Subquery(latest.values("inspected_on")[:1]),
        open_flags=Coalesce(Subquery(flags[:1], output_field=IntegerField()), Value(0)),
        case_id=Subquery(open_case.values("pk")[:1]),
        case_status=Subquery(with_shown_status_on(open_case, cut).values("shown")[:1]),
        review_rating=Subquery(rating.values("rating")[:1]),
    )
    rows = rows.annotate(
        outcome_rank=Case(
            *(When(overall=grade, then=Value(rank)) for grade, rank in OUTCOME_RANK.items()),
            When(overall="", then=Value(5)),
            default=Value(6),
            output_field=IntegerField(),
        ),
        case_rank=Case(
            When(case_id__isnull=False, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    )
    order = SORTS.get(sort, SORTS["name"])[0]
    return rows.order_by(order, "name", "pk")


# --- The figures, kept while their data is unchanged (decision 0038) ------------------------------

log = logging.getLogger(__name__)
FIGURES_KEEP_SECONDS = 60 * 60 * 24
# The code that counts and draws the figures: a key made under other code is never read.
FIGURE_CODE = ("governance", "inclusion", "partnership", "schools", "support", "templates/governance")


@cache
def code_fingerprint() -> str:
    """A digest of the Python and templates of the apps the figures are counted and drawn by, read
    once a process: figures kept by one version of the code are never shown by another."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in FIGURE_CODE:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "tests" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def figures_key(partnership, term: Term, audience: str, variant: str, data: str, as_at: dt.datetime) -> str:
    """The key figures are kept under: everything a snapshot is a function of."""
    today = timezone.localdate(as_at).isoformat()
    rules_in_force = (
        f"{settings.SMALL_CELL_MIN_SCHOOLS}:{settings.SMALL_PUPIL_COUNT_MIN}:{settings.TIME_ZONE}"
    )
    parts = (partnership.pk, term.key, audience, variant, today, rules_in_force, code_fingerprint(), data)
    return "dashboard-figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def kept_figures(
    partnership, term: Term, audience: str, variant: str, make: Callable[[dt.datetime], dict]
) -> dict:
    """The figures `make` counts for the partnership, term and audience as at the moment it is
    given, kept in the shared cache under a key that holds a fingerprint of every table they are
    read from (governance.reporting.figure_sources), the day, the code and the disclosure rules: a
    write to any of them changes the key, so what is kept is never shown after the data has
    changed. One query when kept (the fingerprint); `make`'s as well when not. `variant` tells apart
    the pages drawn from one snapshot (the LA's, with links to the lists behind it)."""
    as_at = timezone.now()  # the day in the key is the day the figures are counted at
    if not fingerprint_is_sound():
        return {**make(as_at), "kept": False}
    data, may_keep = data_fingerprint()
    key = figures_key(partnership, term, audience, variant, data, as_at)
    try:
        kept = shared_cache.get(key)
    except Exception:  # the cache is a saving, never a reason to fail the page
        log.warning("The dashboard's figures could not be read from the cache", exc_info=True)
        kept, may_keep = None, False
    if kept is not None:
        return {**kept, "kept": True}
    figures = make(as_at)
    if may_keep:
        try:
            shared_cache.set(key, figures, FIGURES_KEEP_SECONDS)
        except Exception:
            log.warning("The dashboard's figures could not be kept in the cache", exc_info=True)
    return {**figures, "kept": False}
