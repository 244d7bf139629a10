"""Forms for the data-sharing agreement."""

from __future__ import annotations

from django import forms

from partnership.forms.fields import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm
from partnership.models import DataCategory


def _text(label: str, help_text: str, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}"},
    )


class AgreementForm(GovukForm):
    """The ICO checklist for a data-sharing agreement, one field for each item."""

    purposes = _text("The purposes of sharing", "Why data is shared and what partners may use it for.")
    categories = forms.MultipleChoiceField(
        label="Kinds of data the agreement covers",
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Beyond the public school register, which is shared with everyone.",
        error_messages={"required": "Select at least one kind of data the agreement covers"},
    )
    partial_consent_allowed = forms.TypedChoiceField(
        label="May a school consent to some kinds of data only?",
        choices=[("yes", "Yes"), ("no", "No, a school consents to all of them or none")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a school may consent to some kinds of data only"},
    )
    recipients = _text("The partners who receive data", "Name each organisation and what it receives.")
    lawful_basis = _text("The lawful basis", "Under UK GDPR Article 6, and Article 9 where it applies.", 3)
    retention = _text("How long data is kept", "For each kind of data, and what happens at the end.", 3)
    security_measures = _text("Security measures", "How the data is protected, in the portal and outside it.")
    subject_access = _text(
        "How subject access requests are handled", "Who answers them, and how partners help.", 3
    )
    review_date = date_field("Review date")
    termination_and_sanctions = _text(
        "Termination and sanctions", "How a partner leaves the agreement, and what follows a breach.", 3
    )
    reason = forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": "Enter a reason"})


class PublishForm(GovukForm):
    effective_from = date_field("Effective date")
    changes = forms.CharField(
        label="What changed from the last version",
        help_text="Schools read this when they are asked to consent again.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reason = forms.CharField(**REASON_FIELD_KWARGS, error_messages={"required": "Enter a reason"})

    def __init__(self, *args, first: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.first = first
        self.fields["effective_from"].help_text = (
            "The day this version takes effect: today or later. " + self.fields["effective_from"].help_text
        )
        if first:
            del self.fields["changes"]

    def clean_changes(self):
        changes = self.cleaned_data.get("changes", "").strip()
        if not self.first and not changes:
            raise forms.ValidationError(
                "Say what changed from the last version, so schools know what they agree to"
            )
        return changes
