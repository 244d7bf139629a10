"""Recording the decision on an item, by its decision rule."""

from __future__ import annotations

from django import forms

from governance.models.meetings import DecisionRule, VoteChoice
from partnership.forms.govuk import GovukForm


class DecisionForm(GovukForm):
    def __init__(self, *args, item, voters, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = item.rule
        if item.rule == DecisionRule.CONSENSUS:
            self.fields["agreed"] = forms.ChoiceField(
                label="Did the group agree?",
                choices=[("yes", "Agreed"), ("no", "Not agreed")],
                widget=forms.RadioSelect,
                error_messages={"required": "Say whether the group agreed"},
            )
        elif item.rule == DecisionRule.BUDGET:
            self.fields["group_view"] = forms.CharField(
                label="The group's view", widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
            self.fields["la_decision"] = forms.CharField(
                label="The LA's decision",
                max_length=200,
                error_messages={"required": "Record the LA's decision"},
            )
        elif item.rule == DecisionRule.GRANT:
            self.voters = []
            for user in voters:
                self.fields[f"vote_{user.pk}"] = forms.ChoiceField(
                    label=str(user), choices=[("", "Did not vote"), *VoteChoice.choices], required=False
                )
                self.voters.append(user.pk)
            self.fields["chair_choice"] = forms.ChoiceField(
                label="If the vote is tied: the chair's decision",
                choices=[("", "Not needed"), ("for", "For"), ("against", "Against")],
                required=False,
            )
        elif item.rule == DecisionRule.CHAIR_ELECTION:
            self.fields["elected"] = forms.ModelChoiceField(
                queryset=members,
                label="Member elected as chair",
                empty_label="Select a member",
                error_messages={"required": "Choose the member elected as chair"},
            )
        self.fields["notes"] = forms.CharField(
            label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def votes(self) -> dict[int, str]:
        return {
            pk: self.cleaned_data[f"vote_{pk}"]
            for pk in getattr(self, "voters", [])
            if self.cleaned_data.get(f"vote_{pk}")
        }
