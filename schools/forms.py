from django import forms

from partnership.forms import REASON_FIELD_KWARGS
from partnership.forms_govuk import GovukForm


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
        self.fields["reason"] = forms.CharField(
            **REASON_FIELD_KWARGS,
            error_messages={"required": "Enter why they need to see the records"},
        )
