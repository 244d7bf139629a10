"""Forms for the access log: searching it, and saying why a sensitive export is needed."""

from __future__ import annotations

from django import forms

from partnership.access_log import RecordType
from partnership.forms.fields import DATE_INPUT_FORMATS, SensibleDateField
from partnership.forms.govuk import GovukForm
from partnership.models import AccessLogEntry

# Enough to say what the export is for ("termly report to the board"), not a single word.
MIN_REASON_WORDS = 3


def _date_field(label: str, which: str) -> forms.DateField:
    return SensibleDateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 22/11/2026",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"invalid": f"The {which} date must be a real date, like 22/11/2026"},
        earliest=2000,
        out_of_range=f"The {which} date must be between 2000 and 2100",
    )


class AccessLogFilterForm(GovukForm):
    person = forms.CharField(label="Person (name or email address)", required=False, max_length=100)
    school = forms.CharField(label="School (name or URN)", required=False, max_length=100)
    action = forms.ChoiceField(
        label="What they did", required=False, choices=[("", "Anything"), *AccessLogEntry.Action.choices]
    )
    record_type = forms.ChoiceField(
        label="Record", required=False, choices=[("", "Any record"), *RecordType.choices()]
    )
    date_from = _date_field("From", "from")
    date_to = _date_field("To", "to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

    def filters(self) -> dict:
        """What was entered correctly; a field with an error is left out of the search."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class ExportReasonForm(GovukForm):
    reason = forms.CharField(
        label="Why do you need this export?",
        help_text=(
            "For example, \u201ctermly report to the strategic board\u201d. "
            "Your answer is kept in the access log with your name."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you need this export",
            "max_length": "Why you need this export must be 500 characters or fewer",
        },
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason.split()) < MIN_REASON_WORDS:
            raise forms.ValidationError(
                "Say in a few words why you need this export, like \u201ctermly report to the board\u201d"
            )
        return reason
