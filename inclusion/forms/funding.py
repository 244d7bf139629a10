"""Forms for inclusion partnerships, their chair, staff, allocations and spending (decision 0020).

Forms check what a person typed; the services in inclusion.services decide everything
else and their refusals are shown beside the field they concern.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from inclusion.models import SpendCategory
from inclusion.selectors.funding import financial_year_label
from partnership.forms import REASON_FIELD_KWARGS, date_field
from partnership.forms.govuk import GovukForm
from schools.models import School


def _reason(required_message: str) -> forms.CharField:
    return forms.CharField(
        **{**REASON_FIELD_KWARGS, "label": "Why are you making this change?"},
        error_messages={"required": required_message},
    )


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence. "£12,500.50" is read as 12500.50: people type what they see."""

    def __init__(self, *, label: str, required_message: str, **kwargs):
        super().__init__(
            label=label,
            max_digits=12,
            decimal_places=2,
            min_value=Decimal("0"),
            localize=False,
            error_messages={
                "required": required_message,
                "invalid": "Enter the amount in pounds as a number, like 1500 or 1500.50",
                "min_value": "The amount must be £0 or more",
                "max_digits": "Enter an amount less than £10,000,000,000",
                "max_whole_digits": "Enter an amount less than £10,000,000,000",
                "max_decimal_places": "Enter the amount in pounds and pence, with no more than 2 decimal places",
            },
            widget=forms.TextInput(
                attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
            ),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class PartnershipFilterForm(GovukForm):
    q = forms.CharField(
        label="Search by area, fund-holder school or chair",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "search"}),
    )


class PartnershipNewForm(GovukForm):
    """Set up an inclusion partnership on a network. The fund holder is listed under each network, so
    no script is needed to narrow the list once a network is chosen."""

    def __init__(self, *args, networks, members_by_network, chairs_by_network=None, **kwargs):
        """chairs_by_network: each network's member schools' headteachers, for an LA inclusion
        officer, who may name the chair; None for anyone else, who gets no chair field (the
        fund-holder school's headteacher chairs)."""
        super().__init__(*args, **kwargs)
        self.fields["network"] = forms.ModelChoiceField(
            queryset=networks,
            label="Network",
            help_text="A network of the type behaviour and inclusion partnership that has no inclusion partnership yet.",
            empty_label="Select a network",
            error_messages={
                "required": "Select the network",
                "invalid_choice": "Select a network from the list",
            },
        )
        self.fields["area"] = forms.CharField(
            label="Area",
            max_length=200,
            help_text="The part of the county the partnership covers, for example North West Leicestershire.",
            error_messages={"required": "Enter the area the partnership covers"},
        )
        self._schools = {school.pk: school for _, schools in members_by_network for school in schools}
        self.fields["fund_holder"] = forms.TypedChoiceField(
            label="Fund-holder school",
            help_text="The school that holds the partnership's money. It must be a member of the network you chose.",
            coerce=int,
            choices=[("", "Select a school")]
            + [
                (network.name, [(school.pk, school.name) for school in schools])
                for network, schools in members_by_network
                if schools
            ],
            error_messages={
                "required": "Select the fund-holder school",
                "invalid_choice": "Select a school from the list",
            },
        )
        if chairs_by_network is not None:
            self._chairs = {user.pk: user for _, heads in chairs_by_network for user, _ in heads}
            self.fields["chair"] = forms.TypedChoiceField(
                required=False,
                label="Chair (optional)",
                help_text=(
                    "The headteacher of one of the chosen network's member schools. Leave this as it "
                    "is and the fund-holder school's headteacher chairs the partnership."
                ),
                coerce=int,
                empty_value=None,
                choices=[("", "The fund-holder school's headteacher")]
                + [
                    (network.name, [(user.pk, f"{user.full_name}, {school.name}") for user, school in heads])
                    for network, heads in chairs_by_network
                    if heads
                ],
                error_messages={"invalid_choice": "Select a person from the list"},
            )
        self.fields["reason"] = _reason("Enter why the partnership is being set up")

    def clean_fund_holder(self) -> School:
        return self._schools[self.cleaned_data["fund_holder"]]

    def clean_chair(self):
        chosen = self.cleaned_data["chair"]
        return None if chosen is None else self._chairs[chosen]


class PartnershipEditForm(GovukForm):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = forms.CharField(
            label="Area", max_length=200, error_messages={"required": "Enter the area the partnership covers"}
        )
        self.fields["fund_holder"] = forms.ModelChoiceField(
            queryset=members,
            label="Fund-holder school",
            help_text="One of the network's member schools today.",
            empty_label="Select a school",
            error_messages={
                "required": "Select the fund-holder school",
                "invalid_choice": "Select a school from the list: the fund holder must be a member school",
            },
        )
        self.fields["reason"] = _reason("Enter why you are changing the partnership's details")


class HeadChoiceField(forms.ModelChoiceField):
    """A headteacher, shown with the member school they head (annotated as head_of)."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name}, {obj.head_of}"


class ChairForm(GovukForm):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"] = HeadChoiceField(
            queryset=people,
            label="New chair",
            help_text="The headteacher of one of the partnership's member schools.",
            empty_label="Select a headteacher",
            error_messages={
                "required": "Select the new chair",
                "invalid_choice": (
                    "Select a headteacher from the list: the chair must be the headteacher of one of "
                    "the partnership's member schools"
                ),
            },
        )
        self.fields["reason"] = _reason("Enter why the chair is changing")


class StaffAddForm(GovukForm):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            queryset=people,
            label="Person",
            help_text="People with the inclusion partnership staff role who are not on this partnership's staff already.",
            empty_label="Select a person",
            error_messages={
                "required": "Select the person joining the staff",
                "invalid_choice": "Select a person from the list. People already on the staff are not listed",
            },
        )
        self.fields["starts_on"] = date_field("Start date")
        self.fields["reason"] = _reason("Enter why this person is joining the staff")


class StaffEndForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"] = date_field("End date")
        self.fields[
            "ends_on"
        ].help_text = (
            "They stop seeing the partnership's pupils from the start of this day. For example, 01/09/2025"
        )
        self.fields["reason"] = _reason("Enter why this person is leaving the staff")


class AllocationForm(GovukForm):
    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"] = forms.TypedChoiceField(
            label="Financial year",
            help_text="April to March.",
            coerce=int,
            choices=[(year, financial_year_label(year)) for year in years],
            error_messages={
                "required": "Select the financial year",
                "invalid_choice": "Select a financial year from the list",
            },
        )
        self.fields["amount"] = MoneyField(
            label="Amount allocated, in pounds (£)", required_message="Enter the amount allocated, or 0"
        )
        self.fields["reason"] = _reason("Enter why you are setting this allocation")


class SpendForm(GovukForm):
    category = forms.ChoiceField(
        label="What was the money spent on?",
        choices=SpendCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the money was spent on"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"] = MoneyField(
            label="Amount spent, in pounds (£)", required_message="Enter the amount spent"
        )
        self.fields["description"] = forms.CharField(
            label="Description (optional)",
            required=False,
            max_length=300,
            help_text=(
                "For example, the home base teacher's salary for the autumn term. Board members and "
                "member schools' headteachers read this, so do not name pupils."
            ),
            error_messages={"max_length": "The description must be 300 characters or fewer"},
        )
        self.fields["reason"] = _reason("Enter why you are recording this spending")
