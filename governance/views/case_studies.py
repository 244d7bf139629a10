"""The LA's choice of closed support cases to tell as case studies in its reports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from governance import rules
from governance.reporting import case_studies as service
from partnership.access import PartnershipContext, partnership_view
from partnership.forms import REASON_FIELD_KWARGS, ReasonForm
from partnership.forms.govuk import GovukForm
from partnership.views.form_pages import form_page, posted


class CaseStudyForm(GovukForm):
    summary = forms.CharField(
        label="The case study",
        help_text=(
            "What the support was and what changed, for governors and the public. Do not name the "
            "school, its staff or pupils unless the school has agreed."
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what the support was and what changed"},
    )
    named = forms.BooleanField(
        label="The school has agreed to be named",
        required=False,
        help_text="Even then, it is named only while its consent to share its support casework is in force.",
    )
    reason = forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": "Enter a reason"})


def _list_url(ctx: PartnershipContext) -> str:
    return reverse("governance:case-studies", kwargs={"partnership_slug": ctx.partnership.slug})


def _crumbs(ctx: PartnershipContext) -> dict:
    return {
        "crumb_url": reverse("governance:reports", kwargs={"partnership_slug": ctx.partnership.slug}),
        "crumb_label": "Reports",
        "crumb2_url": _list_url(ctx),
        "crumb2_label": "Case studies",
    }


@partnership_view(roles=rules.CLERK_ROLES)
@require_GET
def case_study_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    page = Paginator(service.closed_cases_without_a_study(ctx), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/case_studies/list.html",
        {
            "studies": list(service.case_studies(ctx)),
            "page": page,
            "crumb_url": reverse("governance:reports", kwargs={"partnership_slug": ctx.partnership.slug}),
            "crumb_label": "Reports",
        },
    )


@partnership_view(roles=rules.CLERK_ROLES)
@require_http_methods(["GET", "POST"])
def case_study_add(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = service.closed_case_for(ctx, case_id)
    form = CaseStudyForm(posted(request), initial={"summary": case.impact_statement})
    return form_page(
        request,
        form,
        save=lambda d: service.case_study_save(
            actor=request.user, ctx=ctx, case=case, summary=d["summary"], named=d["named"], reason=d["reason"]
        ),
        success="The case study will be in the next reports made.",
        next_url=_list_url(ctx),
        template="governance/case_studies/form.html",
        context={
            "case": case,
            "heading": f"Tell the support for {case.school.name} as a case study",
            **_crumbs(ctx),
        },
    )


@partnership_view(roles=rules.CLERK_ROLES)
@require_http_methods(["GET", "POST"])
def case_study_edit(request: HttpRequest, ctx: PartnershipContext, study_id: int) -> HttpResponse:
    study = service.case_study_for(ctx, study_id)
    form = CaseStudyForm(
        posted(request), initial={"summary": study.summary, "named": study.school_agreed_to_be_named}
    )
    return form_page(
        request,
        form,
        save=lambda d: service.case_study_save(
            actor=request.user,
            ctx=ctx,
            study=study,
            summary=d["summary"],
            named=d["named"],
            reason=d["reason"],
        ),
        success="The case study is saved. Reports already made keep the version they were made with.",
        next_url=_list_url(ctx),
        template="governance/case_studies/form.html",
        context={
            "case": study.case,
            "heading": f"Change the case study of {study.case.school.name}",
            **_crumbs(ctx),
        },
    )


@partnership_view(roles=rules.CLERK_ROLES)
@require_http_methods(["GET", "POST"])
def case_study_remove(request: HttpRequest, ctx: PartnershipContext, study_id: int) -> HttpResponse:
    study = service.case_study_for(ctx, study_id)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        service.case_study_remove(
            actor=request.user, ctx=ctx, study=study, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "The case study is removed. Reports already made keep it.")
        return redirect(_list_url(ctx))
    return render(
        request, "governance/case_studies/remove.html", {"study": study, "form": form, **_crumbs(ctx)}
    )
