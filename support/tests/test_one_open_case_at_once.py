"""Two officers open a case for one school at the same moment: the database keeps one open case,
and the second officer sees why beside the school, as they would one after the other."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from conftest import require_service
from support.models import SupportCase
from support.services import cases as case_services
from tests.helpers import text_of


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_open_exactly_one_case(monkeypatch, la_officer_a, school_x, partnership_a):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    both_checked = threading.Barrier(2, timeout=20)
    real_save = case_services.save_or_refuse

    def save_once_both_have_checked(*args, **kwargs):
        # Both requests have found no open case before either saves: the race the form cannot see.
        both_checked.wait()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(case_services, "save_or_refuse", save_once_both_have_checked)
    url = reverse("support:case-open", kwargs={"partnership_slug": "pa"})
    data = {"school": school_x.pk, "source": "officer", "lead_officer": la_officer_a.pk, "reason": "x"}
    responses = []

    def submit():
        try:
            client = Client()
            client.force_login(la_officer_a)
            responses.append(client.post(url, data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert SupportCase.objects.filter(school=school_x).count() == 1
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "School X already has an open case. Add an agreement to it instead" in text_of(refused)
