"""Sensitive exports ask why before they hand over the file, and the answer goes into the access log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnership.forms.access_log import ExportReasonForm
from partnership.views.form_pages import posted


def export_with_reason(
    request: HttpRequest,
    *,
    title: str,
    what: str,
    back_url: str,
    back_label: str,
    export: Callable[[str], HttpResponse],
) -> HttpResponse:
    """Show the GOV.UK question "Why do you need this export?"; only a POST with a good answer
    gets the file, from export(reason), which also writes the log entry."""
    form = ExportReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        return export(form.cleaned_data["reason"])
    return render(
        request,
        "partnership/access_log/export_reason.html",
        {"form": form, "title": title, "what": what, "back_url": back_url, "back_label": back_label},
    )
