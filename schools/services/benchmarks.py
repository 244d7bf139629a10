"""Loading published figures about areas (decision 0034), with history of every value written.

A partnership's import keeps its own LAs' rows, its LAs' regions' rows and England's; rows about
any other area are left alone and counted. Region and England rows, and the dictionary's
definitions, are public and shared by every partnership whose LA is in them, as the school register
is. So an upload through a partnership adds the shared rows it does not hold yet but never changes
one already held: a file that says otherwise about a shared row has that row rejected, with the
reason, in its report. Corrections to shared rows come from the command line or a platform
administrator. A partnership's region is the one its LA's rows already held say, once there are
any, so a doctored file cannot move an LA into another region. Every change is stamped with who and
why.
"""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from schools.importers.benchmarks import AP_MEASURES
from schools.importers.common import ParsedFile
from schools.models import AreaLevel, Benchmark, BenchmarkMeasure

from .bulk import upsert

VALUE_FIELDS = ["area_name", "region_key", "academic_year", "value", "withheld"]
MEASURE_FIELDS = [
    "title",
    "topic",
    "unit",
    "lower_is_better",
    "description",
    "methodology",
    "published_by",
    "links",
    "last_updated",
    "year_type",
    "described",
]


SHARED_HELD = (
    "{area}'s published figures are shared by every partnership, and the one held differs from this "
    "file's; a platform administrator corrects shared figures"
)
DEFINITION_HELD = (
    "the measure's definition is shared by every partnership, and the one held differs from this "
    "file's; a platform administrator corrects shared definitions"
)


def may_change_shared(actor, partnership) -> bool:
    """Whether a load may change public rows already held: the command line, or a platform administrator."""
    return partnership is None or bool(getattr(actor, "is_superuser", False))


def _kept(rows: list[dict], partnership) -> tuple[list[dict], int]:
    """The rows a partnership keeps, and how many it leaves alone."""
    if partnership is None:
        return rows, 0
    own = set(partnership.la_codes)
    held = dict(
        Benchmark.objects.filter(area_level=AreaLevel.LA, area_key__in=own)
        .values_list("area_key", "region_key")
        .distinct()
    )
    # An LA's region is the one already held for it; the file says it only for an LA new here.
    regions = set(held.values()) | {
        row["region_key"]
        for row in rows
        if row["area_level"] == AreaLevel.LA and row["area_key"] in own and row["area_key"] not in held
    }
    for row in rows:
        if row["area_level"] == AreaLevel.LA and row["area_key"] in held:
            row["region_key"] = held[row["area_key"]]
    kept = [
        row
        for row in rows
        if row["area_level"] == AreaLevel.ENGLAND
        or (row["area_level"] == AreaLevel.LA and row["area_key"] in own)
        or (row["area_level"] == AreaLevel.REGION and row["area_key"] in regions)
    ]
    return kept, len(rows) - len(kept)


def _measures_for(
    rows: list[dict], *, every_row: list[dict], actor, reason: str
) -> dict[str, BenchmarkMeasure]:
    """The measures the rows are values of, creating any not yet held: an AP measure with the
    portal's own description, a LAIT measure with the file's title until its dictionary comes. The
    file names a measure's title on its first row only, which may be about an area left alone, so the
    title is looked for in every row of the file."""
    codes = {row["measure"] for row in rows}
    held = {m.code: m for m in BenchmarkMeasure.objects.filter(code__in=codes)}
    titles: dict[str, dict] = {}
    for row in every_row:
        if (
            row["measure"] in codes
            and row["measure"] not in held
            and (row["measure"] not in titles or not titles[row["measure"]]["title"])
        ):
            titles[row["measure"]] = {"source": row["source"], "title": row["title"][:300]}
    new = []
    for code, first in sorted(titles.items()):
        described = AP_MEASURES.get(code)
        if described:
            new.append(BenchmarkMeasure(code=code, described=True, **described))
        else:
            new.append(BenchmarkMeasure(code=code, source=first["source"], title=first["title"] or code))
    if new:
        bulk_create_with_history(new, BenchmarkMeasure, default_user=actor, default_change_reason=reason)
        held.update({m.code: m for m in BenchmarkMeasure.objects.filter(code__in=titles)})
    # The portal's own descriptions of the AP measures follow the code they are written in.
    for code, described in AP_MEASURES.items():
        measure = held.get(code)
        if measure and any(getattr(measure, f) != v for f, v in described.items()):
            for f, v in described.items():
                setattr(measure, f, v)
            measure._history_user, measure._change_reason = actor, reason
            measure.save()
    return held


def _shared_unchanged(kept: list[dict], existing: dict, rows: ParsedFile) -> list[dict]:
    """The rows to load, less any that would change a region's or England's row already held, each
    rejected with the reason."""
    loaded = []
    for row in kept:
        record = existing.get(
            (row["measure_id"], row["area_level"], row["area_key"], row["period"], row["breakdown"])
        )
        if (
            record is not None
            and row["area_level"] != AreaLevel.LA
            and any(getattr(record, f) != row[f] for f in VALUE_FIELDS if f != "area_name")
        ):
            rows.reject(
                row["_line"],
                f"{row['measure']}, {row['area_name']} {row['period']}",
                SHARED_HELD.format(area=record.area_name),
            )
            continue
        loaded.append(row)
    return loaded


@transaction.atomic
def benchmarks_load(*, actor, rows: ParsedFile, reason: str, partnership=None) -> dict[str, int]:
    kept, left_alone = _kept(rows.rows, partnership)
    measures = _measures_for(kept, every_row=rows.rows, actor=actor, reason=reason)
    for row in kept:
        row["measure_id"] = measures[row["measure"]].pk
    keys = {(row["area_level"], row["area_key"]) for row in kept}
    existing = {
        (b.measure_id, b.area_level, b.area_key, b.period, b.breakdown): b
        for b in Benchmark.objects.filter(
            measure_id__in={m.pk for m in measures.values()},
            area_key__in={key for _, key in keys},
        )
        if (b.area_level, b.area_key) in keys
    }
    if not may_change_shared(actor, partnership):
        kept = _shared_unchanged(kept, existing, rows)
    counts = upsert(
        model=Benchmark,
        rows=kept,
        existing=existing,
        key=lambda r: (r["measure_id"], r["area_level"], r["area_key"], r["period"], r["breakdown"]),
        build=lambda r: Benchmark(
            measure_id=r["measure_id"],
            area_level=r["area_level"],
            area_key=r["area_key"],
            period=r["period"],
            breakdown=r["breakdown"],
            **{f: r[f] for f in VALUE_FIELDS},
        ),
        fields=VALUE_FIELDS,
        actor=actor,
        reason=reason,
    )
    return {**counts, "skipped": left_alone + rows.not_kept, "rejected": len(rows.rejected)}


@transaction.atomic
def measures_load(*, actor, rows: ParsedFile, reason: str, partnership=None) -> dict[str, int]:
    """The LAIT data dictionary: what each measure is. Public, so the same for every partnership."""
    for row in rows.rows:
        row["described"] = True
        row["source"] = "lait"
    existing = {m.code: m for m in BenchmarkMeasure.objects.filter(code__in={r["code"] for r in rows.rows})}
    loaded = rows.rows
    if not may_change_shared(actor, partnership):
        # A measure known only by its title takes its first definition from any partnership's file.
        loaded = []
        for row in rows.rows:
            record = existing.get(row["code"])
            if (
                record is not None
                and record.described
                and any(getattr(record, f) != row[f] for f in MEASURE_FIELDS)
            ):
                rows.reject(row.get("_line", 0), row["code"], DEFINITION_HELD)
                continue
            loaded.append(row)
    counts = upsert(
        model=BenchmarkMeasure,
        rows=loaded,
        existing=existing,
        key=lambda r: r["code"],
        build=lambda r: BenchmarkMeasure(
            code=r["code"], source=r["source"], **{f: r[f] for f in MEASURE_FIELDS}
        ),
        fields=MEASURE_FIELDS,
        actor=actor,
        reason=reason,
    )
    return {**counts, "skipped": 0, "rejected": len(rows.rejected)}
