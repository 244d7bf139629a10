from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from partnership.forms import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm, GovukFormMixin
from partnership.models import DataCategory
from partnership.uploads import UploadRefused, check_upload

from .models import Network, SystemLeader
from .models.imports import ImportKind
from .models.inspections import OverallGrade
from .models.leaders import Designation
from .models.needs import TRIGGER_DEFAULTS, TriggerKind
from .models.networks import NetworkType
from .selectors.listing import NOT_INSPECTED, REPORT_CARD

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def reason_field(required_message: str = "Enter a reason") -> forms.CharField:
    return forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": required_message})


class RecordsGrantForm(GovukForm):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ModelChoiceField(
            queryset=people,
            label="Person",
            empty_label="Select a person",
            error_messages={
                "required": "Select the person who may see this school's records",
                "invalid_choice": "Select a person from the list",
            },
        )
        self.fields["reason"] = reason_field("Enter why they need to see the records")


class SchoolFilterForm(GovukForm):
    q = forms.CharField(label="Name or URN", required=False, max_length=100)

    def __init__(self, *args, choices: dict, networks, show_flags: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"] = forms.ChoiceField(
            label="Phase",
            required=False,
            choices=[("", "Any phase")] + [(v, v) for v in choices["phase"]],
        )
        self.fields["type_group"] = forms.ChoiceField(
            label="Type of school",
            required=False,
            choices=[("", "Any type")] + [(v, v) for v in choices["type_group"]],
        )
        self.fields["status"] = forms.ChoiceField(
            label="Status",
            required=False,
            choices=[("", "Any status")] + [(v, v) for v in choices["status"]],
        )
        self.fields["outcome"] = forms.ChoiceField(
            label="Latest Ofsted outcome",
            required=False,
            choices=[
                ("", "Any outcome"),
                *OverallGrade.choices,
                (REPORT_CARD, "Report card (no overall grade)"),
                (NOT_INSPECTED, "Not inspected"),
            ],
        )
        self.fields["network"] = forms.ModelChoiceField(
            label="Network", required=False, queryset=networks, empty_label="Any network"
        )
        if show_flags:
            self.fields["flag"] = forms.ChoiceField(
                label="May need support",
                required=False,
                choices=[("", "Any school"), ("any", "Any flag"), *TriggerKind.choices],
            )
        self.fields["sort"] = forms.ChoiceField(
            label="Sort by",
            required=False,
            choices=[
                ("name", "Name (A to Z)"),
                ("-name", "Name (Z to A)"),
                ("urn", "URN"),
                ("phase", "Phase"),
                ("-inspected", "Latest inspection (newest first)"),
                ("inspected", "Latest inspection (oldest first)"),
                *([("flags", "Most flags first")] if show_flags else []),
            ],
        )


class NeedsFilterForm(GovukForm):
    """Filters for triage on the needs list."""

    def __init__(self, *args, choices: dict, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger"] = forms.ChoiceField(
            label="Trigger", required=False, choices=[("", "Any trigger"), *TriggerKind.choices]
        )
        self.fields["phase"] = forms.ChoiceField(
            label="Phase", required=False, choices=[("", "Any phase")] + [(v, v) for v in choices["phase"]]
        )
        self.fields["type_group"] = forms.ChoiceField(
            label="Type of school",
            required=False,
            choices=[("", "Any type")] + [(v, v) for v in choices["type_group"]],
        )
        self.fields["network"] = forms.ModelChoiceField(
            label="Network", required=False, queryset=networks, empty_label="Any network"
        )
        self.fields["open_case"] = forms.ChoiceField(
            label="Support case",
            required=False,
            choices=[("", "With or without"), ("no", "No open case"), ("yes", "Has an open case")],
        )
        self.fields["sort"] = forms.ChoiceField(
            label="Sort by",
            required=False,
            choices=[
                ("severity", "Most serious first"),
                ("name", "Name (A to Z)"),
            ],
        )


class TriggerSettingsForm(GovukForm):
    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = []
        for kind in TriggerKind:
            enabled, threshold = current[kind]
            _, default_threshold, meaning = TRIGGER_DEFAULTS[kind]
            self.fields[f"{kind}_enabled"] = forms.BooleanField(
                label=kind.label, required=False, initial=enabled
            )
            if default_threshold is not None:
                self.fields[f"{kind}_threshold"] = forms.DecimalField(
                    label=f"Threshold: {meaning}",
                    min_value=Decimal("0"),
                    max_value=Decimal("100"),
                    decimal_places=1,
                    initial=threshold,
                    error_messages={
                        "required": "Enter a threshold",
                        "invalid": "Enter a number, like 10",
                    },
                )
            self.kinds.append(kind)
        self.fields["reason"] = reason_field("Enter why the triggers are changing")

    def values(self) -> dict:
        data = self.cleaned_data
        return {kind: (data[f"{kind}_enabled"], data.get(f"{kind}_threshold")) for kind in self.kinds}


class ImportForm(GovukForm):
    kind = forms.ChoiceField(
        label="What is in the file?",
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is in the file"},
    )
    academic_year = forms.IntegerField(
        label="Academic year the results are for (performance tables only)",
        help_text="The year it ends: for 2017 to 2018, enter 2018",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter a year, like 2018",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Up to 50 MB",
        error_messages={"required": "Choose a file to import", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(
                upload, allowed={".csv"}, max_bytes=MAX_UPLOAD_BYTES, wrong_type="The file must be a CSV file"
            )
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return upload

    def clean(self):
        data = super().clean()
        needs_year = data.get("kind") in {ImportKind.KS2, ImportKind.KS4}
        if needs_year and not data.get("academic_year") and "academic_year" not in self.errors:
            self.add_error("academic_year", "Enter the academic year the results are for")
        return data


class NetworkForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "network_type", "description", "lead_school", "chair_name", "chair_email"]
        widgets = {
            "network_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Enter the network's name"},
            "network_type": {"required": "Select the type of network"},
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_school"].queryset = schools
        self.fields["lead_school"].empty_label = "No lead school"
        self.fields["network_type"].choices = NetworkType.choices
        self.fields["reason"] = reason_field("Enter why you are making this change")


class MembershipAddForm(GovukForm):
    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"] = forms.ModelChoiceField(
            queryset=schools,
            label="School",
            empty_label="Select a school",
            error_messages={
                "required": "Select a school",
                "invalid_choice": "Select a school from the list",
            },
        )
        self.fields["joined_on"] = date_field("Date the school joined")
        self.fields["joined_on"].initial = timezone.localdate()
        self.fields["reason"] = reason_field()


class MembershipEndForm(GovukForm):
    left_on = date_field("Date the school left")
    reason = reason_field()


class SystemLeaderForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = SystemLeader
        fields = [
            "full_name",
            "email",
            "designation",
            "home_school",
            "expertise",
            "expertise_notes",
            "capacity_days",
            "committed_days",
            "accredited_on",
            "accreditation_expires_on",
            "is_active",
        ]
        widgets = {
            "designation": forms.RadioSelect,
            "expertise": forms.CheckboxSelectMultiple,
            "expertise_notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "full_name": {"required": "Enter the system leader's full name"},
            "designation": {"required": "Select a designation"},
            "capacity_days": {
                "required": "Enter the days a term they can give",
                "invalid": "Enter a number of days, like 10",
            },
            "committed_days": {
                "required": "Enter the days already committed",
                "invalid": "Enter a number of days, like 4",
            },
        }

    def __init__(self, *args, schools, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_school"].queryset = schools
        self.fields["home_school"].empty_label = "No home school in the partnership"
        self.fields["expertise"].queryset = priorities
        self.fields["expertise"].label = "Expertise in the partnership's priorities"
        self.fields["designation"].choices = Designation.choices
        for name in ("accredited_on", "accreditation_expires_on"):
            label = self.fields[name].label
            self.fields[name] = date_field(label.capitalize(), required=False)
        self.fields["capacity_days"].min_value = 0
        self.fields["reason"] = reason_field("Enter why you are making this change")


class LeaderFilterForm(GovukForm):
    q = forms.CharField(label="Name or expertise", required=False, max_length=100)
    designation = forms.ChoiceField(
        label="Designation", required=False, choices=[("", "Any"), *Designation.choices]
    )
    min_days = forms.DecimalField(
        label="Days available this term, at least",
        required=False,
        min_value=0,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"invalid": "Enter a number of days, like 5"},
    )

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"] = forms.ModelChoiceField(
            label="Expertise", required=False, queryset=priorities, empty_label="Any priority"
        )


class ConsentFilterForm(GovukForm):
    q = forms.CharField(label="School name or URN", required=False, max_length=100)
    status = forms.ChoiceField(label="Consent", required=False, choices=[])

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any"), ("missing", "Consent not in force"), *statuses]


class ConsentSignForm(GovukForm):
    """The signature step: the kinds of data (for the first to sign) and a typed name. The capacity
    is the office the signer holds, shown, not chosen."""

    # The consent the signer was shown ("" for none yet): if it changed before they signed, they are
    # asked to look again, so a signature never covers kinds of data the signer did not see.
    consent_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agreement, capacity: str, choose_categories: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_categories:
            self.fields["categories"] = forms.MultipleChoiceField(
                label="Which kinds of data does your school agree to share?",
                choices=[(c, label) for c, label in DataCategory.choices if c in agreement.categories],
                widget=forms.CheckboxSelectMultiple,
                help_text="Partners see only the kinds you select. You can withdraw consent at any time.",
                error_messages={"required": "Select at least one kind of data your school agrees to share"},
            )
        self.fields["signed_name"] = forms.CharField(
            label="Your full name",
            help_text="Typing your name, as the portal holds it, is your signature.",
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
            error_messages={"required": "Type your full name to sign"},
        )
        self.fields["confirm"] = forms.BooleanField(
            label=(
                "I have read the agreement and I consent on the school's behalf as its headteacher"
                if capacity == "head"
                else "I have read the agreement and I consent on the school's behalf as chair of governors"
                if capacity == "chair"
                else "I have read the agreement and I consent on the school's behalf as the trust's delegate"
            ),
            error_messages={"required": "Confirm that you have read the agreement and consent"},
        )


class ChairOfGovernorsForm(GovukForm):
    """Who chairs the school's governors, from when: one of the school's governors in the portal."""

    def __init__(self, *args, governors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ChoiceField(
            label="Who chairs the governors?",
            choices=[(str(row.user_id), row.user.full_name) for row in governors],
            widget=forms.RadioSelect,
            help_text="Only the school's governors in the portal are listed. A new governor must first be added by the LA.",
            error_messages={"required": "Select the chair of governors"},
        )
        self.fields["starts_on"] = date_field("From", required=False)
        self.fields["starts_on"].help_text = "Leave empty for today. " + self.fields["starts_on"].help_text
        self.fields["reason"] = forms.CharField(
            **REASON_FIELD_KWARGS, error_messages={"required": "Enter why the chair is being recorded"}
        )
