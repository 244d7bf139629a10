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
