"""Adding a person, giving them a role, and filtering the list of people."""

from __future__ import annotations

from django import forms

from partnership.forms.fields import REASON_FIELD_KWARGS
from partnership.forms.govuk import GovukForm
from partnership.models import ROLES_WITH_A_SCHOOL, SCHOOL_OFFICES, Role


def _school_choice_field(schools) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=schools,
        required=False,
        label="School",
        help_text="Only for headteachers, school staff, governors, chairs of governors and trusts' delegates.",
        empty_label="Select a school",
        error_messages={"invalid_choice": "Select a school from the list"},
    )


class RoleFieldsMixin:
    def _add_role_fields(self, schools, *, offices: bool = True):
        # A new person is not yet a governor, so cannot hold a governor's office.
        self.fields["role"] = forms.ChoiceField(
            choices=[
                (value, label) for value, label in Role.choices if offices or value not in SCHOOL_OFFICES
            ],
            widget=forms.RadioSelect,
            label="Role",
            error_messages={"required": "Select a role"},
        )
        self.fields["school"] = _school_choice_field(schools)

    def clean(self):
        data = super().clean()
        role, school = data.get("role"), data.get("school")
        if role in ROLES_WITH_A_SCHOOL and not school and "school" not in self.errors:
            self.add_error("school", "Select the school this role is for")
        if role and role not in ROLES_WITH_A_SCHOOL and school:
            self.add_error(
                "school", "Only headteachers, school staff, governors and their offices have a school"
            )
        return data


class PersonAddForm(RoleFieldsMixin, GovukForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="They will get an email with a link to set their password.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_role_fields(schools, offices=False)
        self.fields["reason"] = forms.CharField(
            **{**REASON_FIELD_KWARGS, "required": False, "label": "Note (optional)"}
        )


class RoleAddForm(RoleFieldsMixin, GovukForm):
    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_role_fields(schools)
        self.fields["reason"] = forms.CharField(
            **REASON_FIELD_KWARGS, error_messages={"required": "Enter why this role is being added"}
        )


class PeopleFilterForm(GovukForm):
    q = forms.CharField(label="Name or email address", required=False, max_length=100)
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "Any role"), *Role.choices])
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("name", "Name (A to Z)"),
            ("-name", "Name (Z to A)"),
            ("email", "Email address (A to Z)"),
            ("-email", "Email address (Z to A)"),
        ],
    )
