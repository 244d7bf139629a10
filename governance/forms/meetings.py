"""Scheduling a meeting, its attendance and its actions."""

from __future__ import annotations

from django import forms

from governance.models import Meeting
from governance.models.meetings import AttendanceStatus, MeetingKind
from partnership.forms.govuk import GovukForm, GovukFormMixin
from schools.forms import date_field, reason_field


class MeetingForm(GovukFormMixin, forms.ModelForm):
    date = forms.DateField(
        label="Date",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 14/01/2027",
        error_messages={"required": "Enter the date", "invalid": "Enter a real date, like 14/01/2027"},
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )
    time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M"],
        help_text="For example, 16:00",
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 16:00"},
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "place"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeetingKind.choices
        self.fields["online_link"] = forms.URLField(
            label="Online meeting link (optional)",
            required=False,
            assume_scheme="https",
            max_length=500,
            error_messages={"invalid": "Enter a web address, like https://meet.example.org/strategic-group"},
        )
        self.fields["reason"] = reason_field()
        self.order_fields(["kind", "date", "time", "place", "online_link", "reason"])

    def save(self, commit=True):
        meeting = super().save(commit=False)
        meeting.online_link = self.cleaned_data.get("online_link", "")
        return meeting

    def clean_date(self):
        value = self.cleaned_data["date"]
        if not 1990 <= value.year <= 2100:
            raise forms.ValidationError("Date must be between 1990 and 2100")
        return value


class AttendanceForm(GovukForm):
    def __init__(self, *args, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = []
        for record in attendance:
            self.fields[f"user_{record.user_id}"] = forms.ChoiceField(
                label=str(record.user),
                choices=AttendanceStatus.choices,
                initial=record.status,
                widget=forms.RadioSelect,
            )
            self.people.append(record.user_id)

    def statuses(self) -> dict[int, str]:
        return {pk: self.cleaned_data[f"user_{pk}"] for pk in self.people}


class ActionForm(GovukForm):
    description = forms.CharField(
        label="Action", max_length=300, error_messages={"required": "Enter the action"}
    )
    owner = forms.CharField(label="Owner", max_length=200, error_messages={"required": "Enter who owns it"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"] = date_field("Due date")
