"""Uploading register, inspection and performance files, and following their import."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.views.form_pages import posted
from schools import rules, selectors, services
from schools.forms import ImportForm

REJECTED_PAGE_SIZE = 100


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = ImportForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        run = services.import_run_start(
            actor=request.user,
            ctx=ctx,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            academic_year=form.cleaned_data.get("academic_year"),
        )
        return redirect("schools:import", partnership_slug=ctx.partnership.slug, run_id=run.pk)
    page = Paginator(selectors.import_runs(ctx), 20).get_page(request.GET.get("page"))
    return render(request, "schools/import_list.html", {"form": form, "page": page})


@partnership_view(roles=rules.LA_ROLES)
@require_GET
def import_detail(request: HttpRequest, ctx: PartnershipContext, run_id: int) -> HttpResponse:
    run = selectors.import_run_for(ctx, run_id)
    rejected = Paginator(run.rejected, REJECTED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "schools/import_detail.html", {"run": run, "rejected": rejected})
