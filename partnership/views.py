from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from . import rules, selectors, services
from .access import CURRENT_PARTNERSHIP_KEY, PartnershipContext, partnership_view
from .access_log import record_view
from .form_views import form_page, posted
from .forms import (
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    PeopleFilterForm,
    PersonAddForm,
    PriorityForm,
    ReasonForm,
    RoleAddForm,
    SignInForm,
)
from .history import history_registry
from .history_view import history_page
from .home_sections import home_registry
from .middleware import LAST_SEEN_AT, SIGNED_IN_AT, TIMED_OUT
from .models import SecurityEvent
from .processing import processing_record
from .sign_in_sessions import person_security

PEOPLE_PAGE_SIZE = 50


# --- Signing in and out -------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A "next" that leads back to signing in or out would loop; go home instead.
        url = super().get_redirect_url()
        if url and url.split("?")[0] in {str(self.request.path), reverse("sign-in"), reverse("sign-out")}:
            return ""
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT, None)
        context["idle_minutes"] = settings.SESSION_IDLE_TIMEOUT // 60
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        now = int(time.time())
        self.request.session[SIGNED_IN_AT] = now
        self.request.session[LAST_SEEN_AT] = now
        services.sign_in_session_record(request=self.request, user=user)
        services.security_event_record(kind=SecurityEvent.Kind.SIGN_IN, request=self.request, user=user)
        return response

    def form_invalid(self, form):
        services.security_event_record(
            kind=SecurityEvent.Kind.SIGN_IN_FAILED,
            request=self.request,
            email=str(form.data.get("username", ""))[:254],
            detail="; ".join(str(e) for errors in form.errors.values() for e in errors)[:500],
        )
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.security_event_record(
                kind=SecurityEvent.Kind.SIGN_OUT, request=request, user=request.user
            )
            services.sign_in_session_forget(session_key=request.session.session_key)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = GovukPasswordResetForm
    template_name = "registration/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        services.security_event_record(
            kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
            request=self.request,
            email=form.cleaned_data["email"],
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = GovukSetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signed_out.html")


# --- Public pages ---------------------------------------------------------------------------


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", {"processing": processing_record()})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and docker-compose: is the database answering?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- Choosing a partnership -------------------------------------------------------------------


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnerships_for_user(request.user)
    slugs = [p.slug for p in partnerships]
    current = request.session.get(CURRENT_PARTNERSHIP_KEY)
    if current in slugs:
        return redirect("partnership:home", partnership_slug=current)
    if len(slugs) == 1:
        return redirect("partnership:home", partnership_slug=slugs[0])
    return redirect("partnership-choose")


@require_GET
def partnership_choose(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/choose.html",
        {"partnerships": selectors.partnerships_for_user(request.user)},
    )


# --- Inside a partnership -------------------------------------------------------------------


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def home(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(
        request,
        "partnership/home.html",
        {"sections": home_registry.sections_for(ctx, request.user)},
    )


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
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnership/people.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
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
        PersonAddForm(posted(request), schools=selectors.school_choices(ctx)),
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


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def history(request: HttpRequest, ctx: PartnershipContext, kind: str, pk: int) -> HttpResponse:
    history_kind = history_registry.get(kind)
    obj = history_kind.record(request, ctx, pk)
    if history_kind.logged_as:
        record_view(
            request,
            record_type=history_kind.logged_as,
            record_id=obj.pk,
            description=f"History of {history_kind.describe(obj)}",
            school_id=history_kind.school_of(obj) if history_kind.school_of else None,
        )
    visible_actors = selectors.people_ever_here(ctx) if history_kind.shared else None
    page, entries = history_page(
        obj, request.GET.get("page"), hidden_fields=history_kind.hidden_fields, visible_actors=visible_actors
    )
    return render(
        request,
        "partnership/history.html",
        {"object": obj, "title": history_kind.describe(obj), "page": page, "entries": entries},
    )


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def priorities(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(
        request,
        "partnership/priorities.html",
        {
            "priorities": selectors.priorities_for(ctx, include_unused=rules.sees_unused_priorities(ctx)),
            "can_manage": rules.may_manage_priorities(ctx),
        },
    )


@partnership_view(roles=rules.ALL_ROLES)
@require_http_methods(["GET", "POST"])
def priority_edit(
    request: HttpRequest, ctx: PartnershipContext, priority_id: int | None = None
) -> HttpResponse:
    instance = selectors.priority_for(ctx, priority_id) if priority_id else None
    rules.require_priority_manager(ctx)
    form = PriorityForm(posted(request), instance=instance)
    return form_page(
        request,
        form,
        save=lambda data: services.priority_save(
            actor=request.user, ctx=ctx, priority=form.save(commit=False), reason=data["reason"]
        ),
        success=lambda saved: f"The priority “{saved}” has been saved.",
        next_url=reverse("partnership:priorities", kwargs={"partnership_slug": ctx.partnership.slug}),
        template="partnership/priority_edit.html",
        context={"priority": instance},
    )
