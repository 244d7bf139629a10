"""Reads of the school register, scoped to the person and partnership asking."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from partnership.access import NotVisible, PartnershipContext
from partnership.models import Role, User
from partnership.selectors.people import people_with_role
from schools import rules
from schools.models import School, SchoolUserObjectPermission

from .listing import partnership_schools


def school_for(ctx: PartnershipContext, urn: int) -> School:
    school = partnership_schools(ctx).filter(urn=urn).first()
    if school is None:
        raise NotVisible(f"school {urn} is not in {ctx.partnership.slug}'s register")
    return school


def school_for_history(ctx: PartnershipContext, pk: int) -> School:
    rules.require_la_sight(ctx)
    school = partnership_schools(ctx).filter(pk=pk).first()
    if school is None:
        raise NotVisible(f"school id {pk} is not in {ctx.partnership.slug}")
    return school


def records_grants(ctx: PartnershipContext, school: School) -> list[SchoolUserObjectPermission]:
    rules.require_la_sight(ctx)
    return list(
        SchoolUserObjectPermission.objects.filter(
            content_object=school, permission__codename=rules.RECORDS_PERMISSION
        )
        .select_related("user")
        .order_by("user__full_name")
    )


def records_grant_for(ctx: PartnershipContext, school: School, grant_id: int):
    for grant in records_grants(ctx, school):
        if grant.pk == grant_id:
            return grant
    raise NotVisible(f"grant {grant_id} is not on school {school.urn}")


def people_who_could_be_granted(ctx: PartnershipContext, school: School) -> QuerySet[User]:
    """People in the partnership who do not already see the school's records (by the roles of
    rules.may_see_school_records, or by a grant)."""
    rules.require_la_sight(ctx)
    current = people_with_role(ctx.partnership)
    sees_by_role = current.filter(Q(role__in=rules.LA_ROLES) | Q(role__in=rules.RECORDS_ROLES, school=school))
    return (
        User.objects.filter(pk__in=current.values("user_id"), is_active=True)
        .exclude(pk__in=sees_by_role.values("user_id"))
        .exclude(pk__in=SchoolUserObjectPermission.objects.filter(content_object=school).values("user_id"))
        .order_by("full_name")
    )


def schools_without_headteacher_count(ctx: PartnershipContext) -> int:
    with_head = people_with_role(ctx.partnership, Role.HEADTEACHER)
    return (
        partnership_schools(ctx)
        .filter(status__istartswith="open")
        .exclude(pk__in=with_head.values("school_id"))
        .count()
    )


def my_schools(ctx: PartnershipContext) -> list[School]:
    ids = rules.own_school_ids(ctx)
    return list(School.objects.filter(pk__in=ids).order_by("name")) if ids else []
