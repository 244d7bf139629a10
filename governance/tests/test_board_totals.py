"""The board's and the public's totals are the LA's (decision 0017): counted over every school the
partnership covers, whoever consented, with small cells hidden so that none can be worked out."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.utils import timezone

from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from partnership.figures import NOT_SHOWN
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    NeedsFlagFactory,
    SchoolFactory,
    consent_in_force,
    published_agreement,
)

from .test_snapshot import known  # noqa: F401  (the fixture)

AS_AT = timezone.make_aware(dt.datetime(2026, 12, 15, 12, 0))
SCHOOLS = 12


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@pytest.fixture
def twelve(partnership_a, la_officer_a):
    """Twelve schools, ten flagged, seven with a case open this term (three agreed), in a partnership
    whose threshold is 5 schools."""
    schools = [SchoolFactory(name=f"School {n}", la_code="901") for n in range(SCHOOLS)]
    for school in schools[:10]:
        NeedsFlagFactory(
            partnership=partnership_a, school=school, kind="ks2_below_la", raised_at=_at(dt.date(2026, 9, 5))
        )
    for n, school in enumerate(schools[:7]):
        case = CaseFactory(
            partnership=partnership_a,
            school=school,
            lead_officer=la_officer_a,
            opened_on=dt.date(2026, 9, 10),
        )
        if n < 3:
            AgreementFactory(case=case, status="agreed", agreed_at=_at(dt.date(2026, 10, 1)))
    return schools


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d[\d,]*(?:\.\d+)?", text)


@pytest.mark.parametrize("consenting", [1, SCHOOLS // 2, SCHOOLS])
def test_the_boards_totals_equal_the_las_whoever_consented(partnership_a, twelve, consenting):
    agreement = published_agreement(partnership_a)
    for school in twelve[:consenting]:
        consent_in_force(agreement, school)
    term = terms_for(partnership_a, 2026)[0]
    board, la = (
        build_snapshot(partnership_a, term=term, audience=audience, as_at=AS_AT)
        for audience in ("board", "la")
    )
    by_key = {
        audience: {sec["key"]: sec for sec in snapshot["sections"]}
        for audience, snapshot in (("board", board), ("la", la))
    }
    for key, row in (("needs", "Flagged"), ("support", "All cases active in the period")):
        rows = {
            audience: {r[0]: r[1] for r in by_key[audience][key]["tables"][0]["rows"]} for audience in by_key
        }
        assert rows["board"][row] == rows["la"][row], key
    assert {r[0]: r[1] for r in by_key["la"]["needs"]["tables"][0]["rows"]}["Flagged"] == "10"
    # The headline sentence carries the same figures, out of the same base.
    for key in ("needs", "support"):
        board_first = by_key["board"][key]["summary"].split(".")[0]
        la_first = by_key["la"][key]["summary"].split(".")[0]
        assert _numbers(board_first)[:3] == _numbers(la_first)[:3], key
    assert by_key["board"]["needs"]["summary"].startswith(
        "10 of the partnership's 12 open state-funded schools were flagged"
    )
    assert by_key["board"]["support"]["summary"].startswith(
        "7 support cases were active in the period, at 7 schools (the partnership covers 12 open state-funded schools)."
    )
    assert board["consent"] == {"covered": SCHOOLS, "support": consenting, "needs": consenting}


def _first_figures(table: dict) -> list[str]:
    return [row[1] for row in table["rows"]]


def _value(cell: str) -> int | None:
    return int(cell.replace(",", "")) if re.fullmatch(r"\d[\d,]*", cell) else None


def _recoverable(table: dict, la_table: dict) -> list[str]:
    """The hidden cells of a board table that its total (shown, or known from elsewhere) less its
    shown parts would give back exactly: a hidden part alone beside a known total."""
    adds_up = table["adds_up"]
    cells = _first_figures(table)
    truth = [_value(cell) for cell in _first_figures(la_table)]
    parts = adds_up["parts"]
    total_known = adds_up["total"] is None or _value(cells[adds_up["total"]]) is not None
    hidden = [i for i in parts if _value(cells[i]) is None]
    if not total_known or len(hidden) != 1:
        return []
    # Hidden parts that are truly nought would give nothing away; more than one together give only a sum.
    return [table["rows"][i][0] for i in hidden if truth[i]]


def _board_tables(snapshot: dict, la: dict):
    la_sections = {sec["key"]: sec for sec in la["sections"]}
    for sec in snapshot["sections"]:
        for table, la_table in zip(sec["tables"], la_sections[sec["key"]]["tables"], strict=True):
            yield sec["key"], table, la_table


@pytest.mark.parametrize("threshold", [2, 3, 5])
def test_no_hidden_cell_can_be_worked_out_from_a_total_in_any_table(known, settings, threshold):  # noqa: F811
    settings.SMALL_CELL_MIN_SCHOOLS = threshold
    board = build_snapshot(known["partnership"], term=known["term"], audience="board", as_at=AS_AT)
    la = build_snapshot(known["partnership"], term=known["term"], audience="la", as_at=AS_AT)
    summed = 0
    for key, table, la_table in _board_tables(board, la):
        if "adds_up" not in table:
            continue
        summed += 1
        assert _recoverable(table, la_table) == [], (key, table["caption"])
        # A hidden cell says why it is hidden, and is never a number.
        for cell in _first_figures(table):
            assert _value(cell) is not None or cell in (NOT_SHOWN, f"Fewer than {threshold} schools")
    assert summed >= 5
    # Tables that add up to the same total not shown as a row (agreements by provider and by funding)
    # never leave exactly one hidden between them either.
    support = next(sec for sec in board["sections"] if sec["key"] == "support")
    by_provider, by_funding = support["tables"][2], support["tables"][3]
    for one, other in itertools.permutations((by_provider, by_funding)):
        if all(_value(cell) is not None for cell in _first_figures(other)):
            assert sum(_value(cell) is None for cell in _first_figures(one)) != 1


def test_last_terms_figures_read_the_same_after_this_terms_changes(partnership_a, la_officer_a):
    """A case's status is counted as it stood at the end of the term, from its history: closing it
    today does not change what last term's dashboard says."""
    from support.models import SupportCase

    summer = next(t for t in terms_for(partnership_a, 2025) if t.kind == "summer")
    school = SchoolFactory(name="School S", la_code="901")
    case = CaseFactory(
        partnership=partnership_a,
        school=school,
        lead_officer=la_officer_a,
        opened_on=dt.date(2026, 5, 1),
        status="in_delivery",
    )
    # The case was recorded in May, as it would have been.
    case.history.update(history_date=_at(dt.date(2026, 5, 1)))

    def support_rows():
        snapshot = build_snapshot(partnership_a, term=summer, audience="la")
        support = next(sec for sec in snapshot["sections"] if sec["key"] == "support")
        return support["tables"][0]

    before = support_rows()
    assert before["caption"] == f"Cases by status at {summer.ends_on.day} {summer.ends_on:%B %Y}"
    assert {row[0]: row[1] for row in before["rows"]}["In delivery"] == "1"
    case.status, case.closed_on, case.closure = "closed", timezone.localdate(), "completed"
    case._change_reason = "Support completed"
    case.save()
    assert SupportCase.objects.get(pk=case.pk).status == "closed"
    assert support_rows() == before


def test_a_case_entered_after_the_term_is_counted_as_first_recorded_not_as_now(partnership_a, la_officer_a):
    summer = next(t for t in terms_for(partnership_a, 2025) if t.kind == "summer")
    case = CaseFactory(
        partnership=partnership_a,
        school=SchoolFactory(la_code="901"),
        lead_officer=la_officer_a,
        opened_on=dt.date(2026, 5, 1),
        status="in_delivery",
    )
    case.status, case.closed_on, case.closure = "closed", timezone.localdate(), "completed"
    case.save()
    snapshot = build_snapshot(partnership_a, term=summer, audience="la")
    support = next(sec for sec in snapshot["sections"] if sec["key"] == "support")
    rows = {row[0]: row[1] for row in support["tables"][0]["rows"]}
    assert rows.get("In delivery") == "1" and "Closed: support completed" not in rows
