"""A partnership priority."""

from __future__ import annotations

from django import forms

from partnership.forms.fields import REASON_FIELD_KWARGS
from partnership.forms.govuk import GovukFormMixin
from partnership.models import Priority


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
