"""Every free-text field has a limit that its form states and enforces (partnership.limits,
decision 0029): one character over is refused with a message beside the field, a single-line field
refuses line breaks, and no form in the portal is outside the one place that does this."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

from partnership.forms.govuk import GovukForm, GovukFormMixin
from partnership.limits import LINE_MAX, TEXT_MAX
from support.models import Action
from tests.factories import AgreementFactory, CaseFactory
from tests.helpers import future, text_of

ROOT = Path(__file__).resolve().parent.parent
APPS = ("partnership", "schools", "consultation", "inclusion", "support", "governance")


def _project_forms() -> list[type]:
    found = set()
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".tests" in module.name or ".migrations" in module.name or "forms" not in module.name:
                continue
            loaded = importlib.import_module(module.name)
            for _, value in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__.startswith(APPS):
                    found.add(value)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def test_every_form_in_the_portal_is_limited_in_the_one_place():
    project_forms = _project_forms()
    assert len(project_forms) > 60
    outside = [
        f"{cls.__module__}.{cls.__name__}" for cls in project_forms if not issubclass(cls, GovukFormMixin)
    ]
    assert outside == []


class Sample(GovukForm):
    title = forms.CharField(label="Title")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    question = forms.CharField(label="Why is the pupil at risk?", widget=forms.Textarea, required=False)
    short = forms.CharField(label="Owner", max_length=20, required=False)


def test_a_field_without_a_limit_gets_one_and_states_it():
    form = Sample()
    assert form.fields["title"].max_length == LINE_MAX
    assert form.fields["notes"].max_length == TEXT_MAX
    html = str(form)
    assert f'maxlength="{LINE_MAX}"' in html
    assert "You can enter up to 10,000 characters." in html
    # A text area is never cut short by the browser: the limit is stated and checked on the server.
    assert not re.search(r"<textarea[^>]*\smaxlength=", html)


def test_one_character_over_is_refused_beside_the_field():
    form = Sample(
        data={
            "title": "x" * (LINE_MAX + 1),
            "notes": "y" * (TEXT_MAX + 1),
            "question": "z" * (TEXT_MAX + 1),
            "short": "s" * 21,
        }
    )
    assert not form.is_valid()
    assert form.errors["title"] == ["Title must be 200 characters or fewer"]
    assert form.errors["notes"] == ["Notes must be 10,000 characters or fewer"]
    assert form.errors["question"] == ["Your answer must be 10,000 characters or fewer"]
    assert form.errors["short"] == ["Owner must be 20 characters or fewer"]
    at_limit = Sample(data={"title": "x" * LINE_MAX, "notes": "y" * TEXT_MAX, "short": "s" * 20})
    assert at_limit.is_valid(), at_limit.errors


def test_a_single_line_field_refuses_line_breaks_and_a_text_area_keeps_them():
    form = Sample(data={"title": "One\nTwo", "notes": "One\r\n\tTwo"})
    assert form.errors == {"title": ["Title must be on one line"]}
    assert Sample(data={"title": "One line", "notes": "One\r\n\tTwo"}).is_valid()


@pytest.mark.parametrize(
    ("form_path", "field", "kwargs"),
    [
        ("support.forms.ActionForm", "description", {}),
        ("inclusion.forms.referrals.ReferForm", "reasons", None),
        ("inclusion.forms.provision.PlacementReviewForm", "progress_notes", {"review_weeks": 6}),
        ("governance.forms.minutes.MinuteRequestForm", "text", {}),
    ],
)
def test_the_fields_once_stored_at_100000_characters_are_refused(form_path, field, kwargs):
    module, _, name = form_path.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    if kwargs is None:
        signature = inspect.signature(cls.__init__)
        kwargs = {
            p.name: None
            for p in signature.parameters.values()
            if p.kind == p.KEYWORD_ONLY and p.default is p.empty
        }
    form = cls(data={field: "x" * 100_000}, **kwargs)
    assert not form.is_valid()
    assert any("10,000 characters or fewer" in message for message in form.errors[field])


@pytest.mark.django_db
def test_an_over_long_action_is_refused_on_the_page_and_not_stored(
    client_for, la_officer_a, partnership_a, school_x
):
    case = CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)
    agreement = AgreementFactory(case=case)
    address = reverse(
        "support:action-new", kwargs={"partnership_slug": partnership_a.slug, "agreement_id": agreement.pk}
    )
    client = client_for(la_officer_a)
    page = client.get(address)
    assert "You can enter up to 10,000 characters." in text_of(page)
    response = client.post(
        address,
        {"description": "x" * (TEXT_MAX + 1), "owner": "Head", "due_on": future(30), "reason": "Plan"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in text_of(response)
    # Beside the field: the message carries the field's error id, which the text area points to.
    assert re.search(
        r'id="id_description_error"[^>]*>\s*<span[^>]*>Error:</span>\s*Action must be 10,000', html
    )
    assert not Action.objects.exists()
