"""Writes of pupils: recording one, correcting their details, their roll and a move to another
school, attendance, and a headteacher's designated inclusion leads."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    AttendanceRecord,
    DesignatedInclusionLead,
    Pupil,
    PupilRoll,
    SendStatus,
    expected_year_group,
    upn_problem,
)
from inclusion.services import common
from partnership.access import NotAllowed
from partnership.auditing import delete_with_history, save_with_history
from partnership.selectors.people import people_with_role
from partnership.services import ServiceError
from schools.models import School

# --- A school's designated inclusion leads ------------------------------------------------------


@transaction.atomic
def designated_lead_add(*, actor, ctx, school: School, user, reason: str) -> DesignatedInclusionLead:
    rules.require_head_of(ctx, school.pk)
    common.require_reason(reason)
    on_staff = people_with_role(ctx.partnership, *rules.LEAD_ROLES, school=school).filter(user=user).exists()
    if not on_staff:
        raise ServiceError(
            "A designated inclusion lead must be on the school's staff in the portal", field="user"
        )
    if DesignatedInclusionLead.objects.filter(school=school, user=user).exists():
        raise ServiceError(f"{user} is already a designated inclusion lead", field="user")
    return save_with_history(
        DesignatedInclusionLead(school=school, user=user, named_by=actor), actor=actor, reason=reason
    )


@transaction.atomic
def designated_lead_remove(*, actor, ctx, lead: DesignatedInclusionLead, reason: str) -> None:
    rules.require_head_of(ctx, lead.school_id)
    common.require_reason(reason)
    delete_with_history(lead, actor=actor, reason=reason)


def normalise_upn(upn: str) -> str:
    return "".join((upn or "").split()).upper()


class UpnAlreadyRecorded(ServiceError):
    """A new pupil's UPN is already recorded in this partnership (a child has one UPN, so one
    record). Refused beside the UPN. Someone who may see the recorded pupil is told so; anyone else
    is told only that this UPN cannot be recorded here and to ask the LA's inclusion officer, never
    whether or where the child is recorded (decision 0030). Either way the page logs the attempt
    (inclusion.selectors.record_upn_already_known). Holds the known pupil's ids for that entry,
    never the pupil."""

    def __init__(self, pupil: Pupil, *, visible: bool):
        if visible:
            message = (
                f"{pupil.full_name} is already recorded with this UPN. Find them in the pupils list; "
                "if they have moved school, record the move on their page"
            )
        else:
            message = (
                "This UPN cannot be recorded here. Check it against the pupil's record in your "
                "school's information system; if it is right, ask the LA's inclusion officer, who "
                "can check it and record a move to your school"
            )
        super().__init__(message, field="upn")
        self.visible = visible
        self.pupil_id = pupil.pk
        self.school_id = pupil.home_school_id


def _upn_taken(ctx, upn: str) -> UpnAlreadyRecorded | None:
    """The refusal for a UPN already recorded in this partnership, or None. Never looks in another
    partnership: each holds its own register."""
    known = (
        Pupil.objects.filter(partnership=ctx.partnership, upn=upn).only("full_name", "home_school").first()
    )
    if known is None:
        return None
    visible = rules.scoped(ctx, Pupil.objects.filter(pk=known.pk)).exists()
    return UpnAlreadyRecorded(known, visible=visible)


@transaction.atomic
def pupil_create(
    *,
    actor,
    ctx,
    full_name: str,
    date_of_birth: dt.date,
    upn: str,
    home_school: School,
    year_group: int,
    send_status: str = SendStatus.NONE,
    on_roll_from: dt.date | None = None,
    out_of_year_group_reason: str = "",
    reason: str,
) -> Pupil:
    rules.require_pupil_access(ctx, home_school)
    common.require_reason(reason)
    if not full_name.strip():
        raise ServiceError("Enter the pupil's name", field="full_name")
    upn = normalise_upn(upn)
    problem = upn_problem(upn)
    if problem:
        raise ServiceError(problem, field="upn")
    if send_status not in SendStatus.values:
        raise ServiceError("Select the pupil's SEND status", field="send_status")
    if not 0 <= year_group <= 14:
        raise ServiceError("Enter a year group from 0 (reception) to 14", field="year_group")
    if date_of_birth >= timezone.localdate():
        raise ServiceError("The date of birth must be in the past", field="date_of_birth")
    common.require_plausible_year_group(date_of_birth, year_group, out_of_year_group_reason)
    common.require_not_far_ahead(
        on_roll_from, field="on_roll_from", what="The date the pupil joined the roll"
    )
    # Last of all, so that a form refused for anything else says nothing of the UPN.
    taken = _upn_taken(ctx, upn)
    if taken is not None:
        raise taken
    pupil = common.save_or_refuse(
        Pupil(
            partnership=ctx.partnership,
            full_name=full_name.strip(),
            date_of_birth=date_of_birth,
            upn=upn,
            home_school=home_school,
            year_group=year_group,
            out_of_year_group_reason=_out_of_year(date_of_birth, year_group, out_of_year_group_reason),
            send_status=send_status,
            created_by=actor,
            retain_until=common.retention_date(timezone.localdate()),
        ),
        actor=actor,
        reason=reason,
        refusal=lambda: _upn_taken(ctx, upn),
    )
    _roll_add(pupil, home_school, on_roll_from or timezone.localdate(), actor=actor, reason=reason)
    return pupil


def _out_of_year(date_of_birth: dt.date, year_group: int, reason_given: str) -> str:
    """The reason is kept only for a pupil who is out of their year group."""
    in_year = expected_year_group(date_of_birth, timezone.localdate()) == year_group
    return "" if in_year else reason_given.strip()


def _roll_add(pupil: Pupil, school: School, starts_on: dt.date, *, actor, reason: str) -> PupilRoll:
    # Lock the pupil so that two rolls cannot be added at once and overlap between the check and the save.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    overlapping = pupil.rolls.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
    if overlapping.exists():
        raise ServiceError(
            "This pupil is already on roll at a school then. End that roll first", field="starts_on"
        )
    return save_with_history(
        PupilRoll(pupil=pupil, school=school, starts_on=starts_on), actor=actor, reason=reason
    )


@transaction.atomic
def pupil_move(*, actor, ctx, pupil: Pupil, school: School, moved_on: dt.date, reason: str) -> PupilRoll:
    """Record a pupil's move to another school, other than after a permanent exclusion (where
    exclusion_record and exclusion_update place the pupil). The roll at the old school ends on the
    day of the move, one at the new school starts that day, and the new school becomes the home
    school: from then its staff see the pupil, and the old school's do not (decision 0020).

    The partnership's LA inclusion officers record a move to any school in its local authorities;
    the staff and chair of an inclusion partnership record a managed move between two of its member
    schools. Not headteachers: the new school's head cannot see the pupil until the move is
    recorded, so they ask the inclusion officer."""
    # Lock the pupil first, so that two moves cannot both start from the same roll.
    locked = Pupil.objects.select_for_update(of=("self",)).select_related("home_school").get(pk=pupil.pk)
    if not rules.may_move_pupil(ctx, locked):
        raise NotAllowed("only an LA inclusion officer, or the staff or chair of the pupil's partnership")
    common.require_reason(reason)
    if school.la_code not in ctx.partnership.la_codes:
        raise ServiceError(f"Choose a school in {ctx.partnership.name}", field="school")
    if school.pk == locked.home_school_id:
        raise ServiceError(
            f"{locked.full_name} is already on roll at {school.name}. Choose the school they are moving to",
            field="school",
        )
    if not rules.may_move_pupil(ctx, locked, school):
        raise ServiceError(
            "Choose a school in the pupil's inclusion partnership. "
            "An LA inclusion officer records a move to any other school",
            field="school",
        )
    if moved_on is None:
        raise ServiceError("Enter the date of the move", field="moved_on")
    if moved_on > timezone.localdate():
        raise ServiceError("The date of the move must be today or in the past", field="moved_on")
    current = locked.rolls.select_related("school").order_by("-starts_on", "-pk").first()
    if current is not None and moved_on <= current.starts_on:
        raise ServiceError(
            f"The date of the move must be after {current.starts_on:%-d %B %Y}, when "
            f"{locked.full_name} joined {current.school.name}'s roll",
            field="moved_on",
        )
    if school.close_date is not None and school.close_date <= moved_on:
        raise ServiceError(
            f"{school.name} closed on {school.close_date:%-d %B %Y}. Choose a school open on the date of the move",
            field="school",
        )
    if school.close_date is None and school.status.lower().startswith("closed"):
        raise ServiceError(
            f"The school register shows {school.name} as closed. Choose an open school", field="school"
        )
    if school.open_date is not None and school.open_date > moved_on:
        raise ServiceError(
            f"{school.name} opened on {school.open_date:%-d %B %Y}, after the date of the move",
            field="school",
        )
    roll = _place_on_roll(locked, school, moved_on, actor=actor, reason=reason)
    common.involved(locked, moved_on, actor=actor, reason=reason)
    pupil.home_school, pupil.retain_until = locked.home_school, locked.retain_until
    return roll


@transaction.atomic
def attendance_record(
    *,
    actor,
    ctx,
    pupil: Pupil,
    starts_on: dt.date,
    ends_on: dt.date,
    sessions_possible: int,
    sessions_attended: int,
    sessions_out_of_mainstream: int = 0,
    reason: str,
) -> AttendanceRecord:
    rules.require_pupil_access(ctx, pupil.home_school)
    common.require_reason(reason)
    if ends_on < starts_on:
        raise ServiceError("The end of the period must not be before its start", field="ends_on")
    if ends_on > timezone.localdate():
        raise ServiceError(
            "The end of the period must not be in the future: record attendance once the period is over",
            field="ends_on",
        )
    if sessions_possible < 0 or sessions_attended < 0 or sessions_out_of_mainstream < 0:
        raise ServiceError("Enter numbers of sessions of 0 or more", field="sessions_possible")
    if sessions_attended > sessions_possible:
        raise ServiceError(
            "Sessions attended cannot be more than sessions possible", field="sessions_attended"
        )
    if sessions_out_of_mainstream > sessions_possible:
        raise ServiceError(
            "Sessions out of mainstream cannot be more than sessions possible",
            field="sessions_out_of_mainstream",
        )
    # Each session is counted once: lock the pupil, as for placements, so that two periods recorded
    # at once cannot both pass the check and overlap.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    overlapping = (
        AttendanceRecord.objects.filter(pupil=pupil, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if overlapping is not None:
        raise ServiceError(
            f"Attendance from {overlapping.starts_on.day} {overlapping.starts_on:%B %Y} to "
            f"{overlapping.ends_on.day} {overlapping.ends_on:%B %Y} is already recorded for this "
            "pupil. Choose a period that does not overlap it",
            field="starts_on",
        )
    record = save_with_history(
        AttendanceRecord(
            pupil=pupil,
            starts_on=starts_on,
            ends_on=ends_on,
            sessions_possible=sessions_possible,
            sessions_attended=sessions_attended,
            sessions_out_of_mainstream=sessions_out_of_mainstream,
            recorded_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    common.involved(pupil, ends_on, actor=actor, reason=reason)
    return record


# --- Pupil details (pages) ----------------------------------------------------------------------


@transaction.atomic
def pupil_update(
    *,
    actor,
    ctx,
    pupil: Pupil,
    full_name: str,
    date_of_birth: dt.date,
    year_group: int,
    send_status: str,
    reason: str,
    out_of_year_group_reason: str | None = None,
) -> Pupil:
    """Correct a pupil's name, date of birth, year group or SEND status. The UPN and the home school
    are not changed here: a UPN identifies the child, and the home school moves with the roll."""
    rules.require_pupil_access(ctx, pupil.home_school)
    common.require_reason(reason)
    if not full_name.strip():
        raise ServiceError("Enter the pupil's name", field="full_name")
    if date_of_birth is None or date_of_birth >= timezone.localdate():
        raise ServiceError("The date of birth must be in the past", field="date_of_birth")
    if year_group is None or not 0 <= year_group <= 14:
        raise ServiceError("Enter a year group from 0 (reception) to 14", field="year_group")
    if send_status not in SendStatus.values:
        raise ServiceError("Select the pupil's SEND status", field="send_status")
    if out_of_year_group_reason is None:
        out_of_year_group_reason = pupil.out_of_year_group_reason
    # Checked when either changes: a record last corrected in an earlier school year keeps its
    # year group until someone corrects it.
    if (date_of_birth, year_group) != (pupil.date_of_birth, pupil.year_group):
        common.require_plausible_year_group(date_of_birth, year_group, out_of_year_group_reason)
        out_of_year_group_reason = _out_of_year(date_of_birth, year_group, out_of_year_group_reason)
    changed = (
        full_name.strip(),
        date_of_birth,
        year_group,
        send_status,
        out_of_year_group_reason.strip(),
    ) != (
        pupil.full_name,
        pupil.date_of_birth,
        pupil.year_group,
        pupil.send_status,
        pupil.out_of_year_group_reason,
    )
    if not changed:
        raise ServiceError("You have not changed any of the details. Change one, or cancel")
    pupil.full_name, pupil.date_of_birth = full_name.strip(), date_of_birth
    pupil.year_group, pupil.send_status = year_group, send_status
    pupil.out_of_year_group_reason = out_of_year_group_reason.strip()
    return save_with_history(pupil, actor=actor, reason=reason)


def _place_on_roll(pupil: Pupil, placed_at: School, on: dt.date, *, actor, reason: str) -> PupilRoll:
    """End the pupil's roll at the excluding school on the day, open one at the new school from that
    day, and make it the pupil's home school: from then on its staff see the pupil, and the
    excluding school's do not (decision 0020)."""
    current = pupil.rolls.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lt=on)
    for roll in current:
        roll.ends_on = on
        save_with_history(roll, actor=actor, reason=reason)
    roll = _roll_add(pupil, placed_at, on, actor=actor, reason=reason)
    pupil.home_school = placed_at
    save_with_history(pupil, actor=actor, reason=reason)
    return roll
