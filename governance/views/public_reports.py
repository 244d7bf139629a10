"""The public reports page: published scrutiny reports, by partnership and year, for governors and
anyone else, without signing in. Only a report that is published and whose publication date has come
can be reached; any other id is a 404, whether or not it exists. A signed-in member of the partnership
sees its reports page as everyone does, with their navigation."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from governance.reporting import selectors, workflow
from governance.reporting.forms import SubscribeForm
from governance.selectors.meetings import public_partnership
from partnership.access import attach_member_context
from partnership.views.form_pages import posted


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/reports/public_index.html",
        {"partnerships": list(selectors.partnerships_publishing())},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def partnership_reports(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    partnership = public_partnership(partnership_slug)
    attach_member_context(request, partnership.slug)
    form = SubscribeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        workflow.subscriber_add(partnership=partnership, email=form.cleaned_data["email"])
        messages.success(
            request,
            f"Thank you. We will email {form.cleaned_data['email']} when {partnership.name} publishes a report. "
            "Each email has a link to stop them.",
        )
        return redirect("public-reports-partnership", partnership_slug=partnership.slug)
    reports = (
        selectors.public_reports(partnership)
        .defer(*selectors.HEAVY)
        .order_by("-academic_year", "-publish_on")
    )
    years = [(year, list(items)) for year, items in groupby(reports, key=lambda r: r.academic_year)]
    return render(
        request,
        "governance/reports/public_partnership.html",
        {"partnership": partnership, "years": years, "form": form},
    )


@login_not_required
@require_GET
def report(request: HttpRequest, partnership_slug: str, report_id: int) -> HttpResponse:
    found = selectors.public_report(public_partnership(partnership_slug), report_id)
    return HttpResponse(found.html)


@login_not_required
@require_GET
def report_pdf(request: HttpRequest, partnership_slug: str, report_id: int) -> HttpResponse:
    found = selectors.public_report(public_partnership(partnership_slug), report_id)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{found.partnership.slug}-report-{found.period}-v{found.version}.pdf"'
    )
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = selectors.subscriber_by_token(token)
    partnership = subscriber.partnership
    if request.method == "POST":
        workflow.subscriber_remove(subscriber=subscriber)
        messages.success(request, f"We will not email you about {partnership.name}'s reports again.")
        return redirect(reverse("public-reports-partnership", kwargs={"partnership_slug": partnership.slug}))
    return render(
        request,
        "governance/reports/unsubscribe.html",
        {"partnership": partnership, "email": subscriber.email},
    )
