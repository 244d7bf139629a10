"""The world of the inclusion pupil pages tests (inclusion/tests/world.py) and the helpers they share
(decision 0020). Who sees which pupil, page by page and persona by persona, is in test_page_matrix.py.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from ..world import build_world


def url(name: str, slug: str = "pa", **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))] if match else []


def options_of(response, name: str) -> set[int]:
    """The ids offered by the select called name."""
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)
