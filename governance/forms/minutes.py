"""An item's minutes, and a matter a member asks to be recorded."""

from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm


class MinutesForm(GovukForm):
    minutes = forms.CharField(
        label="Minutes of this item", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class MinuteRequestForm(GovukForm):
    text = forms.CharField(
        label="What should be recorded",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what should be recorded"},
    )
