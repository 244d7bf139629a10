"""Writes of consultations before permanent exclusion and of exclusions, with the follow-up
(governors' review, placement on roll at another school) recorded later."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    CONSULTATION_COUNTS_FOR_WEEKS,
    ChairResponse,
    ExclusionConsultation,
    GovernorsReview,
    InclusionPartnership,
    InclusionStaffMember,
    PermanentExclusion,
    Pupil,
)
from inclusion.services import common
from inclusion.services.pupils import _place_on_roll
from partnership.access import NotAllowed
from partnership.auditing import save_with_history
from partnership.models import Role
from partnership.selectors.people import people_with_role
from partnership.services import ServiceError
from partnership.services.notifications import messages_done, notify
from schools.models import School


@transaction.atomic
def consultation_record(
    *,
    actor,
    ctx,
    pupil: Pupil,
    consulted_on: dt.date,
    reason_considered: str,
    alternatives_considered: str,
    chair_advice: str,
    reason: str,
) -> ExclusionConsultation:
    """The headteacher considering a permanent exclusion records their consultation with the chair."""
    rules.require_head_of(ctx, pupil.home_school_id)
    common.require_reason(reason)
    if consulted_on > timezone.localdate():
        raise ServiceError("The date of the consultation must not be in the future", field="consulted_on")
    for field, value, message in (
        ("reason_considered", reason_considered, "Enter why a permanent exclusion is being considered"),
        ("alternatives_considered", alternatives_considered, "Enter the alternatives considered"),
        ("chair_advice", chair_advice, "Enter the chair's advice"),
    ):
        if not value.strip():
            raise ServiceError(message, field=field)
    inclusion_partnership = rules.inclusion_partnership_of(pupil.home_school, ctx.partnership)
    consultation = save_with_history(
        ExclusionConsultation(
            pupil=pupil,
            school=pupil.home_school,
            consulted_on=consulted_on,
            chair=inclusion_partnership.chair,
            reason=reason_considered.strip(),
            alternatives_considered=alternatives_considered.strip(),
            chair_advice=chair_advice.strip(),
            recorded_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    common.involved(pupil, consulted_on, actor=actor, reason=reason)
    _ask_for_confirmation(consultation, inclusion_partnership, ctx.partnership)
    return consultation


def consultation_key(consultation: ExclusionConsultation) -> str:
    return f"exclusion-consultation-{consultation.pk}"


def consultation_responders(consultation: ExclusionConsultation, inclusion_partnership: InclusionPartnership):
    """The people asked to confirm a consultation: its chair; or, where the chair is the head who
    recorded it, the partnership's current staff and the LA's inclusion officers (decision 0033)."""
    if not rules.consultation_needs_someone_else(consultation):
        return [consultation.chair]
    staff = [
        member.user
        for member in InclusionStaffMember.objects.current(timezone.localdate())
        .filter(inclusion_partnership=inclusion_partnership)
        .select_related("user")
    ]
    officers = [
        role.user
        for role in people_with_role(consultation.pupil.partnership, Role.INCLUSION_OFFICER).select_related(
            "user"
        )
    ]
    return [person for person in staff + officers if person.pk != consultation.recorded_by_id]


def _ask_for_confirmation(consultation, inclusion_partnership, partnership) -> None:
    school = consultation.school.name
    notify(
        users=consultation_responders(consultation, inclusion_partnership),
        partnership=partnership,
        text=(
            f"{consultation.recorded_by.full_name} recorded a consultation with "
            f"{'you' if not rules.consultation_needs_someone_else(consultation) else 'the chair'} before a "
            f"possible permanent exclusion at {school}. Record the advice in your words and confirm or "
            "correct the record."
        ),
        link=reverse(
            "inclusion:consultation",
            kwargs={"partnership_slug": partnership.slug, "consult_id": consultation.pk},
        ),
        key=consultation_key(consultation),
    )


@transaction.atomic
def consultation_respond(
    *, actor, ctx, consultation: ExclusionConsultation, response: str, advice: str, reason: str = ""
) -> ExclusionConsultation:
    """The chair (or, where the head is the chair, staff or an officer) records the advice in their
    own words and confirms or disputes the head's record. Once: a second answer is refused, and
    two at once cannot both be saved (the row is locked)."""
    locked = ExclusionConsultation.objects.select_for_update().select_related("pupil").get(pk=consultation.pk)
    rules.require_consultation_responder(ctx, locked)
    if locked.response:
        day = locked.responded_on
        raise ServiceError(
            f"This consultation was already {locked.get_response_display().lower()} on {day.day} {day:%B %Y}"
        )
    if response not in (ChairResponse.CONFIRMED, ChairResponse.DISPUTED):
        raise ServiceError("Select whether the record is right", field="response")
    if not advice.strip():
        raise ServiceError("Enter the advice given, in your words", field="advice")
    locked.response, locked.response_advice = response, advice.strip()
    locked.responded_by, locked.responded_on = actor, timezone.localdate()
    default = "Confirmed the record" if response == ChairResponse.CONFIRMED else "Disputed the record"
    save_with_history(locked, actor=actor, reason=reason.strip() or default)
    messages_done(consultation_key(locked))
    if response == ChairResponse.DISPUTED:
        notify(
            users=[locked.recorded_by],
            partnership=ctx.partnership,
            text=(
                f"{actor.full_name} disputed your record of a consultation before a possible permanent "
                f"exclusion at {locked.school.name}. Their account of the advice is on the record."
            ),
            link=reverse(
                "inclusion:consultation",
                kwargs={"partnership_slug": ctx.partnership.slug, "consult_id": locked.pk},
            ),
        )
    return locked


def consultation_before_exclusion(
    pupil: Pupil, school: School, excluded_on: dt.date
) -> ExclusionConsultation | None:
    """The consultation with the chair that a permanent exclusion of this pupil by this school on
    this day rests on, or None, when the exclusion is flagged as made without one (decision 0020):
    the latest consultation about the pupil recorded by the same school, dated on or before the
    exclusion and no more than CONSULTATION_COUNTS_FOR_WEEKS weeks before it, and after any earlier
    permanent exclusion of the pupil (a consultation is about one exclusion, not the next).
    exclusion_record links the exclusion to it; the exclusion form warns with it before saving."""
    excluded_since = PermanentExclusion.objects.filter(
        pupil=pupil, excluded_on__gte=OuterRef("consulted_on"), excluded_on__lte=excluded_on
    )
    return (
        ExclusionConsultation.objects.filter(
            pupil=pupil,
            school=school,
            consulted_on__lte=excluded_on,
            consulted_on__gte=excluded_on - dt.timedelta(weeks=CONSULTATION_COUNTS_FOR_WEEKS),
        )
        .exclude(Exists(excluded_since))
        .select_related("chair")
        .order_by("-consulted_on", "-pk")
        .first()
    )


@transaction.atomic
def exclusion_record(
    *,
    actor,
    ctx,
    pupil: Pupil,
    excluded_on: dt.date,
    governors_review: str = GovernorsReview.PENDING,
    placed_at: School | None = None,
    reason: str,
) -> PermanentExclusion:
    """Record a permanent exclusion. It is linked to the consultation with the chair it rests on
    (consultation_before_exclusion), and flagged for good when there is none. Where the pupil is
    placed on roll at a partnership school, the roll moves there and so does the pupil's home
    school."""
    school = pupil.home_school
    rules.require_head_of(ctx, school.pk)
    common.require_reason(reason)
    if governors_review not in GovernorsReview.values:
        raise ServiceError("Select the outcome of the governors' review", field="governors_review")
    inclusion_partnership = rules.inclusion_partnership_of(school, ctx.partnership)
    if placed_at is not None:
        _check_placement(school, placed_at, inclusion_partnership, governors_review)
    # Decided now, once: a consultation recorded later never changes the flag.
    consultation = consultation_before_exclusion(pupil, school, excluded_on)
    exclusion = save_with_history(
        PermanentExclusion(
            pupil=pupil,
            school=school,
            excluded_on=excluded_on,
            governors_review=governors_review,
            placed_at=placed_at,
            consultation=consultation,
            recorded_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    if placed_at is not None:
        _place_on_roll(pupil, placed_at, excluded_on, actor=actor, reason=reason)
    common.involved(pupil, excluded_on, actor=actor, reason=reason)
    return exclusion


# --- Exclusion follow-up (pages) ----------------------------------------------------------------
# The governors' review and the pupil's placement on roll at another school usually come days or
# weeks after the exclusion is recorded, so they can be recorded afterwards. The checks on a
# placement and the move of the roll are shared with exclusion_record.


def _check_placement(
    school: School, placed_at: School, inclusion_partnership: InclusionPartnership, governors_review: str
) -> None:
    if placed_at.pk == school.pk:
        raise ServiceError("Choose a different school from the one that excluded", field="placed_at")
    if placed_at.pk not in common.member_school_ids(inclusion_partnership):
        raise ServiceError("Choose a school in the inclusion partnership", field="placed_at")
    if governors_review == GovernorsReview.REINSTATED:
        raise ServiceError(
            "A pupil the governors reinstated stays on roll at their school, so do not choose another school",
            field="placed_at",
        )


@transaction.atomic
def exclusion_update(
    *,
    actor,
    ctx,
    exclusion: PermanentExclusion,
    governors_review: str,
    placed_at: School | None = None,
    placed_on: dt.date | None = None,
    reason: str,
) -> PermanentExclusion:
    """Record the outcome of the governors' review and, once, the school the pupil is placed on roll
    at (from placed_on, or the date of the exclusion). A placement is not changed afterwards: the
    pupil's roll and home school have moved, and a later move is a change to the roll."""
    if not rules.exclusion_follow_up_allowed(ctx, exclusion):
        raise NotAllowed("only the excluding school's headteacher or an LA inclusion officer")
    common.require_reason(reason)
    if governors_review not in GovernorsReview.values:
        raise ServiceError("Select the outcome of the governors' review", field="governors_review")
    # Lock the exclusion, so that two people cannot place the pupil at two schools at once.
    locked = (
        PermanentExclusion.objects.select_for_update(of=("self",))
        .select_related("pupil", "school", "placed_at")
        .get(pk=exclusion.pk)
    )
    placing = placed_at is not None and placed_at.pk != locked.placed_at_id
    if placing and locked.placed_at_id is not None:
        raise ServiceError(
            f"This pupil has already been placed on roll at {locked.placed_at.name}. "
            "A placement cannot be changed here",
            field="placed_at",
        )
    if locked.placed_at_id is not None and governors_review == GovernorsReview.REINSTATED:
        raise ServiceError(
            f"This pupil is already on roll at {locked.placed_at.name}, so the exclusion cannot be "
            "recorded as reinstated here",
            field="governors_review",
        )
    if not placing and governors_review == locked.governors_review:
        raise ServiceError(
            "Nothing has changed. Choose a different outcome of the governors' review, or a school",
            field="governors_review",
        )
    today = timezone.localdate()
    if placing:
        _check_placement(
            locked.school,
            placed_at,
            rules.inclusion_partnership_of(locked.school, ctx.partnership),
            governors_review,
        )
        placed_on = placed_on or locked.excluded_on
        if placed_on < locked.excluded_on:
            raise ServiceError(
                "The pupil cannot be placed on roll before the date of the exclusion", field="placed_on"
            )
        if placed_on > today:
            raise ServiceError("The date placed on roll must not be in the future", field="placed_on")
        locked.placed_at = placed_at
    locked.governors_review = governors_review
    save_with_history(locked, actor=actor, reason=reason)
    if placing:
        _place_on_roll(locked.pupil, placed_at, placed_on, actor=actor, reason=reason)
    common.involved(locked.pupil, placed_on if placing else today, actor=actor, reason=reason)
    exclusion.governors_review, exclusion.placed_at = locked.governors_review, locked.placed_at
    return locked
