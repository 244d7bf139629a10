"""A case at a glance: what is done and what comes next, as a GOV.UK task list."""

from __future__ import annotations

from dataclasses import dataclass

from support.models.agreements import AgreementStatus, ConflictStatus
from support.models.reviews import ReviewStatus


@dataclass
class Task:
    name: str
    # "Completed", "In progress", "Not yet started", "Cannot start yet", or "Not done" for a step a
    # closed case never reached: a task list never says "Completed" for something that did not happen.
    status: str
    hint: str = ""

    @property
    def done(self) -> bool:
        return self.status == "Completed"


def task_list(case, agreements: list, escalations: list) -> list[Task]:
    agreed = [a for a in agreements if a.agreed_at is not None]
    declined = [a for a in agreements if a.status == AgreementStatus.DECLINED]
    reviews = [r for a in agreements for r in a.reviews.all()]
    logged = sum(getattr(a, "log_count", 0) for a in agreements)
    tasks = [
        Task(
            "Needs analysis",
            "Completed" if case.needs_analysis else "Not yet started",
            "Linked to the partnership's priorities and the evidence.",
        ),
        Task(
            "Provider and conflict-of-interest check",
            "Completed" if agreements else ("Not yet started" if case.needs_analysis else "Cannot start yet"),
            "; ".join(
                f"{a.provider_label}: {'conflict justified' if a.conflict_status == ConflictStatus.JUSTIFIED else 'no conflict'}"
                for a in agreements
            ),
        ),
        Task(
            "Agreed with the school",
            "Completed"
            if agreed and len(agreed) + len(declined) == len(agreements)
            else ("In progress" if agreements else "Cannot start yet"),
            (
                f"{len(agreed)} of {len(agreements)} agreements agreed"
                + (f"; {len(declined)} declined by the school" if declined else "")
            )
            if agreements
            else "",
        ),
        Task("Support delivered and logged", _delivery_status(case, agreed, logged), _logged_hint(logged)),
        Task(
            "Progress reviews quality-assured",
            "Not done"
            if case.is_closed and not any(r.status == ReviewStatus.QUALITY_ASSURED for r in reviews)
            else "Completed"
            if reviews and all(r.status == ReviewStatus.QUALITY_ASSURED for r in reviews)
            else (
                "In progress"
                if any(r.status != ReviewStatus.DUE for r in reviews)
                else ("Not yet started" if reviews else "Cannot start yet")
            ),
            f"{sum(1 for r in reviews if r.status == ReviewStatus.QUALITY_ASSURED)} of {len(reviews)} reviews"
            if reviews
            else "",
        ),
        _closing_task(case),
    ]
    if escalations:
        tasks.insert(5, Task("Escalated", "Completed", escalations[0].get_intervention_display()))
    return tasks


def _delivery_status(case, agreed: list, logged: int) -> str:
    if case.is_closed:
        return "Completed" if logged else "Not done"
    if logged:
        return "In progress"
    return "Not yet started" if agreed else "Cannot start yet"


def _logged_hint(logged: int) -> str:
    return f"{logged} entr{'y' if logged == 1 else 'ies'} in the action logs" if logged else ""


def _closing_task(case) -> Task:
    if case.closed_without_completion:
        return Task("Closed", "Completed", f"Closed without completion: {case.get_closure_reason_display()}")
    return Task("Closed with an impact statement", "Completed" if case.is_closed else "Not yet started")
