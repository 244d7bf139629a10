from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.db import transaction

from .forms_govuk import GovukForm, GovukFormMixin
from .models import SCHOOL_ROLES, Priority, Role
from .tasks import send_email


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=4096,
        error_messages={
            "required": "Enter your password",
            "max_length": "Password must be 4,096 characters or fewer",
        },
    )
    error_messages = {
        "invalid_login": ("Enter a correct email address and password. The password is case-sensitive"),
        "inactive": "This account has been disabled. Ask your LA administrator",
    }


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def get_users(self, email):
        # People invited by their LA have no password until they set one. They may still ask for
        # a link, or an expired invitation would leave them locked out for good.
        from .models import User

        return iter(User.objects.filter(email__iexact=email, is_active=True))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through Celery, after commit, so the page returns at once and a slow mail server waits.
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, to=[to_email]))


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    # Bandit takes a string under a key that mentions passwords for a password; this is a message.
    error_messages = {"password_mismatch": "The passwords do not match. Enter the same password twice"}  # nosec B105

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "Confirm new password"
        # The rules in words (NCSC advice, decision 0014): length matters, composition does not.
        self.fields["new_password1"].help_text = (
            "Use at least 12 characters. Three or more random words together make a strong password "
            "that is easy to remember. You can use spaces and symbols, or none, and up to 256 characters. "
            "Do not use a common password or one you use elsewhere. You can paste from a password manager."
        )


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HELP = "For example, 01/09/2025"


class SensibleDateField(forms.DateField):
    """A date within sensible years: a typing slip like 2205 is caught beside the field, not in a
    500 later (a far-off year overflows date arithmetic)."""

    def __init__(self, *args, earliest: int = 1990, latest: int = 2100, out_of_range: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest, self.latest, self.out_of_range = earliest, latest, out_of_range

    def validate(self, value):
        super().validate(value)
        if value and not self.earliest <= value.year <= self.latest:
            raise forms.ValidationError(
                self.out_of_range or f"{self.label} must be between {self.earliest} and {self.latest}"
            )


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return SensibleDateField(
        label=label,
        required=required,
        help_text=DATE_HELP,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date, like 01/09/2025",
        },
    )


REASON_FIELD_KWARGS = {
    "label": "Reason",
    "help_text": "This is kept in the record's history.",
    "max_length": 300,
    "widget": forms.Textarea(attrs={"rows": 3}),
}


def _school_choice_field(schools) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=schools,
        required=False,
        label="School",
        help_text="Only for headteachers, school staff and governors.",
        empty_label="Select a school",
        error_messages={"invalid_choice": "Select a school from the list"},
    )


class RoleFieldsMixin:
    def _add_role_fields(self, schools):
        self.fields["role"] = forms.ChoiceField(
            choices=Role.choices,
            widget=forms.RadioSelect,
            label="Role",
            error_messages={"required": "Select a role"},
        )
        self.fields["school"] = _school_choice_field(schools)

    def clean(self):
        data = super().clean()
        role, school = data.get("role"), data.get("school")
        if role in SCHOOL_ROLES and not school and "school" not in self.errors:
            self.add_error("school", "Select the school this role is for")
        if role and role not in SCHOOL_ROLES and school:
            self.add_error("school", "Only headteachers, school staff and governors have a school")
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
        self._add_role_fields(schools)
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


class ReasonForm(GovukForm):
    reason = forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": "Enter a reason"})


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


class PriorityForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"position": "Order in lists"}
        error_messages = {"title": {"required": "Enter the priority"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            **REASON_FIELD_KWARGS,
            error_messages={"required": "Enter why you are making this change"},
        )
