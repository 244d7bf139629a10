from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator

from partnership.forms_govuk import GovukForm, GovukFormMixin
from schools.forms import date_field, reason_field

from .models import AgendaItem, Board, Meeting, Seat
from .models.boards import Constituency
from .models.meetings import AttendanceStatus, DecisionRule, MeetingKind, Purpose, VoteChoice


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


class PaperForm(GovukForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the paper's title"}
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV; up to 20 MB",
        error_messages={"required": "Choose a file"},
    )


class PublishForm(GovukForm):
    late_reason = forms.CharField(
        label="If the pack is late: why", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


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


class DecisionForm(GovukForm):
    def __init__(self, *args, item, voters, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = item.rule
        if item.rule == DecisionRule.CONSENSUS:
            self.fields["agreed"] = forms.ChoiceField(
                label="Did the group agree?",
                choices=[("yes", "Agreed"), ("no", "Not agreed")],
                widget=forms.RadioSelect,
                error_messages={"required": "Say whether the group agreed"},
            )
        elif item.rule == DecisionRule.BUDGET:
            self.fields["group_view"] = forms.CharField(
                label="The group's view", widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
            self.fields["la_decision"] = forms.CharField(
                label="The LA's decision",
                max_length=200,
                error_messages={"required": "Record the LA's decision"},
            )
        elif item.rule == DecisionRule.GRANT:
            self.voters = []
            for user in voters:
                self.fields[f"vote_{user.pk}"] = forms.ChoiceField(
                    label=str(user), choices=[("", "Did not vote"), *VoteChoice.choices], required=False
                )
                self.voters.append(user.pk)
            self.fields["chair_choice"] = forms.ChoiceField(
                label="If the vote is tied: the chair's decision",
                choices=[("", "Not needed"), ("for", "For"), ("against", "Against")],
                required=False,
            )
        elif item.rule == DecisionRule.CHAIR_ELECTION:
            self.fields["elected"] = forms.ModelChoiceField(
                queryset=members,
                label="Member elected as chair",
                empty_label="Select a member",
                error_messages={"required": "Choose the member elected as chair"},
            )
        self.fields["notes"] = forms.CharField(
            label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def votes(self) -> dict[int, str]:
        return {
            pk: self.cleaned_data[f"vote_{pk}"]
            for pk in getattr(self, "voters", [])
            if self.cleaned_data.get(f"vote_{pk}")
        }


class MinutesForm(GovukForm):
    minutes = forms.CharField(
        label="Minutes of this item", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class MinuteRequestForm(GovukForm):
    text = forms.CharField(
        label="What should be recorded",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what should be recorded"},
    )


class InterestForm(GovukForm):
    description = forms.CharField(
        label="The interest",
        max_length=300,
        help_text="For example, Governor of Hinckley Parks Primary School",
        error_messages={"required": "Describe the interest"},
    )


class ActionForm(GovukForm):
    description = forms.CharField(
        label="Action", max_length=300, error_messages={"required": "Enter the action"}
    )
    owner = forms.CharField(label="Owner", max_length=200, error_messages={"required": "Enter who owns it"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"] = date_field("Due date")
