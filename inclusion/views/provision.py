"""Inclusion partnership pages: alternative provision (decision 0020). The provider directory with
its quality assurance visits, and pupils' placements with their review cycle and outcome.

Every pupil-level read goes through inclusion.selectors (which refuses with a 404 and logs
the read), every write through inclusion.services (which enforces who may write). The
views only decide what to show: an action appears only to someone the service would let take it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion import rules, selectors, services
from inclusion.forms.provision import (
    PlacementEndForm,
    PlacementFilterForm,
    PlacementForm,
    PlacementReviewForm,
    ProviderForm,
    ProviderSearchForm,
    QAVisitForm,
)
from partnership.access import NotVisible, PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted

# Who may open these pages is decided by the selectors, not by role alone: a chair may hold any
# role, and the provider directory is for heads of member schools too. So every role passes the
# decorator, and the selectors give a 404 to anyone else.


def _url(ctx, name: str, **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


# --- The provider directory ---------------------------------------------------------------------


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def provider_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = ProviderSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.provider_directory(ctx, q), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for provider in page.object_list:
        provider.qa_due = selectors.qa_visit_due(provider.last_visited_on, today)
    return render(
        request,
        "inclusion/provision/provider_list.html",
        {
            "form": form,
            "page": page,
            "q": q,
            "may_manage": rules.may_manage_providers(ctx),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def provider_detail(request: HttpRequest, ctx: PartnershipContext, provider_id: int) -> HttpResponse:
    provider = selectors.provider_for(ctx, provider_id)
    return render(
        request,
        "inclusion/provision/provider_detail.html",
        {
            "provider": provider,
            "qa_due": selectors.qa_visit_due(provider.last_visited_on),
            "may_manage": rules.may_manage_providers(ctx),
        },
    )


def _provider_fields(data: dict) -> dict:
    return {
        "name": data["name"],
        "registration": data["registration"],
        "urn": data["urn"],
        "contact_name": data["contact_name"],
        "contact_email": data["contact_email"],
        "contact_phone": data["contact_phone"],
        "reason": data["reason"],
    }


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def provider_new(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    if not rules.may_see_providers(ctx):
        raise NotVisible("may not see the provider directory")
    rules.require_provider_manager(ctx)
    form = ProviderForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: services.provider_create(actor=request.user, ctx=ctx, **_provider_fields(data)),
        success=lambda provider: f"{provider.name} is in the directory",
        next_url=lambda provider: _url(ctx, "provider", provider_id=provider.pk),
        template="inclusion/provision/provider_form.html",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, ctx: PartnershipContext, provider_id: int) -> HttpResponse:
    provider = selectors.provider_for(ctx, provider_id)
    rules.require_provider_manager(ctx)
    initial = {
        name: getattr(provider, name)
        for name in ("name", "registration", "urn", "contact_name", "contact_email", "contact_phone")
    }
    form = ProviderForm(posted(request), initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.provider_update(
            actor=request.user, ctx=ctx, provider=provider, **_provider_fields(data)
        ),
        success=lambda saved: f"The details of {saved.name} are saved",
        next_url=_url(ctx, "provider", provider_id=provider.pk),
        template="inclusion/provision/provider_form.html",
        context={"provider": provider},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def qa_visit_new(request: HttpRequest, ctx: PartnershipContext, provider_id: int) -> HttpResponse:
    provider = selectors.provider_for(ctx, provider_id)
    rules.require_provider_manager(ctx)
    form = QAVisitForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: services.qa_visit_record(
            actor=request.user,
            ctx=ctx,
            provider=provider,
            visited_on=data["visited_on"],
            outcome=data["outcome"],
            notes=data["notes"],
            reason=data["reason"],
        ),
        success=lambda visit: f"The quality assurance visit to {provider.name} is recorded",
        next_url=_url(ctx, "provider", provider_id=provider.pk),
        template="inclusion/provision/qa_visit_form.html",
        context={"provider": provider},
    )


# --- Placements ---------------------------------------------------------------------------------


def _placement_filters(request, ctx):
    providers = list(selectors.providers_with_latest_visit(ctx).order_by("name", "pk"))
    form = PlacementFilterForm(request.GET or None, providers=providers)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.PlacementFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        provider=data.get("provider"),
        outcome=data.get("outcome", ""),
    )
    return form, filters


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def placement_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form, filters = _placement_filters(request, ctx)
    page = selectors.placements_page(request, ctx, filters, request.GET.get("page"))
    today = timezone.localdate()
    for placement in page.object_list:
        placement.review = services.placement_review_due(placement, today)
    return render(
        request,
        "inclusion/provision/placement_list.html",
        {
            "form": form,
            "page": page,
            "filtered": filters
            not in (selectors.PlacementFilters(), selectors.PlacementFilters(status="current")),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    rules.require_placement_manager(ctx, pupil)
    form = PlacementForm(
        posted(request),
        providers=selectors.providers_with_latest_visit(ctx).order_by("name", "pk"),
        referrals=selectors.open_referrals_for_placement(ctx, pupil),
    )

    def save(data):
        return services.placement_create(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            provider=data["provider"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            days_per_week=data["days_per_week"],
            cost=data["cost"],
            funding_source=data["funding_source"],
            review_weeks=data["review_weeks"],
            referral=data["referral"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda placement: f"{pupil.full_name}'s placement at {placement.provider.name} is recorded",
        next_url=lambda placement: _url(ctx, "placement", placement_id=placement.pk),
        template="inclusion/provision/placement_form.html",
        context={"pupil": pupil},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def placement_detail(request: HttpRequest, ctx: PartnershipContext, placement_id: int) -> HttpResponse:
    placement = selectors.placement_detail_for(request, ctx, placement_id)
    today = timezone.localdate()
    return render(
        request,
        "inclusion/provision/placement_detail.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "reviews": list(placement.reviews.all()),
            "review": services.placement_review_due(placement, today),
            "ended": services.placement_has_ended(placement, today),
            "started": placement.starts_on <= today,
            "may_manage": rules.may_manage_placements_of(ctx, placement.pupil),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def placement_review(request: HttpRequest, ctx: PartnershipContext, placement_id: int) -> HttpResponse:
    placement = selectors.placement_detail_for(request, ctx, placement_id)
    rules.require_placement_manager(ctx, placement.pupil)
    if services.placement_has_ended(placement):
        messages.info(request, "This placement has ended, so it can no longer be reviewed")
        return redirect(_url(ctx, "placement", placement_id=placement.pk))
    form = PlacementReviewForm(posted(request), review_weeks=placement.review_weeks)
    return form_page(
        request,
        form,
        save=lambda data: services.placement_review(
            actor=request.user,
            ctx=ctx,
            placement=placement,
            attendance_notes=data["attendance_notes"],
            progress_notes=data["progress_notes"],
            next_review_on=data["next_review_on"],
            reason=data["reason"],
        ),
        success="The review is recorded",
        next_url=_url(ctx, "placement", placement_id=placement.pk),
        template="inclusion/provision/placement_review.html",
        context={
            "placement": placement,
            "pupil": placement.pupil,
            "review": services.placement_review_due(placement),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, ctx: PartnershipContext, placement_id: int) -> HttpResponse:
    """A confirmation page: what ending the placement will do, then the outcome. Once the outcome is
    recorded the placement is over, so the page sends the person back to it."""
    placement = selectors.placement_detail_for(request, ctx, placement_id)
    rules.require_placement_manager(ctx, placement.pupil)
    if placement.outcome:
        messages.info(request, "This placement has already ended")
        return redirect(_url(ctx, "placement", placement_id=placement.pk))
    # The last day offered is the planned one when it has passed, and otherwise today: an end is
    # recorded once it has happened.
    today = timezone.localdate()
    form = PlacementEndForm(posted(request), initial={"ends_on": min(placement.ends_on or today, today)})
    return form_page(
        request,
        form,
        save=lambda data: services.placement_end(
            actor=request.user,
            ctx=ctx,
            placement=placement,
            ends_on=data["ends_on"],
            outcome=data["outcome"],
            outcome_detail=data["outcome_detail"],
            reason=data["reason"],
        ),
        success=lambda ended: f"The placement has ended: {ended.get_outcome_display().lower()}",
        next_url=_url(ctx, "placement", placement_id=placement.pk),
        template="inclusion/provision/placement_end.html",
        context={"placement": placement, "pupil": placement.pupil},
    )


urlpatterns = [
    path("providers/", provider_list, name="providers"),
    path("providers/new/", provider_new, name="provider-new"),
    path("providers/<int:provider_id>/", provider_detail, name="provider"),
    path("providers/<int:provider_id>/edit/", provider_edit, name="provider-edit"),
    path("providers/<int:provider_id>/visits/new/", qa_visit_new, name="qa-visit-new"),
    path("placements/", placement_list, name="placements"),
    path("pupils/<int:pupil_id>/placements/new/", placement_new, name="placement-new"),
    path("placements/<int:placement_id>/", placement_detail, name="placement"),
    path("placements/<int:placement_id>/review/", placement_review, name="placement-review"),
    path("placements/<int:placement_id>/end/", placement_end, name="placement-end"),
]
