"""GOV.UK Design System markup for Django forms: one renderer and one mixin for every form."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    Input: "govuk-input",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def _base_class(widget: forms.Widget) -> str:
    for widget_type, css in WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return ""


class GovukFormMixin:
    """Gives widgets GOV.UK classes, and marks fields in error the way GOV.UK asks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def _style_widgets(self) -> None:
        for field in self.fields.values():
            css = _base_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            if css and css not in existing.split():
                field.widget.attrs["class"] = f"{css} {existing}".strip()

    def get_context(self):
        # Forms may add fields after __init__; style those too before they are drawn.
        self._style_widgets()
        return super().get_context()

    def full_clean(self):
        super().full_clean()
        self._style_widgets()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            widget = self.fields[name].widget
            css = _base_class(widget)
            if css in ERROR_CLASSES and ERROR_CLASSES[css] not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {ERROR_CLASSES[css]}".strip()
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            # Radios and checkbox lists are described through their fieldset instead.
            if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs["aria-describedby"] = " ".join(described)

    def first_field_id(self) -> str:
        for bound in self:
            if bound.is_hidden:
                continue
            if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                return f"{bound.auto_id}_0"
            return bound.id_for_label or bound.auto_id
        return ""

    def add_service_error(self, error) -> None:
        """Show a ServiceError beside its field, or at the top when it has none."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class GovukForm(GovukFormMixin, forms.Form):
    pass
