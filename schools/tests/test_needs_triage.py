"""The needs list on Leicestershire's real files: only the schools the partnership covers are
flagged, special schools only by their inspections, and the list filters, sorts and dates its
evidence for triage. Every expected list is worked out from the database, not typed in."""

from pathlib import Path

import pytest
from django.urls import reverse

from partnership.models import Role
from schools.importers.gias import gias_read
from schools.importers.inspections import inspections_read
from schools.importers.performance import performance_read
from schools.models import NeedsFlag, School, TriggerSetting
from schools.models.needs import INSPECTION_TRIGGERS, FlagStatus, TriggerKind
from schools.services import inspections_load, needs_flags_refresh, performance_load, schools_load
from tests.factories import LocalAuthorityFactory, PartnershipFactory, RoleFactory, UserFactory
from tests.helpers import pinned_queries, text_of

LEICS = Path(__file__).resolve().parents[2] / "data" / "leicestershire"


@pytest.fixture
def leep(db):
    partnership = PartnershipFactory(name="LEEP", short_name="LEEP", slug="leep")
    LocalAuthorityFactory(code="855", name="Leicestershire", partnership=partnership)
    schools_load(actor=None, rows=gias_read(LEICS / "gias_establishments.csv"), reason="test")
    inspections_load(actor=None, rows=inspections_read(LEICS / "inspections_to_2018.csv"), reason="test")
    for year in (2016, 2017, 2018):
        rows = performance_read(LEICS / f"ks2_perf_{year}.csv", key_stage=2, academic_year=year)
        performance_load(actor=None, rows=rows, key_stage=2, reason="test")
    # Also the trigger that flags schools not inspected for five years, which reaches independent
    # schools such as Brooke House College (URN 120341, last inspected in 2010) if nothing stops it.
    TriggerSetting.objects.create(partnership=partnership, kind=TriggerKind.INSPECTION_OVERDUE, enabled=True)
    needs_flags_refresh(partnership=partnership)
    officer = UserFactory(full_name="Olive Officer")
    RoleFactory(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    return partnership, officer


def open_urns(partnership, **where) -> set[int]:
    return set(
        NeedsFlag.objects.filter(partnership=partnership, status=FlagStatus.OPEN, **where).values_list(
            "school__urn", flat=True
        )
    )


def listed(client, **query) -> list[int]:
    url = reverse("schools:needs", kwargs={"partnership_slug": "leep"})
    response = client.get(url, {**query, "page": 1})
    urns = [entry.school.urn for entry in response.context["page"].paginator.object_list]
    return urns


def test_only_covered_schools_are_flagged_and_special_schools_only_by_inspection(leep):
    partnership, _ = leep
    flagged = open_urns(partnership)
    assert flagged, "the real files set off some triggers"
    independent = set(School.objects.filter(type_group="Independent schools").values_list("urn", flat=True))
    assert 120341 in independent and not flagged & independent
    assert open_urns(partnership, kind=TriggerKind.INSPECTION_OVERDUE) - independent  # others still are
    special_flags = NeedsFlag.objects.filter(partnership=partnership, school__type_group="Special schools")
    assert set(special_flags.values_list("kind", flat=True)) <= INSPECTION_TRIGGERS


def test_filters_give_exactly_the_matching_schools_and_the_list_sorts_by_severity(leep, client_for):
    partnership, officer = leep
    client = client_for(officer)
    everyone = listed(client)
    assert set(everyone) == open_urns(partnership)
    assert set(listed(client, trigger=TriggerKind.KS2_BELOW_LA)) == open_urns(
        partnership, kind=TriggerKind.KS2_BELOW_LA
    )
    assert set(listed(client, phase="Secondary")) == open_urns(partnership, school__phase="Secondary")
    assert set(listed(client, type_group="Academies")) == open_urns(
        partnership, school__type_group="Academies"
    )
    # Most triggers first; among equals, furthest below the LA average first.
    counts = [
        NeedsFlag.objects.filter(partnership=partnership, status="open", school__urn=u).count()
        for u in everyone
    ]
    assert counts == sorted(counts, reverse=True)
    assert listed(client, sort="name") == sorted(
        everyone, key=lambda urn: (School.objects.get(urn=urn).name, urn)
    )


def test_a_school_with_an_open_case_links_to_it_and_can_be_filtered(leep, client_for):
    from support.models import SupportCase

    partnership, officer = leep
    client = client_for(officer)
    first = listed(client)[0]
    school = School.objects.get(urn=first)
    case = SupportCase.objects.create(
        partnership=partnership, school=school, source="trigger", lead_officer=officer
    )
    assert listed(client, open_case="yes") == [first]
    assert first not in listed(client, open_case="no")
    page = client.get(reverse("schools:needs", kwargs={"partnership_slug": "leep"}), {"open_case": "yes"})
    html = page.content.decode()
    assert f"/p/leep/support/cases/{case.pk}/" in html and "Start a support case" not in html
    # Each flag says how old its evidence is: the results of 2017 to 2018 are dated 31 August 2018.
    ks2 = NeedsFlag.objects.filter(partnership=partnership, kind=TriggerKind.KS2_BELOW_LA).first()
    assert ks2.evidence_on.isoformat() == f"{ks2.evidence_key.split(':')[1]}-08-31"
    text = text_of(
        client.get(reverse("schools:needs", kwargs={"partnership_slug": "leep"}), {"trigger": ks2.kind})
    )
    assert f"Evidence from 31 August {ks2.evidence_on.year}:" in text


def test_the_list_reads_the_same_number_of_queries_however_many_flags(leep, client_for):
    partnership, officer = leep
    client = client_for(officer)
    url = reverse("schools:needs", kwargs={"partnership_slug": "leep"})
    client.get(url)
    assert NeedsFlag.objects.filter(partnership=partnership, status="open").count() > 50
    # session, user, context, the filters' phases and types, the networks, flags with their
    # schools, open cases, access log entry, partnership chooser
    with pinned_queries(9):
        client.get(url)
    with pinned_queries(9):
        client.get(url, {"trigger": TriggerKind.INSPECTION_OVERDUE, "open_case": "no"})
