"""Forms of the reports pages: making a report now, approving and publishing it, and subscribing."""

from __future__ import annotations

from django import forms

from governance.models.reports import COMMENTARY_MAX, NARRATIVE_MAX
from partnership.forms.govuk import GovukForm
from schools.forms import date_field, reason_field


class GenerateForm(GovukForm):
    """Which report to make: a term's (this term so far, the one just ended, or another term of this
    or last academic year), or a year's annual report."""

    def __init__(self, *args, years: list[int], terms: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms:
            self.fields["term"] = forms.TypedChoiceField(
                label="Term",
                coerce=int,
                choices=terms,
                error_messages={"required": "Choose the term", "invalid_choice": "Choose the term"},
            )
        self.fields["academic_year"] = forms.TypedChoiceField(
            label="Academic year",
            coerce=int,
            choices=[(year, f"{year} to {year + 1}") for year in years],
            error_messages={
                "required": "Choose the academic year",
                "invalid_choice": "Choose the academic year",
            },
        )
        self.fields["reason"] = reason_field()


class ApproveForm(GovukForm):
    confirm = forms.BooleanField(
        label="I have read the draft report and it is ready to be published",
        error_messages={"required": "Confirm that you have read the draft report"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field()


class PublishForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_on"] = date_field("Publication date")
        self.fields["reason"] = reason_field()


class SubscribeForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class NarrativeForm(GovukForm):
    """The officer's narrative on a draft report: the boxes in the order the report reads them, each
    commentary beside its section's headline figures (the template draws those)."""

    def __init__(self, *args, sections: list[dict], boards, period: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.fields["key_messages"] = _box(
            "Key messages",
            "A short summary for someone who reads nothing else: what the figures show and what it "
            "means for the partnership's schools.",
            NARRATIVE_MAX,
            rows=6,
        )
        self.fields["activity"] = _box(
            f"What the partnership did {period}",
            "The support arranged, the meetings held, the work of the networks and the groups.",
            NARRATIVE_MAX,
            rows=8,
        )
        for section in sections:
            self.fields[f"commentary_{section['key']}"] = _box(
                f"Commentary on {section['title'][0].lower()}{section['title'][1:]} (optional)",
                "What these figures mean, and why they changed.",
                COMMENTARY_MAX,
                rows=4,
            )
        self.fields["next_steps"] = _box(
            "Next steps", "What the partnership will do next, and who will do it.", NARRATIVE_MAX, rows=6
        )
        self.fields["endorsed_by"] = forms.ModelChoiceField(
            queryset=boards,
            required=False,
            label="Endorsed by (optional)",
            empty_label="Not endorsed yet",
            help_text="The group that endorsed this draft, if it has.",
            error_messages={"invalid_choice": "Choose one of the groups in the list"},
        )
        self.fields["endorsed_on"] = date_field(
            "Date of endorsement (optional)", required=False, called="the date of endorsement"
        )
        self.fields["seen"] = forms.CharField(widget=forms.HiddenInput, required=False)

    def commentaries(self) -> list[tuple[dict, forms.BoundField]]:
        """Each section with its commentary box, for the template."""
        return [(section, self[f"commentary_{section['key']}"]) for section in self.sections]

    def clean(self):
        data = super().clean()
        board, day = data.get("endorsed_by"), data.get("endorsed_on")
        if board is not None and day is None and "endorsed_on" not in self.errors:
            self.add_error("endorsed_on", "Enter the date the group endorsed the report")
        if day is not None and board is None and "endorsed_by" not in self.errors:
            self.add_error("endorsed_by", "Choose the group that endorsed the report")
        return data

    def commentary(self) -> dict[str, str]:
        return {
            section["key"]: self.cleaned_data.get(f"commentary_{section['key']}", "")
            for section in self.sections
        }


def _box(label: str, hint: str, limit: int, *, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
    )
