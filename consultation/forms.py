from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm, GovukFormMixin
from schools.forms import date_field, reason_field

from .models import Consultation, Question, ThemeResponse
from .models.consultations import Audience, Identification, QuestionKind
from .models.responses import COMMENT_MAX, Channel, RespondentKind


class ConsultationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "purpose",
            "opens_on",
            "closes_on",
            "audience",
            "identification",
            "retain_until",
            "context",
            "methodology",
            "conclusion",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "identification": forms.RadioSelect,
            "context": forms.Textarea(attrs={"rows": 4}),
            "methodology": forms.Textarea(attrs={"rows": 4}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "purpose": {"required": "Say what the consultation is about"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = Audience.choices
        self.fields["identification"].choices = Identification.choices
        self.fields["opens_on"] = date_field("Opening date")
        self.fields["closes_on"] = date_field("Closing date")
        self.fields["retain_until"] = date_field(
            "Keep responses until", called="the date to keep responses until"
        )
        self.fields[
            "retain_until"
        ].help_text = "Responses are deleted after this date. For example, 31/08/2027"
        self.fields["reason"] = reason_field("Enter why you are making this change")

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data


class SectionForm(GovukForm):
    title = forms.CharField(
        label="Area",
        max_length=200,
        help_text="For example, Vision, aims and principles",
        error_messages={"required": "Enter the area's title"},
    )
    position = forms.IntegerField(
        label="Order",
        min_value=0,
        max_value=999,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    reason = reason_field()


class QuestionForm(GovukFormMixin, forms.ModelForm):
    options_text = forms.CharField(
        label="Options (for single and multiple choice)",
        required=False,
        help_text="One on each line.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = ["section", "text", "kind", "position"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"text": "Question", "position": "Order"}
        error_messages = {
            "text": {"required": "Enter the question"},
            "kind": {"required": "Select the kind of question"},
        }

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["section"].label = "Area"
        self.fields["section"].empty_label = "Select an area"
        self.fields["kind"].choices = QuestionKind.choices
        if self.instance.pk:
            self.fields["options_text"].initial = "\n".join(self.instance.options)
        self.fields["reason"] = reason_field()

    def clean(self):
        data = super().clean()
        data["options"] = [line.strip() for line in data.get("options_text", "").splitlines() if line.strip()]
        return data


class InvitationsForm(GovukForm):
    people = forms.CharField(
        label="People to invite",
        help_text="One on each line: an email address, or a name and then the email address, like Sam Smith sam@school.sch.uk",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter at least one email address"},
    )

    def clean_people(self):
        from django.core.validators import validate_email

        people = []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            *name, email = line.replace("<", " ").replace(">", " ").split()
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(f"Line {number} does not end with an email address") from None
            people.append((" ".join(name), email))
        return people


class RespondentForm(GovukForm):
    respondent_kind = forms.ChoiceField(
        label="Which of these best describes you?",
        choices=RespondentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what best describes you"},
    )
    organisation = forms.CharField(
        label="Your school or organisation (optional)", required=False, max_length=200
    )

    def __init__(self, *args, identified: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if identified:
            self.fields["name"] = forms.CharField(
                label="Your name (optional)",
                required=False,
                max_length=200,
                help_text="Leave it empty to answer anonymously.",
            )
            self.fields["email"] = forms.EmailField(
                label="Your email address (optional)",
                required=False,
                help_text="We will email you a link to come back to your answers.",
                error_messages={
                    "invalid": "Enter an email address in the correct format, like name@example.com"
                },
            )


class SectionAnswersForm(GovukForm):
    """One area's questions. Field names carry question ids; only this area's are accepted."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_ids = []
        for question in questions:
            self.question_ids.append(question.pk)
            if question.kind == QuestionKind.MULTIPLE:
                self.fields[f"choice_{question.pk}"] = forms.MultipleChoiceField(
                    label=question.text,
                    choices=question.choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            elif question.kind != QuestionKind.FREE_TEXT:
                self.fields[f"choice_{question.pk}"] = forms.ChoiceField(
                    label=question.text, choices=question.choices, widget=forms.RadioSelect, required=False
                )
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label=question.text if question.kind == QuestionKind.FREE_TEXT else "Comment (optional)",
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": f"Comments must be {COMMENT_MAX:,} characters or fewer"},
            )

    def answers(self) -> dict[int, tuple[object, str]]:
        return {
            pk: (self.cleaned_data.get(f"choice_{pk}"), self.cleaned_data.get(f"comment_{pk}", ""))
            for pk in self.question_ids
        }


class OfflineForm(GovukForm):
    channel = forms.ChoiceField(
        label="How was the feedback given?",
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the feedback was given"},
    )
    respondent_kind = forms.ChoiceField(
        label="Kind of respondent",
        choices=RespondentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of respondent"},
    )
    organisation = forms.CharField(label="Organisation (optional)", required=False, max_length=200)
    name = forms.CharField(
        label="Name (optional; not kept for anonymous consultations)", required=False, max_length=200
    )

    def __init__(self, *args, questions, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"] = date_field("Date received")
        self.question_ids = []
        for question in questions:
            self.question_ids.append(question.pk)
            if question.kind == QuestionKind.SCALE:
                self.fields[f"choice_{question.pk}"] = forms.ChoiceField(
                    label=question.text, choices=[("", "Not answered"), *question.choices], required=False
                )
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label=f"Comment on: {question.text}",
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["general_section"] = forms.ModelChoiceField(
            label="General comment is about",
            queryset=sections,
            required=False,
            empty_label="The proposal as a whole",
        )
        self.fields["general_comment"] = forms.CharField(
            label="General comment",
            required=False,
            max_length=COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            pk: (self.cleaned_data.get(f"choice_{pk}") or "", self.cleaned_data.get(f"comment_{pk}", ""))
            for pk in self.question_ids
        }


class AnswerAnalysisForm(GovukForm):
    is_sample = forms.BooleanField(label="Use as a sample comment in the published summary", required=False)
    published_comment = forms.CharField(
        label="The comment as it will be published",
        help_text="Remove names and anything that would identify a person or school.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"] = forms.ModelMultipleChoiceField(
            queryset=themes, label="Themes", required=False, widget=forms.CheckboxSelectMultiple
        )
        self.order_fields(["themes", "is_sample", "published_comment"])


class ThemeForm(GovukForm):
    name = forms.CharField(
        label="New theme", max_length=200, error_messages={"required": "Enter the theme's name"}
    )


class ThemeMergeForm(GovukForm):
    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"] = forms.ModelChoiceField(
            queryset=themes,
            label="Merge this theme",
            empty_label="Select a theme",
            error_messages={"required": "Select the theme to merge"},
        )
        self.fields["into"] = forms.ModelChoiceField(
            queryset=themes,
            label="Into this theme",
            empty_label="Select a theme",
            error_messages={"required": "Select the theme to merge into"},
        )


class ThemeResponseForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ThemeResponse
        fields = ["heading", "theme", "section", "you_said", "we_did"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 4}), "we_did": forms.Textarea(attrs={"rows": 6})}
        labels = {"heading": "Heading", "theme": "Theme (optional)", "section": "Area (optional)"}
        error_messages = {
            "heading": {"required": "Enter a heading"},
            "you_said": {"required": "Say what people said"},
            "we_did": {"required": "Write the partnership's response"},
        }

    def __init__(self, *args, themes, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["section"].queryset = sections
        self.fields["reason"] = reason_field()


class PublishForm(GovukForm):
    published_on = forms.DateField(
        label="Publish on",
        required=False,
        help_text="Leave empty to take the summary down. For example, 01/09/2025",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Publish on must be a real date, like 01/09/2025"},
    )
    reason = reason_field()
