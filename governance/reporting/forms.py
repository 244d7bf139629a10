"""Forms of the reports pages: making a report now, approving and publishing it, and subscribing."""

from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm
from schools.forms import date_field, reason_field


class GenerateForm(GovukForm):
    """Which report to make: a term's (this term so far, the one just ended, or another term of this
    or last academic year), or a year's annual report."""

    def __init__(self, *args, years: list[int], terms: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms:
            self.fields["term"] = forms.TypedChoiceField(
                label="Term",
                coerce=int,
                choices=terms,
                error_messages={"required": "Choose the term", "invalid_choice": "Choose the term"},
            )
        self.fields["academic_year"] = forms.TypedChoiceField(
            label="Academic year",
            coerce=int,
            choices=[(year, f"{year} to {year + 1}") for year in years],
            error_messages={
                "required": "Choose the academic year",
                "invalid_choice": "Choose the academic year",
            },
        )
        self.fields["reason"] = reason_field()


class ApproveForm(GovukForm):
    confirm = forms.BooleanField(
        label="I have read the draft report and it is ready to be published",
        error_messages={"required": "Confirm that you have read the draft report"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field()


class PublishForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_on"] = date_field("Publication date")
        self.fields["reason"] = reason_field()


class SubscribeForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
