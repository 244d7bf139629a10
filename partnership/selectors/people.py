"""The people of a partnership and their roles, scoped to the person asking."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, Prefetch, Q, QuerySet

from partnership import rules
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership, RoleAssignment, User

PEOPLE_SORTS = {
    "name": ("full_name", "email"),
    "-name": ("-full_name", "-email"),
    "email": ("email",),
    "-email": ("-email",),
}


def people_with_role(
    partnership: Partnership | int, *roles: str, school=None, on: dt.date | None = None
) -> QuerySet[RoleAssignment]:
    """The roles in force (today, or on the day given) in the partnership, held as any of the roles
    given, or as any role at all when none is given: the current people with role R in partnership
    P. school narrows them to one school (a school or its id) or to several (a queryset or a
    collection of schools or ids). Chain .select_related("user") for the people themselves."""
    assignments = RoleAssignment.objects.current(on).filter(partnership=partnership)
    if len(roles) == 1:
        assignments = assignments.filter(role=roles[0])
    elif roles:
        assignments = assignments.filter(role__in=sorted(set(roles)))
    if school is None:
        return assignments
    if isinstance(school, (Model, int)):
        return assignments.filter(school=school)
    return assignments.filter(school__in=school)


def _roles_here(ctx: PartnershipContext, *, current_only: bool) -> Prefetch:
    roles = RoleAssignment.objects.filter(partnership=ctx.partnership).select_related("school")
    if current_only:
        roles = roles.current()
    return Prefetch("roles", queryset=roles.order_by("role", "starts_on"), to_attr="roles_here")


def people_list(
    ctx: PartnershipContext, *, search: str = "", role: str = "", sort: str = "name"
) -> QuerySet[User]:
    """Everyone with a current role in the partnership. LA administrators and officers only."""
    rules.require_sight_of_people(ctx)
    current = people_with_role(ctx.partnership, *([role] if role else []))
    people = User.objects.filter(pk__in=current.values("user_id"))
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return people.order_by(*PEOPLE_SORTS.get(sort, PEOPLE_SORTS["name"])).prefetch_related(
        _roles_here(ctx, current_only=True)
    )


def person_for(ctx: PartnershipContext, user_id: int) -> User:
    """One person who holds, or has held, a role in the partnership; NotVisible otherwise."""
    rules.require_sight_of_people(ctx)
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
    rules.require_sight_of_people(ctx)
    role = (
        RoleAssignment.objects.filter(pk=pk, partnership=ctx.partnership)
        .select_related("user", "school")
        .first()
    )
    if role is None:
        raise NotVisible(f"role {pk} is not in {ctx.partnership.slug}")
    return role


def school_choices(ctx: PartnershipContext) -> QuerySet:
    """The schools of the partnership's local authorities, by name, for a school role's form."""
    # Reached through the role's foreign key, so this app never imports the schools app.
    school_model = RoleAssignment._meta.get_field("school").related_model
    return school_model.objects.filter(la_code__in=ctx.partnership.la_codes).order_by("name")


def people_ever_here(ctx: PartnershipContext) -> set[int]:
    """Everyone who has ever held a role in the partnership."""
    return set(
        RoleAssignment.objects.filter(partnership=ctx.partnership)
        .values_list("user_id", flat=True)
        .distinct()
    )
