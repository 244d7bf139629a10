"""Forms for the pupil pages of the inclusion partnerships (decision 0020): the list's search and
filters, recording and correcting a pupil, attendance, a move to another school, and a school's
designated inclusion leads.

The services check everything again; the forms catch what they can so that every mistake on a page
is shown at once, beside its field.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from inclusion.models import SendStatus, upn_problem
from partnership.forms import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm
from schools.models import School

# Secondary schools' year groups, with the sixth form: the pupils the partnerships work with.
YEAR_GROUPS = [(year, f"Year {year}") for year in range(7, 15)]
SORTS = [("name", "Name"), ("school", "School"), ("year", "Year group")]
DATA_MINIMISATION_HINT = (
    "The portal holds only a pupil's name, date of birth, UPN, home school, year group and SEND "
    "status: enough to be sure which child this is and to judge the support they need. It does not "
    "hold an address, family details, ethnicity, free school meals or medical details, so do not "
    "add them anywhere in these records."
)


def reason_field(required_message: str = "Enter why you are making this change") -> forms.CharField:
    return forms.CharField(
        **{**REASON_FIELD_KWARGS, "label": "Why are you making this change?"},
        error_messages={"required": required_message},
    )


def _sessions_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=999,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the number of {label.lower()}",
            "invalid": f"{label} must be a whole number, like 10",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be 999 or fewer",
        },
    )


class PupilFilterForm(GovukForm):
    q = forms.CharField(label="Name or UPN", required=False, max_length=100)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"] = forms.TypedChoiceField(
            label="School",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Any school"), *((school.pk, school.name) for school in schools)],
        )
        self.fields["year"] = forms.TypedChoiceField(
            label="Year group",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Any year group"), *YEAR_GROUPS],
        )
        self.fields["sort"] = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)


class PupilDetailsForm(GovukForm):
    """The details a pupil's record holds, for recording and for correcting them."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the pupil's full name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, year_group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"] = date_field("Date of birth")
        years = list(YEAR_GROUPS)
        if year_group is not None and year_group not in dict(years):
            # A record made before the list was narrowed keeps its own year group on offer.
            years.insert(0, (year_group, "Reception" if year_group == 0 else f"Year {year_group}"))
        self.fields["year_group"] = forms.TypedChoiceField(
            label="Year group",
            coerce=int,
            choices=[("", "Select a year group"), *years],
            error_messages={
                "required": "Select the pupil's year group",
                "invalid_choice": "Select a year group from the list",
            },
        )
        self.fields["out_of_year_group_reason"] = forms.CharField(
            label="If the pupil is not in the usual year group for their age, why (optional)",
            help_text="Leave this empty if they are. For example: born prematurely, and started "
            "school a year later by agreement with the LA.",
            required=False,
            max_length=200,
        )
        self.fields["send_status"] = forms.ChoiceField(
            label="Special educational needs and disabilities (SEND)",
            choices=SendStatus.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the pupil's SEND status"},
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past")
        return born


class PupilNewForm(PupilDetailsForm):
    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upn"] = forms.CharField(
            label="Unique pupil number (UPN)",
            help_text="13 characters: a letter, 11 digits, then a digit (or a letter for a temporary "
            "UPN). It is on the pupil's record in your school's information system.",
            max_length=20,
            widget=forms.TextInput(
                attrs={"class": "govuk-input--width-20", "autocomplete": "off", "spellcheck": "false"}
            ),
            error_messages={"required": "Enter the pupil's UPN"},
        )
        self.fields["home_school"] = forms.ModelChoiceField(
            queryset=schools,
            label="Home school",
            help_text="The school the pupil is on roll at.",
            empty_label="Select a school",
            error_messages={
                "required": "Select the pupil's home school",
                "invalid_choice": "Select a school from the list",
            },
        )
        self.fields["on_roll_from"] = date_field(
            "On roll from", called="the date the pupil joined the home school's roll"
        )
        self.fields[
            "on_roll_from"
        ].help_text = "The date the pupil joined the home school's roll. For example, 01/09/2025"
        self.fields["reason"] = reason_field("Enter why you are recording this pupil")
        self.order_fields(
            [
                "full_name",
                "date_of_birth",
                "upn",
                "home_school",
                "year_group",
                "out_of_year_group_reason",
                "send_status",
                "on_roll_from",
            ]
        )

    def clean_upn(self):
        upn = "".join(self.cleaned_data["upn"].split()).upper()
        problem = upn_problem(upn)
        if problem:
            raise forms.ValidationError(problem)
        return upn


class PupilEditForm(PupilDetailsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field()


class AttendanceForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"] = date_field("Start of the period")
        self.fields["ends_on"] = date_field("End of the period")
        self.fields["sessions_possible"] = _sessions_field(
            "Sessions possible", "Two sessions a day, morning and afternoon, when the school was open."
        )
        self.fields["sessions_attended"] = _sessions_field("Sessions attended")
        self.fields["sessions_out_of_mainstream"] = _sessions_field(
            "Sessions out of mainstream",
            "Sessions spent away from mainstream lessons: in the home base, at alternative provision, "
            "or excluded. Enter 0 if none.",
        )
        self.fields["reason"] = reason_field("Enter why you are recording this attendance")

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end of the period must not be before its start")
        possible = data.get("sessions_possible")
        if possible is not None:
            for name, label in (
                ("sessions_attended", "Sessions attended"),
                ("sessions_out_of_mainstream", "Sessions out of mainstream"),
            ):
                value = data.get(name)
                if value is not None and value > possible:
                    self.add_error(name, f"{label} cannot be more than sessions possible")
        return data


class LeadAddForm(GovukForm):
    def __init__(self, *args, staff, several_schools: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.ModelChoiceField(
            queryset=staff,
            label="Member of staff",
            help_text="Only people with a current staff role at your school in the portal are listed.",
            empty_label="Select a member of staff",
            error_messages={
                "required": "Select the member of staff",
                "invalid_choice": "Select a member of staff from the list",
            },
        )
        if several_schools:
            field.label_from_instance = lambda role: f"{role.user}, {role.school}"
        else:
            field.label_from_instance = lambda role: str(role.user)
        self.fields["staff"] = field
        self.fields["reason"] = reason_field("Enter why you are naming this designated lead")


class LeadRemoveForm(GovukForm):
    reason = reason_field("Enter why you are removing this designated lead")


class PupilMoveForm(GovukForm):
    """A pupil's move to another school. The select offers the schools the person may choose
    (secondary schools first); any school is accepted here, and the service refuses one outside the
    partnership, closed, or not theirs to choose, with the reason beside the field."""

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.ModelChoiceField(
            queryset=School.objects.all(),
            label="School the pupil is moving to",
            empty_label="Select a school",
            error_messages={
                "required": "Select the school the pupil is moving to",
                "invalid_choice": "Select a school from the list",
            },
        )
        secondary = [(school.pk, school.name) for school in schools if school.secondary]
        other = [(school.pk, school.name) for school in schools if not school.secondary]
        if secondary and other:
            field.choices = [
                ("", "Select a school"),
                ("Secondary schools", secondary),
                ("Other schools", other),
            ]
        else:
            field.choices = [("", "Select a school"), *secondary, *other]
        self.fields["school"] = field
        moved_on = date_field("Date of the move")
        moved_on.help_text = "The pupil's first day on the new school's roll. For example, 05/01/2026"
        self.fields["moved_on"] = moved_on
        self.fields["reason"] = reason_field("Enter why the pupil is moving school")
