"""Inclusion partnership pages: exclusions (decision 0020). Every pupil-level read goes through
inclusion.selectors, every write through inclusion.services.

The partnership expects a headteacher considering a permanent exclusion to consult its chair first.
The head records that consultation, then the exclusion if it goes ahead; an exclusion that rests
on no consultation (services.inclusion.consultation_before_exclusion) is flagged wherever it is
shown.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion import rules, selectors, services
from inclusion.forms.exclusions import (
    ConsultationForm,
    ConsultationResponseForm,
    ExclusionFilterForm,
    ExclusionForm,
    ExclusionReviewForm,
)
from inclusion.models import CONSULTATION_COUNTS_FOR_WEEKS
from partnership.access import NotAllowed, PartnershipContext, partnership_view
from partnership.services import ServiceError
from partnership.views.form_pages import form_page, posted

CONSULTATIONS = "consultations"


def _url(ctx: PartnershipContext, name: str, **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


def _after_saving(ctx: PartnershipContext, exclusion) -> str:
    """The exclusion's page, unless the pupil has just been placed at another school that the person
    does not see: then the list, since the exclusion's page would now be a 404 for them."""
    if rules.may_see_pupils_of(ctx, exclusion.pupil.home_school):
        return _url(ctx, "exclusion", exclusion_id=exclusion.pk)
    return _url(ctx, "exclusions")


def _placed_message(exclusion, first: str) -> str:
    if exclusion.placed_at_id is None:
        return first
    return (
        f"{first} {exclusion.pupil.full_name} is now on roll at {exclusion.placed_at.name}, "
        "so their records are now held by that school."
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_GET
def exclusion_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    rules.require_sight_of_pupils(ctx)
    showing = CONSULTATIONS if request.GET.get("show") == CONSULTATIONS else "exclusions"
    form = ExclusionFilterForm(
        request.GET or None,
        schools=selectors.inclusion_member_schools(ctx),
        areas=selectors.referral_area_choices(ctx),
        consultations=showing == CONSULTATIONS,
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.ExclusionFilters(
        flagged_only=bool(data.get("flagged")),
        waiting_only=bool(data.get("waiting")),
        governors_review=data.get("governors_review") or "",
        school_id=data["school"].pk if data.get("school") else None,
        academic_year=data.get("year"),
        area=data.get("area"),
    )
    if showing == CONSULTATIONS:
        page = selectors.consultations_page(request, ctx, filters, request.GET.get("page"))
    else:
        page = selectors.exclusions_page(request, ctx, filters, request.GET.get("page"))
    return render(
        request,
        "inclusion/exclusions/list.html",
        {
            "form": form,
            "page": page,
            "showing": showing,
            "filtered": filters != selectors.ExclusionFilters(),
            "consultation_weeks": CONSULTATION_COUNTS_FOR_WEEKS,
        },
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    rules.require_head_of(ctx, pupil.home_school_id)
    form = ConsultationForm(posted(request))

    def save(data):
        return services.consultation_record(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            consulted_on=data["consulted_on"],
            reason_considered=data["reason_considered"],
            alternatives_considered=data["alternatives_considered"],
            chair_advice=data["chair_advice"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success="The consultation with the chair is recorded.",
        next_url=lambda consultation: _url(ctx, "consultation", consult_id=consultation.pk),
        template="inclusion/exclusions/consultation_new.html",
        context={
            "pupil": pupil,
            "inclusion_partnership": selectors.inclusion_partnership_of_school(ctx, pupil.home_school),
        },
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_GET
def consultation_detail(request: HttpRequest, ctx: PartnershipContext, consult_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(request, ctx, consult_id)
    return render(
        request,
        "inclusion/exclusions/consultation_detail.html",
        {
            "consultation": consultation,
            "may_record_exclusion": rules.is_head_of(ctx, consultation.pupil.home_school_id),
            "may_respond": not consultation.response and rules.may_respond_to_consultation(ctx, consultation),
            "someone_else_confirms": rules.consultation_needs_someone_else(consultation),
        },
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_http_methods(["GET", "POST"])
def consultation_respond(request: HttpRequest, ctx: PartnershipContext, consult_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(request, ctx, consult_id)
    rules.require_consultation_responder(ctx, consultation)
    if consultation.response:
        # Answered already (an old tab, or someone else first): the record says by whom and when.
        return redirect(_url(ctx, "consultation", consult_id=consultation.pk))
    form = ConsultationResponseForm(posted(request))

    def save(data):
        return services.consultation_respond(
            actor=request.user,
            ctx=ctx,
            consultation=consultation,
            response=data["response"],
            advice=data["advice"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda answered: f"You have {answered.get_response_display().lower()} the record.",
        next_url=_url(ctx, "consultation", consult_id=consultation.pk),
        template="inclusion/exclusions/consultation_respond.html",
        context={"consultation": consultation},
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_http_methods(["GET", "POST"])
def exclusion_new(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    rules.require_head_of(ctx, pupil.home_school_id)
    inclusion_partnership = selectors.inclusion_partnership_of_school(ctx, pupil.home_school)
    form = ExclusionForm(
        posted(request), schools=selectors.placement_schools(inclusion_partnership, pupil.home_school)
    )

    def save(data):
        return services.exclusion_record(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            excluded_on=data["excluded_on"],
            governors_review=data["governors_review"],
            placed_at=data.get("placed_at"),
            reason=data["reason"],
        )

    # The warning before saving follows the rule the service applies when saving: the consultation
    # an exclusion dated today would rest on (read through consultation_for, which logs it).
    counting = services.consultation_before_exclusion(pupil, pupil.home_school, timezone.localdate())
    return form_page(
        request,
        form,
        save=save,
        success=lambda exclusion: _placed_message(exclusion, "The exclusion is recorded."),
        next_url=lambda exclusion: _after_saving(ctx, exclusion),
        template="inclusion/exclusions/exclusion_new.html",
        context={
            "pupil": pupil,
            "inclusion_partnership": inclusion_partnership,
            "consultation": selectors.consultation_for(request, ctx, counting.pk) if counting else None,
            "consultation_weeks": CONSULTATION_COUNTS_FOR_WEEKS,
        },
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_GET
def exclusion_detail(request: HttpRequest, ctx: PartnershipContext, exclusion_id: int) -> HttpResponse:
    exclusion = selectors.exclusion_for(request, ctx, exclusion_id)
    return render(
        request,
        "inclusion/exclusions/exclusion_detail.html",
        {
            "exclusion": exclusion,
            # The excluding school's head, while the pupil is on its roll, and LA inclusion officers:
            # see services.inclusion.exclusion_follow_up_allowed for why.
            "may_follow_up": rules.exclusion_follow_up_allowed(ctx, exclusion),
            "consultation_weeks": CONSULTATION_COUNTS_FOR_WEEKS,
        },
    )


@partnership_view(roles=rules.AREA_ROLES)
@require_http_methods(["GET", "POST"])
def exclusion_review(request: HttpRequest, ctx: PartnershipContext, exclusion_id: int) -> HttpResponse:
    exclusion = selectors.exclusion_for(request, ctx, exclusion_id)
    if not rules.exclusion_follow_up_allowed(ctx, exclusion):
        raise NotAllowed("only the excluding school's headteacher or an LA inclusion officer")
    schools = None
    if exclusion.placed_at_id is None:
        schools = selectors.placement_schools(
            selectors.inclusion_partnership_of_school(ctx, exclusion.school), exclusion.school
        )
    form = ExclusionReviewForm(
        posted(request), initial={"governors_review": exclusion.governors_review}, schools=schools
    )

    def save(data):
        try:
            return services.exclusion_update(
                actor=request.user,
                ctx=ctx,
                exclusion=exclusion,
                governors_review=data["governors_review"],
                placed_at=data.get("placed_at"),
                placed_on=data.get("placed_on"),
                reason=data["reason"],
            )
        except ServiceError as error:
            # The roll's own check speaks of its start date: here that is the date placed on roll.
            if error.field == "starts_on":
                error.field = "placed_on"
            raise

    return form_page(
        request,
        form,
        save=save,
        success=lambda saved: _placed_message(saved, "The exclusion is updated."),
        next_url=lambda saved: _after_saving(ctx, saved),
        template="inclusion/exclusions/exclusion_review.html",
        context={"exclusion": exclusion},
    )


urlpatterns = [
    path("exclusions/", exclusion_list, name="exclusions"),
    path("pupils/<int:pupil_id>/consultations/new/", consultation_new, name="consultation-new"),
    path("consultations/<int:consult_id>/", consultation_detail, name="consultation"),
    path("consultations/<int:consult_id>/respond/", consultation_respond, name="consultation-respond"),
    path("pupils/<int:pupil_id>/exclusions/new/", exclusion_new, name="exclusion-new"),
    path("exclusions/<int:exclusion_id>/", exclusion_detail, name="exclusion"),
    path("exclusions/<int:exclusion_id>/review/", exclusion_review, name="exclusion-review"),
]
