"""Forms for at-risk referrals and the plans the inclusion partnership agrees (decision 0020)."""

from __future__ import annotations

from django import forms

from inclusion.models import PlanType, ReferralStatus
from inclusion.selectors import ALL_STATUSES
from partnership.forms import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm

# What each kind of plan means, beside its radio button.
PLAN_HINTS = {
    PlanType.IN_SCHOOL: "The pupil stays in their lessons at the home school, with extra help the "
    "partnership agrees, such as mentoring, a key worker or a changed timetable.",
    PlanType.HOME_BASE: "Time in the partnership's home base, blended with lessons at the home school, "
    "for a set period before the pupil returns to full-time mainstream.",
    PlanType.AP_PLACEMENT: "Some days a week with a registered alternative provision provider. Record "
    "the placement itself from the referral's page once the plan is agreed.",
    PlanType.MANAGED_MOVE: "A planned move to another school in the partnership, with a trial period, "
    "agreed by both schools and the family.",
}


def _reason(help_text: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        **{**REASON_FIELD_KWARGS, "help_text": help_text}, error_messages={"required": required_message}
    )


class ReferralFilterForm(GovukForm):
    q = forms.CharField(label="Pupil's name or UPN", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any open referral"), *ReferralStatus.choices, (ALL_STATUSES, "Any, including closed")],
    )
    overdue = forms.BooleanField(label="Only referrals with a review overdue", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("referred", "Referred (newest first)"),
            ("referred_oldest", "Referred (oldest first)"),
            ("next_review", "Next review (soonest first)"),
        ],
    )

    def __init__(self, *args, areas: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = forms.TypedChoiceField(
            label="Inclusion partnership",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Any area"), *areas],
        )
        # The area sits after the status, where people look for it.
        order = ["q", "status", "area", "overdue", "sort"]
        self.fields = {name: self.fields[name] for name in order}


class ReferForm(GovukForm):
    reasons = forms.CharField(
        label="Why is the pupil at risk of exclusion?",
        help_text="What has happened, how often, and since when. Keep to what the partnership needs "
        "to agree a plan.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the pupil is at risk"},
    )
    support_tried = forms.CharField(
        label="What support has the school already tried?",
        help_text="For example, a mentor, a reduced timetable, a behaviour plan or outside agencies, and "
        "how it went.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the support the school has already tried"},
    )
    reason = _reason(
        "Why you are referring the pupil now, for the record's history. For example, agreed at the "
        "school's pastoral meeting.",
        "Enter why you are making this referral",
    )


class PlanForm(GovukForm):
    plan_type = forms.ChoiceField(
        label="What has the partnership agreed?",
        choices=PlanType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the plan agreed"},
    )
    detail = forms.CharField(
        label="The plan",
        help_text="Who does what, for how long, and what should have changed by the first review.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe the plan"},
    )
    next_review_on = date_field("Date of the first review")
    reason = _reason("This is kept in the record's history.", "Enter why the plan is being agreed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].help_text = "A date after today, for example, 15/01/2027"

    def plan_options(self) -> list[dict]:
        """The plan radios with their hints, for the template (the shared radio layout has no
        per-option hint)."""
        bound = self["plan_type"]
        return [
            {"option": option, "hint": PLAN_HINTS.get(option.data["value"], "")}
            for option in bound.subwidgets
        ]


class ReviewForm(GovukForm):
    notes = forms.CharField(
        label="What did the review find?",
        help_text="How the plan is working, what has changed, and what happens next.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the review found"},
    )
    next_review_on = date_field("Date of the next review", required=False)
    reason = _reason("This is kept in the record's history.", "Enter why you are recording this review")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].help_text = (
            "A date after today, for example, 15/01/2027. Leave it blank only if the referral is "
            "about to close."
        )


class CloseReferralForm(GovukForm):
    reason = _reason("This is kept in the record's history.", "Enter why the referral is closing")
