"""The data the termly figures are read from, and one cheap fingerprint of all of it (decision 0038).

A snapshot is a pure function of the data it reads, the day it is counted at and the code that
counts it, so the dashboard keeps a drawn snapshot under a key made of the partnership, the period,
the audience, the day, the code and this fingerprint: any write to any table the figures read
changes the fingerprint, and so the key, and the next request counts the figures afresh.

FIGURE_SOURCES is the one list of what the figures read. A section that reads a model not in it is a
false figure waiting to happen: a test captures the SQL of a full build of the demo's snapshot and
fails if it names a table this list does not cover. To add a source, add its model here.

What the fingerprint reads, per source, each from an index, never a scan of the table:
- the largest id of the table: a row added, even in bulk without history;
- the largest id of its history table (django-simple-history): a row changed or deleted through
  the ORM, a queryset's .delete(), and bulk writes through the history helpers, which the house
  rules require (STYLE.md: no .update() or bulk write on a history-tracked model without them);
- for the history tables the figures read as data (a case's status as at a day), their row count
  too: the retention rules delete old history rows, which no id would show;
- for the many-to-many tables, which are added to and taken from but never changed, their count.

Ids are handed out in the order rows are written, not the order they are committed: a transaction
still writing when the fingerprint is read may later commit rows with ids below the largest seen.
So the fingerprint also says whether any other transaction of this database was writing at that
moment (the statement's own snapshot); a snapshot counted then is shown but not kept.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.db import connection
from django.db.models import Model

from governance.models import CaseStudy, Term
from inclusion import models as inclusion
from partnership.models import LocalAuthority, Partnership, Priority, SchoolConsent, SharingAgreement
from schools.models import (
    Benchmark,
    BenchmarkMeasure,
    Inspection,
    KeyStage2Result,
    KeyStage4Result,
    NeedsFlag,
    Network,
    NetworkMembership,
    School,
    SystemLeader,
)
from support.models import ObjectiveRating, ProgressReview, SupportAgreement, SupportCase

# Every model whose table any snapshot section reads. Keep it a superset: a model here that the
# figures no longer read costs one index look-up; one missing from here is a figure that can be stale.
FIGURE_SOURCES: tuple[type[Model], ...] = (
    # The partnership, its LAs, its terms, its priorities and the data-sharing agreement and consents
    Partnership,
    LocalAuthority,
    Term,
    Priority,
    SharingAgreement,
    SchoolConsent,
    # The register, inspections, results and published benchmarks
    School,
    Inspection,
    KeyStage2Result,
    KeyStage4Result,
    Benchmark,
    BenchmarkMeasure,
    # Needs flags, networks and system leaders
    NeedsFlag,
    Network,
    NetworkMembership,
    SystemLeader,
    # Casework
    SupportCase,
    SupportAgreement,
    ProgressReview,
    ObjectiveRating,
    CaseStudy,
    # The inclusion partnerships' own records (decision 0021)
    inclusion.InclusionPartnership,
    inclusion.InclusionStaffMember,
    inclusion.FundingAllocation,
    inclusion.Spend,
    inclusion.DesignatedInclusionLead,
    inclusion.Pupil,
    inclusion.PupilRoll,
    inclusion.AttendanceRecord,
    inclusion.Referral,
    inclusion.PlanReview,
    inclusion.ExclusionConsultation,
    inclusion.PermanentExclusion,
    inclusion.APProvider,
    inclusion.QAVisit,
    inclusion.APPlacement,
    inclusion.PlacementReview,
)

# The models whose history the figures read as data (a case's status, a needs flag's status and a
# system leader's days as at the end of a term), so whose history rows are themselves counted.
HISTORY_READ: tuple[type[Model], ...] = (SupportCase, NeedsFlag, SystemLeader)


def _history(model: type[Model]) -> type[Model] | None:
    manager = getattr(model, "history", None)
    return manager.model if manager is not None else None


def _many_to_many(model: type[Model]) -> list[type[Model]]:
    """The tables behind a model's many-to-many fields, and their history tables where kept."""
    tables = []
    for field in model._meta.local_many_to_many:
        tables.append(field.remote_field.through)
    history = _history(model)
    if history is not None:
        tables += [
            rel.related_model
            for rel in history._meta.related_objects
            if rel.related_model._meta.db_table.endswith(
                tuple(f.name for f in model._meta.local_many_to_many)
            )
        ]
    return tables


def counted_history_tables() -> set[str]:
    """The history tables whose rows the fingerprint counts, not only their largest id."""
    return {_history(model)._meta.db_table for model in HISTORY_READ}


def covered_tables() -> set[str]:
    """Every table the fingerprint watches."""
    tables = set()
    for model in FIGURE_SOURCES:
        tables.add(model._meta.db_table)
        if (history := _history(model)) is not None:
            tables.add(history._meta.db_table)
        tables |= {through._meta.db_table for through in _many_to_many(model)}
    return tables


@cache
def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []

    def largest(model: type[Model]) -> str:
        # Table and column names from the models, quoted: no input reaches this SQL.
        return f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})"  # noqa: S608  # nosec B608

    def rows(model: type[Model]) -> str:
        return f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})"  # noqa: S608  # nosec B608

    for model in FIGURE_SOURCES:
        parts.append(largest(model))
        history = _history(model)
        if history is not None:
            parts.append(largest(history))
            if model in HISTORY_READ:
                parts.append(rows(history))
        for through in _many_to_many(model):
            parts += [largest(through), rows(through)]
    if connection.vendor == "postgresql":
        # Other transactions of this database writing at this statement's snapshot. Transactions
        # of other databases on the same server are left out; one that ended between the snapshot
        # and the look-up counts, which errs on the side of not keeping.
        parts.append(
            "(SELECT COUNT(*) FROM pg_snapshot_xip(pg_current_snapshot()) AS xip(xid) WHERE NOT EXISTS "
            "(SELECT 1 FROM pg_stat_activity AS a "
            # pg_snapshot_xip gives 64-bit ids (epoch and id); a backend's is the 32-bit id alone.
            "WHERE a.backend_xid::text::bigint = xip.xid::text::bigint % 4294967296 "
            "AND a.datname IS DISTINCT FROM current_database()))"
        )
    else:
        parts.append("0")
    return "SELECT " + ", ".join(parts)


def data_fingerprint() -> tuple[str, bool]:
    """A short digest of the state of every table the figures read, and whether a snapshot counted
    now may be kept (no other transaction was writing). One query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    digest = hashlib.sha256(repr(row[:-1]).encode()).hexdigest()[:32]
    return digest, not row[-1]


def fingerprint_is_sound() -> bool:
    """Whether ids on this database tell every write apart: PostgreSQL (with the check above) and
    SQLite (one writer at a time, so rows are committed in the order of their ids)."""
    return connection.vendor in ("postgresql", "sqlite")
