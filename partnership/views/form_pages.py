"""The shape every form page shares: validate, call one service, report its refusal beside the field."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render

from partnership.services.errors import ServiceError


def form_page(
    request,
    form,
    *,
    save: Callable[[dict], object],
    success: str | Callable[[object], str],
    next_url: str | Callable[[object], str],
    template: str,
    context: dict | None = None,
):
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {"form": form, **(context or {})})


def posted(request):
    """The submitted data on a POST, and None otherwise, so a form is bound exactly when it was sent
    (an empty POST is still a submission, and must show its errors)."""
    return request.POST if request.method == "POST" else None
