"""Setting up a board, its terms of reference and its seats."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator

from governance.models import Board, Seat
from governance.models.boards import Constituency
from partnership.forms.govuk import GovukForm, GovukFormMixin
from schools.forms import date_field, reason_field


class BoardForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Board
        fields = [
            "name",
            "kind",
            "purpose",
            "clerk",
            "quorum",
            "notice_days",
            "reports_to_scrutiny",
            "annual_report_note",
        ]
        widgets = {"kind": forms.RadioSelect, "purpose": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the board's name"},
            "clerk": {"required": "Choose the clerk"},
        }

    def __init__(self, *args, clerks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clerk"].queryset = clerks
        self.fields["clerk"].empty_label = "Select the clerk"
        self.fields["notice_days"].validators.append(MaxValueValidator(60))
        self.fields["quorum"].validators.append(MaxValueValidator(100))
        self.fields["reason"] = reason_field()


class TermsForm(GovukForm):
    text = forms.CharField(
        label="Terms of reference",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Paste the terms of reference"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"] = date_field("Date adopted")
        self.fields["reason"] = reason_field()
        self.order_fields(["adopted_on", "text", "reason"])


class SeatForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["title", "constituency", "is_core"]
        widgets = {"constituency": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter the seat's title"},
            "constituency": {"required": "Select the constituency"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].choices = Constituency.choices
        self.fields["reason"] = reason_field()
