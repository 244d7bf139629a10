"""Inclusion partnership pages: referrals (decision 0020). Every pupil-level read goes through
inclusion.selectors, every write through inclusion.services.

A school's headteacher or designated inclusion lead refers a pupil at risk of exclusion; the
partnership's staff or chair, or an LA inclusion officer, agree a plan, review it and close the
referral. Anyone who may not see the pupil gets a 404; someone who sees the pupil but may not make
the change gets a 403, as the services refuse it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion import rules, selectors, services
from inclusion.forms.referrals import (
    CloseReferralForm,
    PlanForm,
    ReferForm,
    ReferralFilterForm,
    ReviewForm,
)
from inclusion.models import ReferralStatus
from partnership.access import NotAllowed, PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted


def _url(ctx: PartnershipContext, name: str, **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def referral_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None, areas=selectors.referral_area_choices(ctx))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.ReferralFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        area=data.get("area"),
        overdue=bool(data.get("overdue")),
        sort=data.get("sort") or "referred",
    )
    page = selectors.referrals_page(request, ctx, filters, request.GET.get("page"))
    return render(
        request,
        "inclusion/referrals/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters.q or filters.status or filters.area or filters.overdue),
            "today": timezone.localdate(),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    if not rules.may_refer(ctx, pupil):
        raise NotAllowed("only the home school's headteacher or designated inclusion lead refers a pupil")
    form = ReferForm(posted(request))

    def save(data):
        return services.referral_create(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            reasons=data["reasons"],
            support_tried=data["support_tried"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda referral: (
            f"{pupil.full_name} has been referred to the {referral.inclusion_partnership}."
        ),
        next_url=lambda referral: _url(ctx, "referral", referral_id=referral.pk),
        template="inclusion/referrals/refer.html",
        context={"pupil": pupil, "open_cases": selectors.open_referrals_of(ctx, pupil)},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def referral_detail(request: HttpRequest, ctx: PartnershipContext, referral_id: int) -> HttpResponse:
    referral = selectors.referral_detail_for(request, ctx, referral_id)
    return render(
        request,
        "inclusion/referrals/detail.html",
        {
            "referral": referral,
            "may_manage": rules.may_manage_referral(ctx, referral),
            "today": timezone.localdate(),
        },
    )


def _case_to_change(request, ctx: PartnershipContext, referral_id: int):
    """The referral (a 404 unless the person sees the pupil), for someone who may change it (a 403
    for anyone else who sees it)."""
    referral = selectors.referral_detail_for(request, ctx, referral_id, with_reviews=False)
    if not rules.may_manage_referral(ctx, referral):
        raise NotAllowed("needs the partnership's staff or chair, or an LA inclusion officer")
    return referral


def _not_now(request, ctx, referral, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect(_url(ctx, "referral", referral_id=referral.pk))


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_plan(request: HttpRequest, ctx: PartnershipContext, referral_id: int) -> HttpResponse:
    referral = _case_to_change(request, ctx, referral_id)
    if referral.status == ReferralStatus.CLOSED:
        return _not_now(request, ctx, referral, "This referral is closed, so its plan cannot change.")
    initial = {}
    if referral.status == ReferralStatus.PLAN_AGREED:
        initial = {
            "plan_type": referral.plan_type,
            "detail": referral.plan_detail,
            "next_review_on": referral.next_review_on,
        }
    form = PlanForm(posted(request), initial=initial)

    def save(data):
        return services.referral_agree_plan(
            actor=request.user,
            ctx=ctx,
            referral=referral,
            plan_type=data["plan_type"],
            detail=data["detail"],
            next_review_on=data["next_review_on"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda referral: (
            f"The plan for {referral.pupil.full_name} is agreed: {referral.get_plan_type_display()}."
        ),
        next_url=_url(ctx, "referral", referral_id=referral.pk),
        template="inclusion/referrals/plan.html",
        context={"referral": referral, "changing": referral.status == ReferralStatus.PLAN_AGREED},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_review(request: HttpRequest, ctx: PartnershipContext, referral_id: int) -> HttpResponse:
    referral = _case_to_change(request, ctx, referral_id)
    if referral.status != ReferralStatus.PLAN_AGREED:
        return _not_now(
            request,
            ctx,
            referral,
            "A review can be recorded once a plan is agreed, until the referral closes.",
        )
    form = ReviewForm(posted(request))

    def save(data):
        return services.referral_review(
            actor=request.user,
            ctx=ctx,
            referral=referral,
            notes=data["notes"],
            next_review_on=data["next_review_on"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success="The review has been recorded.",
        next_url=_url(ctx, "referral", referral_id=referral.pk),
        template="inclusion/referrals/review.html",
        context={"referral": referral},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_close(request: HttpRequest, ctx: PartnershipContext, referral_id: int) -> HttpResponse:
    referral = _case_to_change(request, ctx, referral_id)
    if referral.status == ReferralStatus.CLOSED:
        return _not_now(request, ctx, referral, "This referral is already closed.")
    form = CloseReferralForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: services.referral_close(
            actor=request.user, ctx=ctx, referral=referral, reason=data["reason"]
        ),
        success=f"The referral of {referral.pupil.full_name} is closed.",
        next_url=_url(ctx, "referral", referral_id=referral.pk),
        template="inclusion/referrals/close.html",
        context={"referral": referral},
    )


urlpatterns = [
    path("referrals/", referral_list, name="referrals"),
    path("pupils/<int:pupil_id>/refer/", refer, name="refer"),
    path("referrals/<int:referral_id>/", referral_detail, name="referral"),
    path("referrals/<int:referral_id>/plan/", referral_plan, name="referral-plan"),
    path("referrals/<int:referral_id>/review/", referral_review, name="referral-review"),
    path("referrals/<int:referral_id>/close/", referral_close, name="referral-close"),
]
