"""Forms for the data-protection pages: subject access exports."""

from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm


class SubjectAccessForm(GovukForm):
    reason = forms.CharField(
        label="Why are you making this export?",
        help_text="Give the request's reference if it has one, for example “SAR 2026-14”. "
        "This is kept in the access log.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are making this export"},
    )
