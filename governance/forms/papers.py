"""A paper for an agenda item, and publishing the pack."""

from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm


class PaperForm(GovukForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the paper's title"}
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV; up to 20 MB",
        error_messages={"required": "Choose a file"},
    )


class PublishForm(GovukForm):
    late_reason = forms.CharField(
        label="If the pack is late: why", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
