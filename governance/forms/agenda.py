"""An agenda item, and a member's declaration of interest in it."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator

from governance.models import AgendaItem
from governance.models.meetings import DecisionRule, Purpose
from partnership.forms.govuk import GovukForm, GovukFormMixin
from schools.forms import date_field, reason_field


class ItemForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "presenter", "purpose", "rule", "confidential", "embargo_until"]
        widgets = {"purpose": forms.RadioSelect, "rule": forms.RadioSelect}
        labels = {"position": "Order on the agenda", "rule": "If for decision: the rule that applies"}
        error_messages = {"title": {"required": "Enter the item's title"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = Purpose.choices
        self.fields["rule"].choices = DecisionRule.choices
        self.fields["rule"].required = False
        self.fields["position"].validators.append(MaxValueValidator(99))
        self.fields["embargo_until"] = date_field("Embargoed until (optional)", required=False)
        self.fields["reason"] = reason_field()


class DeclarationForm(GovukForm):
    nature = forms.CharField(
        label="Your interest",
        max_length=300,
        help_text="For example, I am a governor of the school discussed",
        error_messages={"required": "Describe your interest"},
    )
    prejudicial = forms.BooleanField(
        label="It is a prejudicial interest: I will take no part in the item, and will not vote or read its confidential papers",
        required=False,
    )


class DeclarationForMemberForm(GovukForm):
    """The clerk records a declaration a member made aloud at the meeting."""

    def __init__(self, *args, members, meeting_day, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_day = meeting_day
        self.fields["member"] = forms.ModelChoiceField(
            queryset=members,
            label="Member",
            empty_label="Select the member",
            error_messages={
                "required": "Select the member who declared the interest",
                "invalid_choice": "Select a member of the board from the list",
            },
        )
        self.fields["nature"] = forms.CharField(
            label="Their interest",
            max_length=300,
            help_text="As they declared it, for example: I am a governor of the school discussed",
            error_messages={"required": "Describe the member's interest"},
        )
        self.fields["prejudicial"] = forms.BooleanField(
            label="It is a prejudicial interest: they take no part in the item, and do not vote or read its confidential papers",
            required=False,
        )
        self.fields["time"] = forms.TimeField(
            label="Time they declared it",
            help_text=f"On {meeting_day:%-d %B %Y}, as a 24-hour time, for example 16:40",
            input_formats=["%H:%M", "%H.%M", "%H%M"],
            widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
            error_messages={
                "required": "Enter the time the member declared the interest",
                "invalid": "Enter the time as a 24-hour time, like 16:40",
            },
        )
