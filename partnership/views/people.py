"""The people of a partnership: the list, a person's page, adding them, their roles."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnership import rules, selectors, services
from partnership.access import PartnershipContext, partnership_view
from partnership.forms.fields import ReasonForm
from partnership.forms.people import PeopleFilterForm, PersonAddForm, RoleAddForm
from partnership.sign_in_sessions import person_security
from partnership.views.form_pages import form_page, posted

PEOPLE_PAGE_SIZE = 50


@partnership_view(roles=rules.LA_ROLES)
@require_GET
def people(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    people_qs = selectors.people_list(
        ctx,
        search=filters.get("q", ""),
        role=filters.get("role", ""),
        sort=filters.get("sort") or "name",
    )
    page = Paginator(people_qs, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/people.html",
        {
            "form": form,
            "page": page,
            "can_manage": rules.may_manage_people(ctx),
            "filtered": bool(filters.get("q") or filters.get("role")),
        },
    )


@partnership_view(roles=rules.LA_ROLES)
@require_GET
def person(request: HttpRequest, ctx: PartnershipContext, user_id: int) -> HttpResponse:
    person = selectors.person_for(ctx, user_id)
    roles = person.roles_here
    return render(
        request,
        "partnership/person.html",
        {
            "person": person,
            "current_roles": [r for r in roles if not r.has_ended],
            "past_roles": [r for r in roles if r.has_ended],
            "can_manage": rules.may_manage_people(ctx),
            # Sign-in security is for LA administrators, and only while the person works here: where
            # someone signs in from is personal data, and a former member's is no longer ours.
            "sign_in_security": (
                person_security(ctx, person) if rules.may_see_sign_in_security(ctx, person) else None
            ),
        },
    )


def _person_url(ctx: PartnershipContext, person) -> str:
    return reverse(
        "partnership:person", kwargs={"partnership_slug": ctx.partnership.slug, "user_id": person.pk}
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    rules.require_people_manager(ctx)

    def added(result) -> str:
        person, created = result
        if created:
            return f"{person} has been added. We have emailed them a link to set their password."
        return f"{person} already had an account. They now have this role too."

    return form_page(
        request,
        PersonAddForm(
            posted(request),
            schools=selectors.school_choices(ctx),
            # A link such as "Invite the headteacher" from a school that has none fills these in.
            initial={k: request.GET[k] for k in ("role", "school") if k in request.GET},
        ),
        save=lambda data: services.person_invite(
            actor=request.user,
            ctx=ctx,
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            school=data["school"],
            reason=data["reason"] or "Added to the partnership",
            base_url=request.build_absolute_uri("/"),
        ),
        success=added,
        next_url=lambda result: _person_url(ctx, result[0]),
        template="partnership/person_add.html",
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def role_add(request: HttpRequest, ctx: PartnershipContext, user_id: int) -> HttpResponse:
    person = selectors.person_for(ctx, user_id)
    rules.require_people_manager(ctx)
    return form_page(
        request,
        RoleAddForm(posted(request), schools=selectors.school_choices(ctx)),
        save=lambda data: services.role_assign(
            actor=request.user,
            ctx=ctx,
            person=person,
            role=data["role"],
            school=data["school"],
            reason=data["reason"],
        ),
        success=lambda assignment: f"{person} is now {assignment}.",
        next_url=_person_url(ctx, person),
        template="partnership/role_add.html",
        context={"person": person},
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def role_end(request: HttpRequest, ctx: PartnershipContext, user_id: int, role_id: int) -> HttpResponse:
    person = selectors.person_for(ctx, user_id)
    assignment = selectors.role_for(ctx, person, role_id)
    rules.require_people_manager(ctx)
    return form_page(
        request,
        ReasonForm(posted(request)),
        save=lambda data: services.role_end(
            actor=request.user, ctx=ctx, assignment=assignment, reason=data["reason"]
        ),
        success=f"{person}'s role as {assignment} has ended.",
        next_url=_person_url(ctx, person),
        template="partnership/role_end.html",
        context={"person": person, "assignment": assignment},
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def person_disable(request: HttpRequest, ctx: PartnershipContext, user_id: int) -> HttpResponse:
    person = selectors.person_for(ctx, user_id)
    rules.require_people_manager(ctx)
    return form_page(
        request,
        ReasonForm(posted(request)),
        save=lambda data: services.person_disable(
            actor=request.user, ctx=ctx, person=person, reason=data["reason"], request=request
        ),
        success=f"{person}'s account is disabled and they have been signed out.",
        next_url=_person_url(ctx, person),
        template="partnership/person_disable.html",
        context={
            "person": person,
            "elsewhere": selectors.person_has_roles_elsewhere(person, ctx.partnership),
        },
    )
