from __future__ import annotations

from django import forms

from partnership.forms.govuk import GovukForm, GovukFormMixin
from schools.forms import date_field, reason_field
from support.models import ActionLogEntry, SupportAgreement
from support.models.agreements import AgreementStatus, AnswerHow, Funding, LogKind, ProviderType
from support.models.cases import CaseSource, CaseStatus, Closure, ClosureReason, Intervention
from support.models.reviews import QaJudgement, Rating


def school_label(school) -> str:
    """A school as a picker shows it: the name, the URN and the town, so that two schools of the
    same name can be told apart."""
    where = f", {school.town}" if school.town else ""
    return f"{school.name} (URN {school.urn}{where})"


def leader_label(leader) -> str:
    """A system leader as a picker shows them: days left, designation and accreditation, expertise."""
    parts = [f"{leader.available_days.normalize():f} of {leader.capacity_days.normalize():f} days left"]
    accreditation = leader.get_designation_display()
    if leader.accreditation_expires_on:
        accreditation += f", accredited until {leader.accreditation_expires_on:%-d %B %Y}"
    parts.append(accreditation)
    expertise = [p.title for p in leader.expertise.all()]
    if expertise:
        parts.append("expertise: " + ", ".join(expertise))
    return f"{leader.full_name} ({'; '.join(parts)})"


# Marks a select that JavaScript turns into GOV.UK's accessible autocomplete (app.mjs). Without
# JavaScript it stays a plain select, and every journey still works.
AUTOCOMPLETE = {"data-module": "app-autocomplete"}


class CaseOpenForm(GovukForm):
    def __init__(self, *args, schools, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"] = forms.ModelChoiceField(
            queryset=schools,
            label="School",
            help_text="Type part of its name, URN or town.",
            empty_label="Select a school",
            widget=forms.Select(attrs=AUTOCOMPLETE),
            error_messages={
                "required": "Select the school",
                "invalid_choice": "Select a school from the list",
            },
        )
        self.fields["school"].label_from_instance = school_label
        self.fields["source"] = forms.ChoiceField(
            label="Where did the need come from?",
            choices=CaseSource.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Say where the need came from"},
        )
        self.fields["lead_officer"] = forms.ModelChoiceField(
            queryset=officers,
            label="Lead LA officer",
            empty_label="Select an officer",
            error_messages={"required": "Select the lead officer"},
        )
        self.fields["reason"] = reason_field("Enter why the case is being opened")


class NeedsForm(GovukForm):
    needs_analysis = forms.CharField(
        label="Needs analysis",
        help_text="What the school needs to improve, from a systematic look at its evidence.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the needs analysis"},
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        help_text="Inspection, performance and local intelligence.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    school_view = forms.CharField(
        label="The school's own view", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, priorities, first_written: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"] = forms.ModelMultipleChoiceField(
            queryset=priorities,
            label="The partnership's priorities this addresses",
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        if not first_written:
            # A reason is asked for a change, not for the first writing of the analysis.
            self.fields["reason"] = reason_field("Enter why you are making this change")


class AgreementForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = SupportAgreement
        fields = [
            "provider_type",
            "provider_leader",
            "provider_school",
            "provider_network",
            "provider_name",
            "starts_on",
            "ends_on",
            "days",
            "cost",
            "funding",
            "review_every_weeks",
        ]
        widgets = {"provider_type": forms.RadioSelect, "funding": forms.RadioSelect}
        labels = {
            "provider_leader": "System leader (if the provider is a system leader)",
            "provider_school": "School (if the provider is a school)",
            "provider_network": "Teaching school alliance or trust (if the provider is one)",
            "provider_name": "Name of the LA traded service or external agency",
        }
        error_messages = {
            "provider_type": {"required": "Select the kind of provider"},
            "days": {"required": "Enter the days of support", "invalid": "Enter a number of days, like 5"},
            "cost": {"required": "Enter the cost, or 0", "invalid": "Enter an amount in pounds, like 1500"},
            "funding": {"required": "Select how the support is funded"},
        }

    def __init__(self, *args, leaders, schools, networks, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_type"].choices = ProviderType.choices
        self.fields["funding"].choices = Funding.choices
        self.fields["provider_leader"].queryset = leaders
        self.fields["provider_school"].queryset = schools
        self.fields["provider_network"].queryset = networks
        for name in ("provider_leader", "provider_school", "provider_network"):
            self.fields[name].empty_label = "None"
        self.fields["provider_leader"].label_from_instance = leader_label
        self.fields["provider_school"].label_from_instance = school_label
        self.fields["provider_leader"].widget.attrs.update(AUTOCOMPLETE)
        self.fields["provider_school"].widget.attrs.update(AUTOCOMPLETE)
        self.fields["accreditation_noted"] = forms.BooleanField(
            label="I know the system leader's accreditation ends before this support does",
            required=False,
        )
        self.fields["starts_on"] = date_field("Start date")
        self.fields["ends_on"] = date_field("End date")
        self.fields["cost"].min_value = 0
        self.fields["cost"].widget.attrs["min"] = 0
        self.fields["priorities"] = forms.ModelMultipleChoiceField(
            queryset=priorities,
            label="Priorities it addresses",
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["objective"] = forms.CharField(
            label="First objective",
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": "Enter the first objective"},
        )
        self.fields["outcome_measure"] = forms.CharField(
            label="Its outcome measure",
            help_text="How everyone will know it has been met.",
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": "Enter the outcome measure"},
        )
        self.fields["target_date"] = date_field("Objective's target date")
        self.fields["justification"] = forms.CharField(
            label="If a conflict of interest is found: why this provider is still right",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["reason"] = reason_field("Enter why this support is being arranged")

    def clean(self):
        data = super().clean()
        starts, ends, target = data.get("starts_on"), data.get("ends_on"), data.get("target_date")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        if starts and target and target < starts:
            self.add_error("target_date", "The target date must be on or after the start date")
        if data.get("cost") is not None and data["cost"] < 0:
            self.add_error("cost", "The cost cannot be negative")
        if data.get("days") is not None and data["days"] <= 0:
            self.add_error("days", "Enter the days of support, more than 0")
        return data


class ObjectiveForm(GovukForm):
    description = forms.CharField(
        label="Objective",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the objective"},
    )
    outcome_measure = forms.CharField(
        label="Outcome measure",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the outcome measure"},
    )
    target_date = date_field("Target date")
    reason = reason_field()


class ActionForm(GovukForm):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the action"},
    )
    owner = forms.CharField(
        label="Who owns it", max_length=200, error_messages={"required": "Enter who owns the action"}
    )
    due_on = date_field("Due date")
    reason = reason_field()


class ActionDoneForm(GovukForm):
    done_on = date_field("Date it was done")
    reason = reason_field()


class VisitForm(GovukForm):
    visit_on = date_field("Date of the visit")
    visit_time = forms.TimeField(
        label="Time of the visit (optional)",
        help_text="For example, 09:30 or 2pm",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the time like 09:30 or 2pm"},
    )

    purpose = forms.CharField(
        label="What the visit is for",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the visit is for"},
    )


class VisitAnswerForm(GovukForm):
    answer = forms.ChoiceField(
        label="Will the school accept the visit?",
        choices=[("accept", "Yes, accept the visit"), ("decline", "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the school accepts the visit"},
    )
    comment = forms.CharField(
        label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


ANSWER_NOTE_MAX = 2000


def _answer_note() -> forms.CharField:
    """Needed to decline or ask for changes: the answering service says so beside this field."""
    return forms.CharField(
        label="Why the school declines, or what it would like changed",
        help_text="Needed if the school declines or asks for changes. The lead officer reads it.",
        required=False,
        max_length=ANSWER_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Keep it to {ANSWER_NOTE_MAX:,} characters or fewer"},
    )


def _how_outside_the_portal(label: str, required: str) -> forms.ChoiceField:
    """How the school gave what an LA officer records for it: by phone, letter, email or at a meeting."""
    return forms.ChoiceField(
        label=label,
        choices=[(v, text.capitalize()) for v, text in AnswerHow.choices if v != AnswerHow.PORTAL],
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


def _who_for_the_school(label: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="Their name and role, for example Mrs A Jones, headteacher",
        max_length=200,
        error_messages={
            "required": required,
            "max_length": "Keep the name and role to 200 characters or fewer",
        },
    )


class AgreementAnswerForm(GovukForm):
    """The receiving school's headteacher answers in the portal."""

    answer = forms.ChoiceField(
        label="Do you agree this support for your school?",
        choices=[
            (AgreementStatus.AGREED, "Yes, I agree the support"),
            (AgreementStatus.CHANGES_REQUESTED, "I would like changes first"),
            (AgreementStatus.DECLINED, "No, the school declines it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree the support"},
    )
    note = _answer_note()


class AnswerRecordForm(GovukForm):
    """An LA officer records the answer the school gave outside the portal."""

    answer = forms.ChoiceField(
        label="What did the school say?",
        choices=[
            (AgreementStatus.AGREED, "It agrees the support"),
            (AgreementStatus.CHANGES_REQUESTED, "It would like changes first"),
            (AgreementStatus.DECLINED, "It declines the support"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say what the school said"},
    )
    how = _how_outside_the_portal("How did the school give its answer?", "Say how the school gave its answer")
    who = _who_for_the_school(
        "Who answered for the school", "Enter the name of the person who answered for the school"
    )
    on = date_field("Date the school answered")
    note = _answer_note()
    document = forms.FileField(
        label="The school's letter or email (optional)",
        help_text="A PDF, Word, OpenDocument or text file, up to 10 MB",
        required=False,
    )


class LogForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ActionLogEntry
        fields = ["kind", "happened_on", "hours", "what_was_done", "evidence_seen", "next_steps"]
        widgets = {
            "kind": forms.RadioSelect,
            "what_was_done": forms.Textarea(attrs={"rows": 4}),
            "evidence_seen": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "kind": {"required": "Select the kind of support"},
            "hours": {"required": "Enter the time spent", "invalid": "Enter the hours, like 2.5"},
            "what_was_done": {"required": "Say what was done"},
        }

    def __init__(self, *args, visit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = LogKind.choices
        self.fields["happened_on"] = date_field("Date")
        if visit is not None:
            del self.fields["kind"]
            self.fields["happened_on"].initial = visit.visit_on


class ReviewScheduleForm(GovukForm):
    due_on = date_field("Due date")
    reason = reason_field()


class ReviewRateForm(GovukForm):
    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = date_field("Date of the review")
        self.objective_fields = []
        for objective in objectives:
            self.fields[f"rating_{objective.pk}"] = forms.ChoiceField(
                label=f"{objective.description} (measure: {objective.outcome_measure})",
                choices=Rating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Rate this objective"},
            )
            self.fields[f"comment_{objective.pk}"] = forms.CharField(
                label="Comment on this objective (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.objective_fields.append(objective.pk)
        self.fields["summary"] = forms.CharField(
            label="Summary of progress",
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Write a summary"},
        )

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            pk: (self.cleaned_data[f"rating_{pk}"], self.cleaned_data[f"comment_{pk}"])
            for pk in self.objective_fields
        }


class ReviewCommentForm(GovukForm):
    comment = forms.CharField(
        label="The school's comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the comment"},
    )


class ReviewQaForm(GovukForm):
    judgement = forms.ChoiceField(
        label="Quality assurance judgement",
        choices=QaJudgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a judgement"},
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a comment"},
    )


class EscalateForm(GovukForm):
    reason = forms.CharField(
        label="Why escalate?",
        help_text="For example, progress against the agreed priorities is too slow, or an adverse inspection is at risk.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the case is escalated"},
    )
    intervention = forms.ChoiceField(
        label="Intervention",
        choices=Intervention.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the intervention"},
    )
    intervention_detail = forms.CharField(
        label="Details (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_maker = forms.CharField(
        label="Who made the decision",
        max_length=200,
        error_messages={"required": "Enter who made the decision"},
    )


class CloseForm(GovukForm):
    """How the case ended. Support completed says whether each objective was met; a case closing
    before support was delivered and reviewed says why instead (the service holds both rules)."""

    closure = forms.ChoiceField(
        label="How did the support end?",
        choices=[
            (Closure.COMPLETED, "The support was delivered and reviewed"),
            (Closure.WITHOUT_COMPLETION, "It is closing without completion"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the support ended"},
    )
    closure_reason = forms.ChoiceField(
        label="If it is closing without completion, why?",
        choices=[("", "Choose a reason"), *ClosureReason.choices],
        required=False,
    )

    def __init__(self, *args, objectives, before: str, after: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_fields = []
        for objective in objectives:
            self.fields[f"outcome_{objective.pk}"] = forms.ChoiceField(
                label=f"{objective.description}",
                help_text=f"Outcome measure: {objective.outcome_measure}",
                choices=[("met", "Met"), ("partly_met", "Partly met"), ("not_met", "Not met")],
                widget=forms.RadioSelect,
                required=False,
            )
            self.objective_fields.append(objective.pk)
        self.fields["impact_statement"] = forms.CharField(
            label="Impact statement",
            help_text="Needed when the support was delivered and reviewed.",
            widget=forms.Textarea(attrs={"rows": 5}),
            required=False,
        )
        self.fields["evidence_before"] = forms.CharField(
            label="Evidence before support",
            initial=before,
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        )
        self.fields["evidence_after"] = forms.CharField(
            label="Evidence after support",
            initial=after,
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        )
        self.fields["reason"] = reason_field("Enter why the case is closing")

    def clean(self):
        data = super().clean()
        if data.get("closure") == Closure.COMPLETED:
            for pk in self.objective_fields:
                if not data.get(f"outcome_{pk}"):
                    self.add_error(
                        f"outcome_{pk}", "Say whether this objective was met, partly met or not met"
                    )
            if not (data.get("impact_statement") or "").strip():
                self.add_error("impact_statement", "Write the impact statement")
        elif data.get("closure") == Closure.WITHOUT_COMPLETION and not data.get("closure_reason"):
            self.add_error("closure_reason", "Say why the case is closing without completion")
        return data

    def outcomes(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"outcome_{pk}", "") for pk in self.objective_fields}


class CaseFilterForm(GovukForm):
    q = forms.CharField(label="School name or URN", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any open case"), *CaseStatus.choices]
    )
    provider_type = forms.ChoiceField(
        label="Provider", required=False, choices=[("", "Any provider"), *ProviderType.choices]
    )
    funding = forms.ChoiceField(
        label="Funding", required=False, choices=[("", "Any funding"), *Funding.choices]
    )
    lead = forms.ChoiceField(label="Lead officer", required=False, choices=[("", "Anyone"), ("me", "Me")])
    watched = forms.BooleanField(label="Only cases on my watchlist", required=False)

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"] = forms.ModelChoiceField(
            label="Priority", required=False, queryset=priorities, empty_label="Any priority"
        )


class ProviderLinkForm(GovukForm):
    def __init__(self, *args, schools, **kwargs):
        from support.models.links import LinkNature

        super().__init__(*args, **kwargs)
        self.fields["school"] = forms.ModelChoiceField(
            queryset=schools,
            label="School",
            empty_label="Select a school",
            error_messages={"required": "Select the school"},
        )
        self.fields["nature"] = forms.ChoiceField(
            label="The link",
            choices=LinkNature.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the kind of link"},
        )
        self.fields["details"] = forms.CharField(label="Details (optional)", required=False, max_length=300)


def _brief_note(label: str, hint: str) -> forms.CharField:
    from support.models.briefs import BRIEF_NOTE_MAX

    return forms.CharField(
        label=label,
        help_text=f"{hint} Up to {BRIEF_NOTE_MAX:,} characters.",
        required=False,
        max_length=BRIEF_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Keep the note to {BRIEF_NOTE_MAX:,} characters or fewer"},
    )


class BriefApproveForm(GovukForm):
    """The headteacher approves the brief their governors read."""

    note = _brief_note(
        "A note to governors (optional)", "A few sentences in your own words, shown under the facts."
    )


class BriefApprovalRecordForm(GovukForm):
    """An LA officer records the approval of a headteacher who is not in the portal."""

    how = _how_outside_the_portal(
        "How did the headteacher approve the brief?", "Say how the headteacher approved the brief"
    )
    who = _who_for_the_school("Who approved it for the school", "Enter who approved the brief for the school")
    on = date_field("Date the headteacher approved it")
    note = _brief_note(
        "The headteacher's note to governors (optional)", "In the headteacher's words, if they gave one."
    )
