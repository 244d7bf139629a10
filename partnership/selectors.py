"""Reads of partnership data, always scoped to the person asking."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from .access import NotVisible, PartnershipContext, require_roles
from .models import LA_ROLES, Partnership, Priority, RoleAssignment, User

PEOPLE_SORTS = {
    "name": ("full_name", "email"),
    "-name": ("-full_name", "-email"),
    "email": ("email",),
    "-email": ("-email",),
}


def partnerships_for_user(user) -> list[Partnership]:
    if not user.is_authenticated:
        return []
    return list(
        Partnership.objects.filter(
            pk__in=RoleAssignment.objects.current().filter(user=user).values("partnership_id")
        ).order_by("name")
    )


def _roles_here(ctx: PartnershipContext, *, current_only: bool) -> Prefetch:
    roles = RoleAssignment.objects.filter(partnership=ctx.partnership).select_related("school")
    if current_only:
        roles = roles.current()
    return Prefetch("roles", queryset=roles.order_by("role", "starts_on"), to_attr="roles_here")


def people_list(
    ctx: PartnershipContext, *, search: str = "", role: str = "", sort: str = "name"
) -> QuerySet[User]:
    """Everyone with a current role in the partnership. LA administrators and officers only."""
    require_roles(ctx, LA_ROLES)
    current = RoleAssignment.objects.current().filter(partnership=ctx.partnership)
    if role:
        current = current.filter(role=role)
    people = User.objects.filter(pk__in=current.values("user_id"))
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return people.order_by(*PEOPLE_SORTS.get(sort, PEOPLE_SORTS["name"])).prefetch_related(
        _roles_here(ctx, current_only=True)
    )


def person_for(ctx: PartnershipContext, user_id: int) -> User:
    """One person who holds, or has held, a role in the partnership; NotVisible otherwise."""
    require_roles(ctx, LA_ROLES)
    person = (
        User.objects.filter(pk=user_id, roles__partnership=ctx.partnership)
        .prefetch_related(_roles_here(ctx, current_only=False))
        .distinct()
        .first()
    )
    if person is None:
        raise NotVisible(f"person {user_id} has never had a role in {ctx.partnership.slug}")
    return person


def role_for(ctx: PartnershipContext, person: User, role_id: int) -> RoleAssignment:
    for assignment in person.roles_here:
        if assignment.pk == role_id:
            return assignment
    raise NotVisible(f"role {role_id} is not this person's in {ctx.partnership.slug}")


def person_has_roles_elsewhere(person: User, partnership: Partnership) -> bool:
    """Whether the person holds, or will hold, a role in another partnership."""
    return RoleAssignment.objects.not_ended().filter(user=person).exclude(partnership=partnership).exists()


def role_for_history(ctx: PartnershipContext, pk: int) -> RoleAssignment:
    require_roles(ctx, LA_ROLES)
    role = (
        RoleAssignment.objects.filter(pk=pk, partnership=ctx.partnership)
        .select_related("user", "school")
        .first()
    )
    if role is None:
        raise NotVisible(f"role {pk} is not in {ctx.partnership.slug}")
    return role


def partnership_for_history(ctx: PartnershipContext, pk: int) -> Partnership:
    """The partnership's own record: for its LA administrators and officers."""
    require_roles(ctx, LA_ROLES)
    if pk != ctx.partnership.pk:
        raise NotVisible(f"partnership {pk} is not {ctx.partnership.slug}")
    return ctx.partnership


def priorities_for(ctx: PartnershipContext, *, include_unused: bool = True):
    priorities = Priority.objects.filter(partnership=ctx.partnership)
    if not include_unused:
        priorities = priorities.filter(is_active=True)
    return priorities.order_by("position", "title")


def priority_for(ctx: PartnershipContext, priority_id: int) -> Priority:
    priority = Priority.objects.filter(pk=priority_id, partnership=ctx.partnership).first()
    if priority is None:
        raise NotVisible(f"priority {priority_id} is not in {ctx.partnership.slug}")
    return priority


def people_ever_here(ctx: PartnershipContext) -> set[int]:
    """Everyone who has ever held a role in the partnership."""
    return set(
        RoleAssignment.objects.filter(partnership=ctx.partnership)
        .values_list("user_id", flat=True)
        .distinct()
    )


def agreement_for_history(ctx: PartnershipContext, pk: int):
    from .models import SharingAgreement

    require_roles(ctx, LA_ROLES)
    agreement = SharingAgreement.objects.filter(pk=pk, partnership=ctx.partnership).first()
    # A draft is for LA administrators only, in its history as on its own page.
    if agreement is not None and not agreement.is_published and not ctx.is_la_admin:
        agreement = None
    if agreement is None:
        raise NotVisible(f"agreement {pk} is not in {ctx.partnership.slug}")
    return agreement
