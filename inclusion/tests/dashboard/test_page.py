"""The inclusion dashboard page (decision 0021): who may see it, what each reader sees exactly and
what hidden, one area's page, that no pupil is named, and that its query count does not grow with the
records."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from inclusion.selectors.figures import academic_year_of
from inclusion.tables import Reader, dashboard_sections
from tests.helpers import pinned_queries, text_of

from .conftest import YEAR, _more_records, known_figures, known_url, on, rows_of, sections_for, url

pytestmark = pytest.mark.django_db


# --- Who may see the figures --------------------------------------------------------------------

SEES = {
    "la_officer_a": 200,
    "la_admin_a": 200,
    "board_member_a": 200,
    "inclusion_officer": 200,
    "partnership_staff": 200,
    "chair_y": 200,  # chairs North
    "other_head_w": 200,  # chairs South
    "head_x": 404,  # a headteacher who chairs nothing
    "designated_lead_x": 404,
    "teacher_x": 404,
    "governor_x": 404,
    "partner": 404,
    "la_officer_b": 404,
    "inclusion_officer_b": 404,
}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_role_sees_the_figures_or_a_404(world, persona, client_for):
    client = client_for(world.people[persona])
    assert client.get(url()).status_code == SEES[persona]
    assert client.get(known_url(world.partnerships["south"])).status_code == SEES[persona]


def test_anonymous_visitors_are_sent_to_sign_in(world, anonymous):
    response = anonymous.get(url())
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_an_area_of_another_partnership_or_no_area_at_all_is_a_404(world, client_for):
    officer = client_for(world.people["inclusion_officer"])
    assert officer.get(url(f"?area={world.partnerships['bee'].pk}")).status_code == 404
    assert officer.get(url("?area=99999999")).status_code == 404
    assert officer.get(url("?area=North")).status_code == 404
    # B's officer asking for A's area on B's dashboard finds nothing either.
    officer_b = client_for(world.people["inclusion_officer_b"])
    assert officer_b.get(url(f"?area={world.partnerships['north'].pk}", slug="pb")).status_code == 404
    assert officer_b.get(url(f"?area={world.partnerships['bee'].pk}", slug="pb")).status_code == 200


def test_a_year_outside_the_choices_is_a_404_and_no_year_means_this_one(world, client_for):
    client = client_for(world.people["la_officer_a"])
    current = academic_year_of(timezone.localdate())
    assert client.get(url(f"?year={current + 1}")).status_code == 404
    assert client.get(url(f"?year={current - 6}")).status_code == 404
    assert client.get(url("?year=twenty")).status_code == 404
    response = client.get(url())
    assert response.status_code == 200 and response.context["year"] == current


def test_the_inclusion_officer_sees_every_figure_exactly(world, client_for):
    response = client_for(world.people["inclusion_officer"]).get(known_url())
    sections = sections_for(response)
    compared = rows_of(sections["compared"])
    # Schools, pupils on roll, exclusions, per 1,000, without a consultation, open referrals.
    assert compared["North"] == ["2", "1,000", "2", "2.00", "50%", "2"]
    assert compared["South"] == ["1", "400", "1", "2.50", "100%", "0"]
    assert compared["All partnerships"] == ["3", "1,400", "3", "2.14", "67%", "2"]
    money = rows_of(sections["compared"], 1)
    assert money["North"] == ["1", "£5,000", "100%", "£100,000", "50%"]
    assert money["South"] == ["0", "£1,000", "0%", "£50,000", "20%"]
    consultations = rows_of(sections["consultations"])
    assert consultations["Without a consultation first (flagged)"] == ["2"]
    assert consultations["Consultations with a chair recorded"] == ["3"]
    time_out = rows_of(sections["time_out"])
    assert time_out["Attendance (% of sessions possible)"] == ["70%"]
    assert time_out["Time out of mainstream (% of sessions possible)"] == ["27%"]
    provision = rows_of(sections["provision"])
    assert provision["Cost of the placements started"] == ["£6,000"]
    weeks = Decimal(28 + (on(3, 28) - on(2, 1)).days + 1) / 2 / 7
    expected = weeks.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert provision["Average length of the placements ended (weeks)"] == [str(expected)]
    reintegration = rows_of(sections["reintegration"])
    assert reintegration["Reintegrated into mainstream"] == ["1", "50%"]
    spend = rows_of(sections["spend"], 1)
    assert spend["Staff"] == ["£30,000", "20%"]
    text = text_of(response)
    assert "You see every figure exactly" in text
    assert "Fewer than 5" not in text


def test_board_members_and_la_officers_see_small_numbers_hidden(world, client_for):
    for persona in ("board_member_a", "la_officer_a"):
        response = client_for(world.people[persona]).get(known_url())
        sections = sections_for(response)
        compared = rows_of(sections["compared"])
        # Register numbers are public; every count of pupils here is under 5, and so every rate.
        assert compared["North"] == ["2", "1,000", "Fewer than 5", "Not shown", "Not shown", "Fewer than 5"]
        assert compared["South"][3:] == ["Not shown", "Not shown", "0"]
        money = rows_of(sections["compared"], 1)
        assert money["North"] == ["Fewer than 5", "Not shown", "Not shown", "£100,000", "50%"]
        consultations = rows_of(sections["consultations"])
        assert consultations["Without a consultation first (flagged)"] == ["Fewer than 5"]
        assert rows_of(sections["time_out"])["Attendance (% of sessions possible)"] == ["Not shown"]
        # Hidden figures are left out of the charts: a bar would give them away.
        assert sections["exclusions"]["chart"] is None
        assert sections["compared"]["chart"] is None
        text = text_of(response)
        assert "shown as “Fewer than 5”" in text
        assert "You see every figure exactly" not in text


def test_a_lower_threshold_shows_what_it_no_longer_hides(world, client_for, settings):
    settings.SMALL_PUPIL_COUNT_MIN = 2
    response = client_for(world.people["board_member_a"]).get(known_url())
    compared = rows_of(sections_for(response)["compared"])
    assert compared["All partnerships"][2:4] == ["3", "2.14"]
    assert compared["South"][2:4] == ["Fewer than 2", "Not shown"]
    # North's two exclusions no longer rest on too few pupils, but the county's three less North's
    # two would give South's one away: North's count and rate are hidden too.
    assert compared["North"][2:4] == ["Not shown", "Not shown"]
    # The split of North's two exclusions rests on one pupil each: both halves are hidden.
    assert compared["North"][4] == "Not shown"


def test_partnership_staff_see_their_own_partnership_exactly_and_others_hidden(world, client_for):
    response = client_for(world.people["partnership_staff"]).get(known_url())
    compared = rows_of(sections_for(response)["compared"])
    assert compared["North"][2:4] == ["2", "2.00"]
    assert compared["South"][2:4] == ["Fewer than 5", "Not shown"]
    assert compared["All partnerships"][2] == "Fewer than 5"
    assert "exact figures for the partnerships you work for" in text_of(response)
    own = client_for(world.people["other_head_w"]).get(known_url(world.partnerships["south"]))
    assert rows_of(sections_for(own)["exclusions"])[f"{YEAR} to {YEAR + 1}"] == ["1", "2.50"]


def test_one_area_counts_only_its_own_records(world, client_for):
    response = client_for(world.people["inclusion_officer"]).get(known_url(world.partnerships["south"]))
    sections = sections_for(response)
    assert "compared" not in sections
    assert rows_of(sections["exclusions"])[f"{YEAR} to {YEAR + 1}"] == ["1", "2.50"]
    assert rows_of(sections["consultations"])["Permanent exclusions"] == ["1"]
    assert rows_of(sections["at_risk"])["All pupils with an open referral"] == ["0"]
    assert rows_of(sections["provision"])["Cost of the placements started"] == ["£1,000"]
    assert rows_of(sections["spend"])[f"April {YEAR} to March {YEAR + 1}"] == [
        "£50,000",
        "£10,000",
        "£40,000",
        "20%",
    ]
    assert "Inclusion figures: South inclusion partnership" in text_of(response)


def test_no_pupil_is_named_on_the_page(world, client_for):
    for persona in ("inclusion_officer", "board_member_a"):
        page = client_for(world.people[persona]).get(known_url()).content.decode()
        for pupil in world.pupils.values():
            assert pupil.full_name not in page
            assert pupil.upn not in page


def test_the_sections_have_a_chart_a_table_and_a_sentence(world):
    sections = dashboard_sections(known_figures(world), Reader(None), period="the year")
    assert [s["key"] for s in sections] == [
        "compared",
        "exclusions",
        "consultations",
        "at_risk",
        "time_out",
        "provision",
        "reintegration",
        "spend",
    ]
    for section in sections:
        assert section["summary"].endswith(".") and section["tables"]
    assert sections[0]["chart"]["values"] == [2.0, 2.5]  # North and South, per 1,000
    assert sections[1]["chart"]["values"] == [0.0, 0.0, 0.0, 0.71, 2.14]  # the county, by year


def test_with_no_inclusion_partnerships_the_page_says_so(partnership_a, la_officer_a, client_for):
    response = client_for(la_officer_a).get(url())
    assert response.status_code == 200
    assert "There are no inclusion partnerships yet" in text_of(response)


# --- Query counts -------------------------------------------------------------------------------


# For one area: the session, the user, the roles, the inclusion partnerships, the pupils on roll,
# exclusions, consultations, referrals, attendance, placements, the allocations, the spending and
# the partnerships in the header. The county adds the totals over every area (six more) and the
# published figures beside England and the region (one more, decision 0034).
COUNTY_QUERIES = 20


AREA_QUERIES = 13


@pytest.mark.parametrize(
    "area_key, expected, exclusions", [(None, COUNTY_QUERIES, "23"), ("north", AREA_QUERIES, "22")]
)
def test_the_query_count_is_pinned_and_does_not_grow_with_the_records(
    world, client_for, area_key, expected, exclusions
):
    client = client_for(world.people["board_member_a"])
    address = known_url(world.partnerships[area_key] if area_key else None)
    client.get(address)
    for n in (0, 20):
        _more_records(world, n)
        with pinned_queries(expected):
            response = client.get(address)
        assert response.status_code == 200
    assert rows_of(sections_for(response)["consultations"])["Permanent exclusions"] == [exclusions]
