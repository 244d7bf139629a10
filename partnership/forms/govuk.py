"""GOV.UK Design System markup for Django forms: one renderer and one mixin for every form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

from partnership.limits import LINE_MAX, TEXT_MAX, characters

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


def _label_of(field: forms.Field, name: str) -> str:
    """How a message names the field: its label, or "Your answer" where the label is a question."""
    label = str(field.label or name.replace("_", " ").capitalize()).strip()
    if label.endswith("?"):
        return "Your answer"
    return label.removesuffix(" (optional)").rstrip(":").strip()


def _one_line(label: str):
    def check(value) -> None:
        if isinstance(value, str) and ("\n" in value or "\r" in value):
            raise ValidationError(f"{label} must be on one line", code="line_break")

    check.one_line = True
    return check


def limit_text_field(name: str, field: forms.Field) -> None:
    """Give a free-text field its limit, state it, and refuse one character more with a message in
    the field's own words; a single-line field also refuses line breaks. Safe to call twice."""
    if not isinstance(field, forms.CharField) or getattr(field, "_limited", False):
        return
    widget = field.widget
    multi_line = isinstance(widget, forms.Textarea)
    if isinstance(widget, forms.PasswordInput):
        # Passwords have their own rules and limit (partnership.passwords), stated on the page.
        field._limited = True
        return
    if isinstance(widget, forms.HiddenInput):
        field._limited = True
        if field.max_length is None:
            field.max_length = LINE_MAX
            field.validators.append(MaxLengthValidator(LINE_MAX))
        return
    label = _label_of(field, name)
    if field.max_length is None:
        field.max_length = TEXT_MAX if multi_line else LINE_MAX
        field.validators.append(MaxLengthValidator(field.max_length))
        if not multi_line:
            widget.attrs.setdefault("maxlength", str(field.max_length))
    field.error_messages.setdefault("max_length", f"{label} must be {characters(field.max_length)} or fewer")
    if multi_line:
        # Stated under the box (GOV.UK's character count without JavaScript), never enforced by
        # the browser cutting text off silently.
        widget.attrs.pop("maxlength", None)
        widget.attrs["data-maxlength"] = str(field.max_length)
        limit = f"You can enter up to {characters(field.max_length)}."
        if limit not in str(field.help_text or ""):
            field.help_text = f"{field.help_text} {limit}".strip() if field.help_text else limit
    elif not isinstance(widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple):
        field.validators.append(_one_line(label))
    field._limited = True


class GovukFormMixin:
    """Gives widgets GOV.UK classes, marks fields in error the way GOV.UK asks, and gives every
    free-text field its limit (partnership.limits)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_text()
        self._style_widgets()

    def _limit_text(self) -> None:
        for name, field in self.fields.items():
            limit_text_field(name, field)

    def _style_widgets(self) -> None:
        for field in self.fields.values():
            css = _base_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            if css and css not in existing.split():
                field.widget.attrs["class"] = f"{css} {existing}".strip()

    def get_context(self):
        # Forms may add fields after __init__; limit and style those too before they are drawn.
        self._limit_text()
        self._style_widgets()
        return super().get_context()

    def full_clean(self):
        self._limit_text()
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
