"""Consent to the data-sharing agreement: the LA's view of every school, and each school's own page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.forms import ReasonForm
from partnership.services import ServiceError, chair_of_governors_set
from partnership.views.form_pages import posted
from schools import rules
from schools.forms import ChairOfGovernorsForm, ConsentFilterForm, ConsentSignForm
from schools.selectors.consent import STATUSES, consent_dashboard, school_consent_page, school_governors
from schools.services.consent import (
    ConsentChanged,
    consent_reminders_send,
    consent_sign,
    consent_withdraw,
)

PAGE_SIZE = 50


def _filtered(request: HttpRequest, states):
    form = ConsentFilterForm(request.GET or None, statuses=[(k, v[0]) for k, v in STATUSES.items()])
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip().lower()
        status = form.cleaned_data["status"]
        if q:
            states = [s for s in states if q in s.school.name.lower() or q == str(s.school.urn)]
        if status == "missing":
            states = [s for s in states if not s.in_force]
        elif status:
            states = [s for s in states if s.status == status]
    return form, states


@partnership_view(roles=rules.LA_ROLES)
@require_GET
def consents(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    agreement, states = consent_dashboard(ctx)
    counts = {key: 0 for key in STATUSES}
    for state in states:
        counts[state.status] += 1
    form, shown = _filtered(request, states)
    if request.GET.get("sort") == "status":
        order = list(STATUSES)
        shown = sorted(shown, key=lambda s: (order.index(s.status), s.school.name))
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/consents.html",
        {
            "agreement": agreement,
            "form": form,
            "page": page,
            "total": len(states),
            "summary": [(STATUSES[key][0], counts[key]) for key in STATUSES],
            "in_force": counts["in_force"],
            "missing": len(states) - counts["in_force"],
            "sort": request.GET.get("sort", "name"),
        },
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def consents_remind(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    agreement, states = consent_dashboard(ctx)
    missing = [s.school for s in states if not s.in_force]
    if request.method == "POST":
        try:
            told = consent_reminders_send(actor=request.user, ctx=ctx, schools=missing)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Reminders sent to {told} {'person' if told == 1 else 'people'} at {len(missing)} "
                f"{'school' if len(missing) == 1 else 'schools'}.",
            )
        return redirect("schools:consents", partnership_slug=ctx.partnership.slug)
    return render(request, "schools/consents_remind.html", {"agreement": agreement, "missing": missing})


@partnership_view(roles=rules.CONSENT_PAGE_ROLES)
@require_GET
def school_consent(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school, state = school_consent_page(ctx, urn)
    return render(
        request,
        "schools/consent.html",
        {
            "school": school,
            "state": state,
            "can_sign": rules.may_sign_consent(ctx, school, state.agreement, state.consent),
            "can_withdraw": rules.may_withdraw_consent(ctx, school, state.consent),
            "can_set_chair": rules.may_set_chair(ctx, school),
        },
    )


@partnership_view(roles=rules.SCHOOL_ROLES)
@require_http_methods(["GET", "POST"])
def consent_sign_page(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school, state = school_consent_page(ctx, urn)
    capacity = rules.require_sight_of_signing(ctx, school, state.agreement)
    agreement = state.agreement
    choose = state.consent is None and agreement.partial_consent_allowed
    form = ConsentSignForm(
        posted(request),
        agreement=agreement,
        capacity=capacity,
        choose_categories=choose,
        initial={"consent_seen": state.consent.pk if state.consent else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = consent_sign(
                actor=request.user,
                ctx=ctx,
                school=school,
                agreement=agreement,
                categories=data.get("categories") or list(agreement.categories),
                signed_name=data["signed_name"],
                consent_seen=int(data["consent_seen"]) if data.get("consent_seen", "").isdigit() else None,
            )
        except ConsentChanged as error:
            # Show the page afresh, with what is being consented to now.
            messages.error(request, error.message)
            return redirect("schools:consent-sign", partnership_slug=ctx.partnership.slug, urn=urn)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                "Your school's consent is now in force."
                if consent.is_signed
                else "You have signed. The consent comes into force when the "
                + ("chair of governors or the trust's delegate" if capacity == "head" else "headteacher")
                + " signs too.",
            )
            return redirect("schools:consent", partnership_slug=ctx.partnership.slug, urn=urn)
    return render(
        request,
        "schools/consent_sign.html",
        {"school": school, "state": state, "agreement": agreement, "form": form, "capacity": capacity},
    )


@partnership_view(roles=rules.SCHOOL_ROLES)
@require_http_methods(["GET", "POST"])
def consent_withdraw_page(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school, state = school_consent_page(ctx, urn)
    rules.require_sight_of_withdrawal(ctx, school, state.consent)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(
                actor=request.user, ctx=ctx, consent=state.consent, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, "Your school's consent is withdrawn. Partners can no longer see its shared data."
            )
            return redirect("schools:consent", partnership_slug=ctx.partnership.slug, urn=urn)
    return render(request, "schools/consent_withdraw.html", {"school": school, "state": state, "form": form})


@partnership_view(roles=rules.CONSENT_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def chair_of_governors_page(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    """Record who chairs the school's governors: the school's headteacher or an LA administrator."""
    school, state = school_consent_page(ctx, urn)
    governors = list(school_governors(ctx, school))
    form = ChairOfGovernorsForm(posted(request), governors=governors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(row.user for row in governors if str(row.user_id) == data["person"])
        try:
            chair_of_governors_set(
                actor=request.user,
                ctx=ctx,
                school=school,
                person=person,
                starts_on=data["starts_on"],
                reason=data["reason"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{person.full_name} is recorded as chair of governors.")
            return redirect("schools:consent", partnership_slug=ctx.partnership.slug, urn=urn)
    return render(
        request,
        "schools/chair_of_governors.html",
        {"school": school, "state": state, "form": form, "governors": governors},
    )
