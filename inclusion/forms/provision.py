"""Forms for the alternative provision pages: the provider directory, QA visits and placements.

The forms check only that each answer is the right kind of thing (a date, a number, a choice from
the list). The rules (days per week in halves, no overlapping placements, no placement with a
provider found not suitable) are the services', which report them beside the field.
"""

from __future__ import annotations

from django import forms

from inclusion.models import FundingSource, PlacementOutcome, QAOutcome
from inclusion.selectors import ALL_PLACEMENTS, CURRENT, ENDED, OVERDUE
from partnership.forms import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm


def reason_field() -> forms.CharField:
    return forms.CharField(
        **REASON_FIELD_KWARGS, error_messages={"required": "Enter why you are making this change"}
    )


def _decimal_input(width: int) -> forms.TextInput:
    # A text input, as GOV.UK advises for numbers: browsers' number inputs round and scroll.
    return forms.TextInput(attrs={"inputmode": "decimal", "class": f"govuk-input--width-{width}"})


def _optional_date(label: str, hint: str) -> forms.DateField:
    """A date that may be left blank: "(optional)" in the label, but not in the error messages."""
    field = date_field(label, required=False)
    field.label, field.help_text = f"{label} (optional)", hint
    field.out_of_range = f"{label} must be between {field.earliest} and {field.latest}"
    return field


class ProviderSearchForm(GovukForm):
    q = forms.CharField(label="Search by name, registration or URN", required=False, max_length=200)


class ProviderForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the provider's name"}
    )
    registration = forms.CharField(
        label="Registration (optional)",
        help_text="Its Ofsted or DfE registration, if it has one.",
        max_length=100,
        required=False,
    )
    urn = forms.IntegerField(
        label="URN (optional)",
        help_text="If the provider is a registered school, its 6-digit unique reference number.",
        required=False,
        min_value=100000,
        max_value=999999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "A URN is 6 digits, like 123456",
            "min_value": "A URN is 6 digits, like 123456",
            "max_value": "A URN is 6 digits, like 123456",
        },
    )
    contact_name = forms.CharField(label="Contact name (optional)", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Contact email address (optional)",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    contact_phone = forms.CharField(
        label="Contact phone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )
    reason = reason_field()


class QAVisitForm(GovukForm):
    visited_on = date_field("Date of the visit")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=QAOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the visit"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="What the visit found. Do not name pupils.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reason = reason_field()


STATUS_CHOICES = [
    (CURRENT, "Not yet ended"),
    (OVERDUE, "Review overdue"),
    (ENDED, "Ended"),
    (ALL_PLACEMENTS, "All placements"),
]


class PlacementFilterForm(GovukForm):
    q = forms.CharField(label="Pupil's name or UPN", required=False, max_length=200)
    status = forms.ChoiceField(label="Show", choices=STATUS_CHOICES, required=False)
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Any outcome"), *PlacementOutcome.choices], required=False
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = forms.TypedChoiceField(
            label="Provider",
            choices=[("", "Any provider"), *((p.pk, p.name) for p in providers)],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.order_fields(["q", "status", "provider", "outcome"])


class ProviderChoiceField(forms.ModelChoiceField):
    """Providers with their latest QA outcome in the label, so an unsuitable one stands out."""

    def label_from_instance(self, provider) -> str:
        outcome = getattr(provider, "last_outcome", None)
        if outcome == QAOutcome.UNSUITABLE:
            return f"{provider.name} (not suitable: do not place)"
        if outcome is None:
            return f"{provider.name} (no quality assurance visit yet)"
        return provider.name


class ReferralChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, referral) -> str:
        plan = f": {referral.get_plan_type_display().lower()}" if referral.plan_type else ""
        return f"Referral of {referral.referred_on.day} {referral.referred_on:%B %Y}{plan}"


class PlacementForm(GovukForm):
    def __init__(self, *args, providers, referrals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = ProviderChoiceField(
            queryset=providers,
            label="Provider",
            help_text="Providers from the directory. Do not place a pupil with a provider found not suitable.",
            empty_label="Select a provider",
            error_messages={
                "required": "Select the provider",
                "invalid_choice": "Select a provider from the list",
            },
        )
        self.fields["starts_on"] = date_field("Start date")
        self.fields["ends_on"] = _optional_date(
            "End date", "The last day of the placement, if it is known. For example, 31/03/2027"
        )
        self.fields["days_per_week"] = forms.DecimalField(
            label="Days a week",
            help_text="From 0.5 to 5, in half days, like 2 or 2.5.",
            widget=_decimal_input(3),
            error_messages={
                "required": "Enter the days a week",
                **dict.fromkeys(
                    ("invalid", "max_digits", "max_decimal_places", "max_whole_digits"),
                    "Enter days a week as a number from 0.5 to 5, like 2 or 2.5",
                ),
            },
        )
        self.fields["cost"] = forms.DecimalField(
            label="Cost (£)",
            help_text="The whole cost of the placement, in pounds.",
            max_digits=10,
            decimal_places=2,
            widget=_decimal_input(10),
            error_messages={
                "required": "Enter the cost, or 0",
                **dict.fromkeys(
                    ("invalid", "max_digits", "max_decimal_places", "max_whole_digits"),
                    "Enter the cost in pounds, like 3200 or 3200.50",
                ),
            },
        )
        self.fields["funding_source"] = forms.ChoiceField(
            label="Who pays for it?",
            choices=FundingSource.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select how the placement is funded"},
        )
        self.fields["review_weeks"] = forms.IntegerField(
            label="Review every (weeks)",
            help_text="How often the partnership reviews the placement. The first review is this many weeks after the start.",
            initial=6,
            min_value=1,
            max_value=52,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
            error_messages={
                "required": "Enter how often the placement is reviewed, in weeks",
                "invalid": "Enter a whole number of weeks, like 6",
                "min_value": "Enter a review cycle of at least 1 week",
                "max_value": "Enter a review cycle of 52 weeks or fewer",
            },
        )
        self.fields["referral"] = ReferralChoiceField(
            queryset=referrals,
            label="Open referral (optional)",
            help_text="The at-risk referral this placement is part of, if there is one.",
            required=False,
            empty_label="Not part of a referral",
            error_messages={"invalid_choice": "Select one of the pupil's open referrals"},
        )
        self.fields["reason"] = reason_field()


class PlacementReviewForm(GovukForm):
    progress_notes = forms.CharField(
        label="How is the pupil getting on?",
        help_text="Progress, behaviour and what the provider and the school say.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter how the pupil is getting on"},
    )
    attendance_notes = forms.CharField(
        label="Attendance (optional)",
        help_text="How well the pupil is attending the placement.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, review_weeks: int, **kwargs):
        super().__init__(*args, **kwargs)
        weeks = f"{review_weeks} week{'s' if review_weeks != 1 else ''}"
        self.fields["next_review_on"] = _optional_date(
            "Date of the next review",
            f"Leave it blank to review again in {weeks}, as the placement's review cycle says. "
            "For example, 01/09/2027",
        )
        self.fields["reason"] = reason_field()


class PlacementEndForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Where did the pupil go next?",
        choices=PlacementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the placement"},
    )
    outcome_detail = forms.CharField(
        label="Details of the outcome",
        help_text="Needed if you choose Other. For example, the school or specialist place.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"] = date_field("Last day of the placement")
        self.fields["reason"] = reason_field()
        self.order_fields(["ends_on", "outcome", "outcome_detail", "reason"])
