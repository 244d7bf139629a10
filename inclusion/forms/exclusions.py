"""Forms for consultation before permanent exclusion, and the exclusion itself (decision 0020)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from inclusion.models import GovernorsReview
from partnership.forms import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm

# Free text about a child is kept to what the partnership must record (decision 0020).
TEXT_LIMIT = 5000


def _reason_field(message: str = "Enter why you are making this change") -> forms.CharField:
    return forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": message})


def _text(label: str, required_message: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


def _not_in_future(form: forms.Form, field: str, message: str) -> None:
    day = form.cleaned_data.get(field)
    if day and day > timezone.localdate():
        form.add_error(field, message)


def academic_year_choices(today=None) -> list[tuple[str, str]]:
    """This academic year and the seven before it, newest first: "2025 to 2026" is 2025."""
    today = today or timezone.localdate()
    this_year = today.year if today.month >= 9 else today.year - 1
    return [(str(year), f"{year} to {year + 1}") for year in range(this_year, this_year - 8, -1)]


class ConsultationForm(GovukForm):
    consulted_on = date_field("Date of the consultation")
    reason_considered = _text(
        "Why is a permanent exclusion being considered?",
        "Enter why a permanent exclusion is being considered",
        "What happened, and the pupil's behaviour over time.",
    )
    alternatives_considered = _text(
        "Alternatives considered",
        "Enter the alternatives considered",
        "For example, a managed move, home base provision or an alternative provision placement.",
    )
    chair_advice = _text("The chair's advice", "Enter the chair's advice")
    reason = _reason_field()

    def clean(self):
        data = super().clean()
        _not_in_future(self, "consulted_on", "The date of the consultation must be today or in the past")
        return data


class ConsultationResponseForm(GovukForm):
    response = forms.ChoiceField(
        label="Is the head's record of the consultation right?",
        choices=[
            ("confirmed", "Yes, it is a fair record of what we discussed and the advice given"),
            ("disputed", "No, it is not right: my account of the advice is below"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the record is right"},
    )
    advice = _text(
        "The advice given, in your words",
        "Enter the advice given, in your words",
        "This is kept beside the head's record, and both are shown to the school and the LA.",
    )


class ExclusionForm(GovukForm):
    excluded_on = date_field("Date of the exclusion")
    governors_review = forms.ChoiceField(
        label="Outcome of the governors' review",
        choices=GovernorsReview.choices,
        initial=GovernorsReview.PENDING,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the governors' review"},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placed_at"] = forms.ModelChoiceField(
            queryset=schools,
            required=False,
            label="Placed on roll at (optional)",
            help_text="Another school in the partnership. Leave this until the pupil has a place.",
            empty_label="Not placed yet",
            error_messages={"invalid_choice": "Choose one of the partnership's other schools"},
        )
        self.fields["reason"] = _reason_field()

    def clean(self):
        data = super().clean()
        _not_in_future(self, "excluded_on", "The date of the exclusion must be today or in the past")
        return data


class ExclusionReviewForm(GovukForm):
    """The governors' review, and the placement on roll while the pupil has none."""

    governors_review = forms.ChoiceField(
        label="Outcome of the governors' review",
        choices=GovernorsReview.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the governors' review"},
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["placed_at"] = forms.ModelChoiceField(
                queryset=schools,
                required=False,
                label="Placed on roll at (optional)",
                help_text="Another school in the partnership.",
                empty_label="Not placed yet",
                error_messages={"invalid_choice": "Choose one of the partnership's other schools"},
            )
            self.fields["placed_on"] = date_field("Date placed on roll", required=False)
            self.fields[
                "placed_on"
            ].help_text = "Leave this empty if the pupil was placed from the date of the exclusion. For example, 01/09/2025"
        self.fields["reason"] = _reason_field()

    def clean(self):
        data = super().clean()
        if data.get("placed_on") and not data.get("placed_at") and "placed_at" not in self.errors:
            self.add_error(
                "placed_at", "Choose the school the pupil is placed on roll at, or leave the date empty"
            )
        _not_in_future(self, "placed_on", "The date placed on roll must be today or in the past")
        return data


class ExclusionFilterForm(GovukForm):
    """The list's filters. The consultations list has its own first filter (not yet confirmed), then
    the school and the year."""

    def __init__(
        self, *args, schools, areas: list[tuple[int, str]] = (), consultations: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not consultations:
            self.fields["flagged"] = forms.BooleanField(
                label="Only exclusions without a consultation first", required=False
            )
            self.fields["governors_review"] = forms.ChoiceField(
                label="Governors' review",
                choices=[("", "Any outcome"), *GovernorsReview.choices],
                required=False,
            )
        else:
            self.fields["waiting"] = forms.BooleanField(
                label="Only consultations the chair has not yet confirmed", required=False
            )
        if len(areas) > 1:
            self.fields["area"] = forms.TypedChoiceField(
                label="Inclusion partnership",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "Any area"), *areas],
            )
        self.fields["school"] = forms.ModelChoiceField(
            queryset=schools, required=False, label="School", empty_label="Any school"
        )
        self.fields["year"] = forms.TypedChoiceField(
            label="Academic year",
            choices=[("", "Any year"), *academic_year_choices()],
            coerce=int,
            empty_value=None,
            required=False,
        )
