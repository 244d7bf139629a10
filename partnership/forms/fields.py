"""Fields every app's forms share: dates people type, and the reason for a change."""

from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HELP = "For example, 01/09/2025"


class SensibleDateField(forms.DateField):
    """A date within sensible years: a typing slip like 2205 is caught beside the field, not in a
    500 later (a far-off year overflows date arithmetic)."""

    def __init__(self, *args, earliest: int = 1990, latest: int = 2100, out_of_range: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest, self.latest, self.out_of_range = earliest, latest, out_of_range

    def validate(self, value):
        super().validate(value)
        if value and not self.earliest <= value.year <= self.latest:
            raise forms.ValidationError(
                self.out_of_range or f"{self.label} must be between {self.earliest} and {self.latest}"
            )


def date_field(label: str, *, required: bool = True, called: str = "") -> forms.DateField:
    """A date in the GOV.UK way. The messages call it "the <label>" unless `called` says what to call
    it where the label does not read as a noun ("On roll from")."""
    invalid = f"{called[0].upper()}{called[1:]}" if called else label
    called = called or f"the {label.lower()}"
    return SensibleDateField(
        label=label,
        required=required,
        out_of_range=f"{invalid} must be between 1990 and 2100",
        help_text=DATE_HELP,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter {called}",
            "invalid": f"{invalid} must be a real date, like 01/09/2025",
        },
    )


REASON_FIELD_KWARGS = {
    "label": "Reason",
    "help_text": "This is kept in the record's history.",
    "max_length": 300,
    "widget": forms.Textarea(attrs={"rows": 3}),
}


class ReasonForm(GovukForm):
    reason = forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": "Enter a reason"})
