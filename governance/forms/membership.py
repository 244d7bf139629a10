"""Who holds a seat, leaving it, the balance rules and the register of interests."""

from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm
from schools.forms import date_field, reason_field


class MembershipForm(GovukForm):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            queryset=people,
            label="Person",
            empty_label="Select a person",
            error_messages={"required": "Select the person"},
        )
        self.fields["starts_on"] = date_field("Date they take the seat")
        self.fields["reason"] = reason_field()


class MembershipEndForm(GovukForm):
    ends_on = date_field("Date they leave")
    reason = reason_field()


class BalanceForm(GovukForm):
    la_share = forms.BooleanField(label="Limit the LA's share of the core seats", required=False)
    max_percent = forms.IntegerField(
        label="The LA's largest share (%)",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    chair_school_leader = forms.BooleanField(label="The chair must be a school leader", required=False)


class InterestForm(GovukForm):
    description = forms.CharField(
        label="The interest",
        max_length=300,
        help_text="For example, Governor of Hinckley Parks Primary School",
        error_messages={"required": "Describe the interest"},
    )
