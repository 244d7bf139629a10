"""Forms for a person's own account: two-factor codes and confirmations."""

from __future__ import annotations

import re

from django import forms

from partnership.forms.govuk import GovukForm

CODE_WIDGET_ATTRS = {
    "autocomplete": "one-time-code",
    "spellcheck": "false",
    "autocapitalize": "none",
    "class": "govuk-input--width-10",
}


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        max_length=40,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        error_messages={
            "required": "Enter the code from your authenticator app",
            "max_length": "Enter the 6-digit code from your authenticator app, or a recovery code",
        },
    )


class SetUpCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code your app shows for this service.",
        max_length=20,
        widget=forms.TextInput(attrs={**CODE_WIDGET_ATTRS, "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter the 6-digit code from your authenticator app",
        },
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return code


class ConfirmForm(GovukForm):
    """A button and nothing else: the page around it says what will happen."""


class EmailChoicesForm(GovukForm):
    """For each kind of message: an email straight away, one a day, or none."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        from partnership.models import EmailChoice, MessageKind

        super().__init__(*args, **kwargs)
        for kind, label in MessageKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=EmailChoice.choices,
                initial=current.get(kind, EmailChoice.IMMEDIATELY),
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how you hear of messages about {label[0].lower()}{label[1:]}"
                },
            )

    def choices(self) -> dict[str, str]:
        return dict(self.cleaned_data)
