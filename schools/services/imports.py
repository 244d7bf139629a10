"""Importing inspection and performance files, and running an uploaded file in the background."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partnership.access import PartnershipContext
from partnership.uploads import stored_name
from schools import rules
from schools.importers.benchmarks import ap_census_read, lait_dictionary_read, lait_read
from schools.importers.common import ImportFileError, ParsedFile
from schools.importers.gias import gias_read
from schools.importers.inspections import inspections_read, report_cards_read
from schools.importers.performance import performance_read
from schools.models import (
    ImportRun,
    Inspection,
    InspectionAreaGrade,
    KeyStage2Result,
    KeyStage4Result,
    School,
)
from schools.models.imports import BENCHMARK_KINDS, ImportKind, ImportStatus
from schools.models.inspections import Framework

from .benchmarks import benchmarks_load, measures_load
from .bulk import upsert
from .register import other_partnerships_la_codes, schools_load

logger = logging.getLogger(__name__)


def _schools_for(rows: ParsedFile, partnership) -> tuple[dict[int, School], list[dict], int]:
    """Match rows to schools by URN. Unknown URNs are rejected; rows for schools in another
    partnership's LA are skipped when a partnership imports."""
    schools = {
        s.urn: s
        for s in School.objects.filter(urn__in={r["urn"] for r in rows.rows}).only("id", "urn", "la_code")
    }
    protected = other_partnerships_la_codes(partnership)
    matched, skipped = [], 0
    for row in rows.rows:
        school = schools.get(row["urn"])
        if school is None:
            rows.reject(row.get("_line", 0), str(row["urn"]), "URN is not in the school register")
            continue
        if school.la_code in protected:
            skipped += 1
            continue
        row["school_id"] = school.pk
        matched.append(row)
    return schools, matched, skipped


@transaction.atomic
def inspections_load(*, actor, rows: ParsedFile, reason: str, partnership=None) -> dict[str, int]:
    _, matched, skipped = _schools_for(rows, partnership)
    existing = {
        (i.school_id, i.inspected_on): i
        for i in Inspection.objects.filter(
            framework=Framework.LEGACY, school_id__in={r["school_id"] for r in matched}
        )
    }
    counts = upsert(
        model=Inspection,
        rows=matched,
        existing=existing,
        key=lambda r: (r["school_id"], r["inspected_on"]),
        build=lambda r: Inspection(
            school_id=r["school_id"],
            framework=Framework.LEGACY,
            inspected_on=r["inspected_on"],
            overall=r["overall"],
        ),
        fields=["overall"],
        actor=actor,
        reason=reason,
    )
    return {**counts, "skipped": skipped, "rejected": len(rows.rejected)}


@transaction.atomic
def report_cards_load(*, actor, rows: ParsedFile, reason: str, partnership=None) -> dict[str, int]:
    _, matched, skipped = _schools_for(rows, partnership)
    existing = {
        (i.school_id, i.inspected_on): i
        for i in Inspection.objects.filter(
            framework=Framework.REPORT_CARD, school_id__in={r["school_id"] for r in matched}
        ).prefetch_related("area_grades")
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new_grades = []
    for row in matched:
        inspection = existing.get((row["school_id"], row["inspected_on"]))
        if inspection is None:
            inspection = Inspection(
                school_id=row["school_id"],
                framework=Framework.REPORT_CARD,
                inspected_on=row["inspected_on"],
                safeguarding_met=row["safeguarding_met"],
            )
            inspection._history_user, inspection._change_reason = actor, reason
            inspection.save()
            existing[(row["school_id"], row["inspected_on"])] = inspection
            counts["created"] += 1
            new_grades += [
                InspectionAreaGrade(inspection=inspection, area=area, grade=grade)
                for area, grade in row["grades"].items()
            ]
            continue
        held = {g.area: g.grade for g in inspection.area_grades.all()}
        if held == row["grades"] and inspection.safeguarding_met == row["safeguarding_met"]:
            counts["unchanged"] += 1
            continue
        # A corrected report card replaces the grades it had, with history of both.
        for grade in inspection.area_grades.all():
            grade._history_user, grade._change_reason = actor, reason
            grade.delete()
        inspection.safeguarding_met = row["safeguarding_met"]
        inspection._history_user, inspection._change_reason = actor, reason
        inspection.save()
        new_grades += [
            InspectionAreaGrade(inspection=inspection, area=area, grade=grade)
            for area, grade in row["grades"].items()
        ]
        counts["updated"] += 1
    if new_grades:
        bulk_create_with_history(
            new_grades, InspectionAreaGrade, default_user=actor, default_change_reason=reason
        )
    return {**counts, "skipped": skipped, "rejected": len(rows.rejected)}


@transaction.atomic
def performance_load(
    *, actor, rows: ParsedFile, key_stage: int, reason: str, partnership=None
) -> dict[str, int]:
    model = KeyStage2Result if key_stage == 2 else KeyStage4Result
    _, matched, skipped = _schools_for(rows, partnership)
    years = {r["academic_year"] for r in matched}
    existing = {
        (r.school_id, r.academic_year): r
        for r in model.objects.filter(
            academic_year__in=years, school_id__in={r["school_id"] for r in matched}
        )
    }
    fields = [
        f.name
        for f in model._meta.fields
        if f.name not in {"id", "school", "academic_year"}
        and not f.name.startswith(("disadvantaged", "other_"))
    ]
    counts = upsert(
        model=model,
        rows=matched,
        existing=existing,
        key=lambda r: (r["school_id"], r["academic_year"]),
        build=lambda r: model(
            school_id=r["school_id"],
            academic_year=r["academic_year"],
            **{f: r[f] for f in fields if f in r},
        ),
        fields=fields,
        actor=actor,
        reason=reason,
    )
    return {**counts, "skipped": skipped, "rejected": len(rows.rejected)}


# Files about whole areas (decision 0034), read by their own readers.
READERS = {
    ImportKind.LAIT: lait_read,
    ImportKind.LAIT_DICTIONARY: lait_dictionary_read,
    ImportKind.AP_CENSUS: ap_census_read,
}


def import_file(
    *,
    kind: str,
    path: Path | str,
    actor,
    reason: str,
    partnership=None,
    academic_year=None,
    on_stage=lambda stage, rows: None,
) -> tuple[dict[str, int], ParsedFile]:
    """Read and load one file of any kind. Raises ImportFileError if the file cannot be read.

    Reading happens first and writes nothing; the load is one transaction, so a failure part-way
    leaves the data as it was.
    """
    key_stage = {ImportKind.KS2: 2, ImportKind.KS4: 4}.get(kind)
    if kind == ImportKind.GIAS:
        parsed = gias_read(path)
    elif kind == ImportKind.INSPECTIONS:
        parsed = inspections_read(path)
    elif kind == ImportKind.REPORT_CARDS:
        parsed = report_cards_read(path)
    elif kind in READERS:
        parsed = READERS[kind](path)
    elif key_stage:
        if not academic_year:
            raise ImportFileError("Say which academic year the results are for")
        parsed = performance_read(path, key_stage=key_stage, academic_year=academic_year)
    else:
        raise ImportFileError(f"Unknown kind of file: {kind}")
    on_stage(f"Saving {len(parsed.rows):,} rows", len(parsed.rows) + len(parsed.rejected))
    common = {"actor": actor, "rows": parsed, "reason": reason, "partnership": partnership}
    if kind == ImportKind.GIAS:
        counts = schools_load(**common)
    elif kind == ImportKind.INSPECTIONS:
        counts = inspections_load(**common)
    elif kind == ImportKind.REPORT_CARDS:
        counts = report_cards_load(**common)
    elif kind == ImportKind.LAIT_DICTIONARY:
        counts = measures_load(**common)
    elif kind in READERS:
        counts = benchmarks_load(**common)
    else:
        counts = performance_load(key_stage=key_stage, **common)
    parsed.rejected.sort(key=lambda rejected: rejected.line)
    return counts, parsed


def import_run_start(
    *, actor, ctx: PartnershipContext, kind: str, upload, academic_year: int | None = None
) -> ImportRun:
    """Save an uploaded file and queue its import once the upload is committed."""
    from schools.tasks import process_import

    rules.require_manager(ctx)
    original_name = Path(upload.name).name[:255]
    # The uploader's name is kept to show; the file on disk gets a name the uploader did not choose.
    upload.name = stored_name(Path(upload.name).suffix.lower())
    with transaction.atomic():
        run = ImportRun.objects.create(
            partnership=ctx.partnership,
            kind=kind,
            academic_year=academic_year,
            file=upload,
            original_name=original_name,
            uploaded_by=actor,
        )
        transaction.on_commit(lambda: process_import.delay(run.pk))
    return run


def import_run_process(run_id: int) -> ImportRun | None:
    """Run one queued import. Safe to call twice: only the first caller claims the run."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), stage="Reading the file"
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("uploaded_by", "partnership").get(pk=run_id)
    reason = f"Imported from {run.original_name} (import {run.pk})"
    try:
        # Read through the storage API: in production the file is in the database, not on this
        # worker's disk (decision 0023). The importers read a path, so it is copied to a temporary one.
        with (
            run.file.open("rb") as stored,
            tempfile.NamedTemporaryFile(suffix=Path(run.file.name).suffix) as local,
        ):
            shutil.copyfileobj(stored, local)
            local.flush()
            counts, parsed = import_file(
                kind=run.kind,
                path=local.name,
                actor=run.uploaded_by,
                reason=reason,
                partnership=run.partnership,
                academic_year=run.academic_year,
                on_stage=lambda stage, rows: ImportRun.objects.filter(pk=run_id).update(
                    stage=stage, rows_read=rows
                ),
            )
    except ImportFileError as error:
        run.status, run.error = ImportStatus.FAILED, str(error)
    except Exception as error:  # an unexpected failure still ends the run, with nothing saved
        logger.exception("Import %s failed", run_id)
        run.status = ImportStatus.FAILED
        run.error = f"The import stopped unexpectedly ({type(error).__name__}). Nothing was saved."
    else:
        run.status = ImportStatus.DONE
        run.rows_read = len(parsed.rows) + len(parsed.rejected)
        run.created, run.updated = counts["created"], counts["updated"]
        run.unchanged = counts["unchanged"]
        run.skipped = counts.get("skipped", 0)
        run.rejected = [r.as_dict() for r in parsed.rejected]
        run.withheld = parsed.withheld()
        if run.kind not in BENCHMARK_KINDS:
            from .needs import needs_flags_refresh

            # An upload changes only schools in the uploading partnership's LA (and schools in no
            # partnership), so only its flags can move. Figures about whole areas move none.
            needs_flags_refresh(partnership=run.partnership, actor=run.uploaded_by, reason=reason)
    run.stage = ""
    run.finished_at = timezone.now()
    run.save()
    return run
