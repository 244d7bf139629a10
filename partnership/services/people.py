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
from partnership.models import SCHOOL_ROLES, Role, RoleAssignment, SecurityEvent, User
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
    if role in SCHOOL_ROLES and school is None:
        raise ServiceError("Select the school this role is for", field="school")
    if role not in SCHOOL_ROLES and school is not None:
        raise ServiceError("Only headteachers, school staff and governors have a school", field="school")


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
    assignment = RoleAssignment(
        user=person,
        partnership=ctx.partnership,
        role=role,
        school=school,
        starts_on=starts_on or timezone.localdate(),
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
