"""Inviting people, giving and ending their roles, disabling an account."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnership import rules
from partnership.access import NotAllowed, PartnershipContext
from partnership.auditing import save_with_history
from partnership.models import ROLES_WITH_A_SCHOOL, SCHOOL_OFFICES, Role, RoleAssignment, SecurityEvent, User
from partnership.selectors.people import people_with_role, person_has_roles_elsewhere
from partnership.services.errors import ServiceError
from partnership.services.notifications import email_queue
from partnership.services.security import security_event_record, sessions_end

# Called when a person's last role in a partnership ends, so that apps above this one can take
# back what they granted that person there (for example, access to one school's records).
person_left_handlers: list = []


def _set_password_link(user: User, base_url: str) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def _check_role(role: str, school) -> None:
    if role not in Role.values:
        raise ServiceError("Select a role", field="role")
    if role in ROLES_WITH_A_SCHOOL and school is None:
        raise ServiceError("Select the school this role is for", field="school")
    if role not in ROLES_WITH_A_SCHOOL and school is not None:
        raise ServiceError(
            "Only headteachers, school staff, governors and their offices have a school", field="school"
        )


def _check_office(ctx: PartnershipContext, person: User, role: str, school, starts_on: dt.date) -> None:
    """A chair of governors or a trust's delegate is one of the school's governors, and a school has
    one of each at a time (the database holds the second rule too: one_open_office_per_school)."""
    if role not in SCHOOL_OFFICES:
        return
    governor = (
        RoleAssignment.objects.not_ended(on=starts_on)
        .filter(user=person, partnership=ctx.partnership, role=Role.GOVERNOR, school=school)
        .exists()
    )
    if not governor:
        raise ServiceError(
            f"{person} is not a governor of {school}. Give them the governor role at the school first",
            field="role",
        )
    holder = (
        RoleAssignment.objects.not_ended(on=starts_on)
        .filter(partnership=ctx.partnership, role=role, school=school)
        .exclude(user=person)
        .select_related("user")
        .first()
    )
    if holder is not None:
        raise ServiceError(
            f"{school} already has a {Role(role).label.split(' (')[0].lower()}, {holder.user}. "
            "End that role first, or change the chair from the school's consent page",
            field="role",
        )


@transaction.atomic
def role_assign(
    *,
    actor: User,
    ctx: PartnershipContext,
    person: User,
    role: str,
    school=None,
    starts_on: dt.date | None = None,
    reason: str,
) -> RoleAssignment:
    rules.require_people_manager(ctx)
    _check_role(role, school)
    return _role_add(
        actor=actor, ctx=ctx, person=person, role=role, school=school, starts_on=starts_on, reason=reason
    )


def _role_add(
    *, actor: User, ctx: PartnershipContext, person: User, role: str, school, starts_on, reason: str
) -> RoleAssignment:
    starts_on = starts_on or timezone.localdate()
    if not person.is_active:
        raise ServiceError(f"{person}'s account is disabled, so they cannot be given a role")
    if school is not None and school.la_code not in ctx.partnership.la_codes:
        raise ServiceError("That school is not in this partnership's local authority", field="school")
    already = (
        RoleAssignment.objects.not_ended()
        .filter(user=person, partnership=ctx.partnership, role=role, school=school)
        .exists()
    )
    if already:
        raise ServiceError(f"{person} already has this role", field="role")
    _check_office(ctx, person, role, school, starts_on)
    assignment = RoleAssignment(
        user=person, partnership=ctx.partnership, role=role, school=school, starts_on=starts_on
    )
    try:
        # A second submission racing the first meets the database's own rule, not a 500.
        with transaction.atomic():
            return save_with_history(assignment, actor=actor, reason=reason)
    except IntegrityError:
        raise ServiceError(f"{person} already has this role", field="role") from None


@transaction.atomic
def person_invite(
    *,
    actor: User,
    ctx: PartnershipContext,
    email: str,
    full_name: str,
    role: str,
    school=None,
    reason: str,
    base_url: str,
) -> tuple[User, bool]:
    """Add a person to the partnership with a first role. Returns (person, created).

    A new person is sent a link to set their password; someone who already has an account (in
    this partnership or another) keeps it, and gains the role.
    """
    rules.require_people_manager(ctx)
    email = User.objects.normalize_email(email).lower()
    person = User.objects.filter(email__iexact=email).first()
    created = person is None
    if created:
        person = User(email=email, full_name=full_name.strip())
        person.set_unusable_password()
        save_with_history(person, actor=actor, reason=reason)
    elif not person.is_active:
        raise ServiceError(
            "This account has been disabled. Ask the service desk to restore it", field="email"
        )
    role_assign(actor=actor, ctx=ctx, person=person, role=role, school=school, reason=reason)
    if created:
        email_queue(
            subject=f"You have been invited to the {ctx.partnership.name} portal",
            template="emails/invitation.txt",
            context={
                "person": person,
                "partnership": ctx.partnership,
                "invited_by": actor,
                "link": _set_password_link(person, base_url),
            },
            to=[person.email],
        )
    return person, created


@transaction.atomic
def role_end(
    *,
    actor: User,
    ctx: PartnershipContext,
    assignment: RoleAssignment,
    reason: str,
    ends_on: dt.date | None = None,
) -> RoleAssignment:
    rules.require_people_manager(ctx)
    if assignment.partnership_id != ctx.partnership.pk:
        raise NotAllowed("role belongs to another partnership")
    if assignment.has_ended:
        raise ServiceError("This role has already ended")
    # A role that ends on the day it starts never took effect; the row stays for the record.
    ends_on = max(ends_on or timezone.localdate(), assignment.starts_on)
    if assignment.user_id == actor.pk and assignment.role == Role.LA_ADMIN:
        others = people_with_role(ctx.partnership, Role.LA_ADMIN).exclude(user=actor).exists()
        if not others:
            raise ServiceError("You are the only LA administrator. Add another before you end this role")
    assignment.ends_on = ends_on
    save_with_history(assignment, actor=actor, reason=reason)
    if assignment.role == Role.GOVERNOR:
        # A governor who leaves the school leaves its offices with it.
        offices = RoleAssignment.objects.not_ended().filter(
            user=assignment.user_id,
            partnership=ctx.partnership,
            school=assignment.school_id,
            role__in=SCHOOL_OFFICES,
        )
        for office in offices.select_for_update():
            office.ends_on = max(ends_on, office.starts_on)
            save_with_history(office, actor=actor, reason=f"No longer a governor of the school: {reason}")
    still_here = (
        RoleAssignment.objects.not_ended()
        .filter(user=assignment.user_id, partnership=ctx.partnership)
        .exists()
    )
    if not still_here:
        for handler in person_left_handlers:
            handler(actor=actor, partnership=ctx.partnership, person=assignment.user, reason=reason)
    return assignment


@transaction.atomic
def chair_of_governors_set(
    *,
    actor: User,
    ctx: PartnershipContext,
    school,
    person: User,
    starts_on: dt.date | None = None,
    reason: str,
) -> RoleAssignment:
    """Record who chairs the school's governors from starts_on (today when not given): the current
    chair's office ends that day. An LA administrator or the school's headteacher does this."""
    rules.require_chair_setter(ctx, school)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        raise ServiceError("The date must be today or later", field="starts_on")
    # Lock the school's chairs, so that two people recording a new chair at once take turns.
    chairs = list(
        RoleAssignment.objects.select_for_update()
        .not_ended()
        .filter(partnership=ctx.partnership, school=school, role=Role.CHAIR_OF_GOVERNORS)
        .select_related("user")
    )
    for chair in chairs:
        if chair.user_id == person.pk:
            raise ServiceError(f"{person} is already recorded as chair of governors", field="person")
    for chair in chairs:
        chair.ends_on = max(starts_on, chair.starts_on)
        save_with_history(
            chair, actor=actor, reason=f"{person} chairs the governors from {starts_on:%-d %B %Y}: {reason}"
        )
    return _role_add(
        actor=actor,
        ctx=ctx,
        person=person,
        role=Role.CHAIR_OF_GOVERNORS,
        school=school,
        starts_on=starts_on,
        reason=reason,
    )


@transaction.atomic
def person_disable(*, actor: User, ctx: PartnershipContext, person: User, reason: str, request=None) -> User:
    """Disable a person's account, end their roles here and end every session they have."""
    rules.require_people_manager(ctx)
    if person.pk == actor.pk:
        raise ServiceError("You cannot disable your own account")
    if person.is_staff or person.is_superuser:
        raise ServiceError("This is a platform operator's account. Ask the service desk to disable it")
    if not RoleAssignment.objects.not_ended().filter(user=person, partnership=ctx.partnership).exists():
        raise ServiceError("This person no longer has a role here, so their account is not yours to disable")
    if person_has_roles_elsewhere(person, ctx.partnership):
        raise ServiceError(
            "This person also works in another partnership, so their account stays open. "
            "End their roles here instead"
        )
    for assignment in RoleAssignment.objects.not_ended().filter(user=person, partnership=ctx.partnership):
        role_end(actor=actor, ctx=ctx, assignment=assignment, reason=reason)
    person.is_active = False
    save_with_history(person, actor=actor, reason=reason)
    sessions_end(person)
    security_event_record(
        kind=SecurityEvent.Kind.ACCOUNT_DISABLED,
        request=request,
        user=person,
        partnership=ctx.partnership,
        detail=f"by {actor.email}: {reason}",
    )
    return person
