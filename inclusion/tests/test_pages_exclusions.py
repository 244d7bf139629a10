"""The pages for consultation before permanent exclusion, and the exclusions (decision 0020): who
sees each page, the exact records in the lists, bad input, the flag, history, the access log and
pinned query counts; and the service that records the governors' review and the placement later."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inclusion import rules, services
from inclusion.models import ExclusionConsultation, GovernorsReview, PermanentExclusion
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from partnership.services import ServiceError
from tests.helpers import error_beside, pinned_queries, text_of

from .world import REASON, ctx_of

TODAY = dt.date.today()
# Everyone in partnership A who sees no pupil at all, and people of other roles or partnerships.
SEE_NO_PUPILS = ["teacher_x", "la_officer_a", "la_admin_a", "board_member_a", "governor_x", "partner"]


def url(name, **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": "pa", **kwargs})


def day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).strftime("%d/%m/%Y")


@pytest.fixture
def world(inclusion_world, head_x, head_y):
    world = inclusion_world
    head_w = world.people["other_head_w"]

    def consult(head, pupil, days_ago):
        return services.consultation_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils[pupil],
            consulted_on=TODAY - dt.timedelta(days=days_ago),
            reason_considered="A serious incident",
            alternatives_considered="A managed move",
            chair_advice="Try a managed move first",
            reason=REASON,
        )

    def exclude(head, pupil, days_ago):
        return services.exclusion_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils[pupil],
            excluded_on=TODAY - dt.timedelta(days=days_ago),
            reason=REASON,
        )

    world.records = {
        "c_x1": consult(head_x, "x1", 10),
        "c_y1": consult(head_y, "y1", 5),
        "e_x1": exclude(head_x, "x1", 3),
        "e_x2": exclude(head_x, "x2", 2),
        "e_w1": exclude(head_w, "w1", 1),
    }
    return world


def ids_of(records, *keys):
    return {records[key].pk for key in keys}


def shown(response, kind: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf'href="/p/pa/inclusion/{kind}/(\d+)/"', response.content.decode())}


# Who sees which records of partnership A. Everyone in SEE_NO_PUPILS gets a 404.
EXCLUSIONS = {
    "inclusion_officer": {"e_x1", "e_x2", "e_w1"},
    "head_x": {"e_x1", "e_x2"},
    "designated_lead_x": {"e_x1", "e_x2"},
    "chair_y": {"e_x1", "e_x2"},
    "partnership_staff": {"e_x1", "e_x2"},
    "other_head_w": {"e_w1"},
}
CONSULTATIONS = {
    "inclusion_officer": {"c_x1", "c_y1"},
    "head_x": {"c_x1"},
    "designated_lead_x": {"c_x1"},
    "chair_y": {"c_x1", "c_y1"},
    "partnership_staff": {"c_x1", "c_y1"},
    "other_head_w": set(),
}


# --- The list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(EXCLUSIONS))
def test_each_persona_lists_exactly_the_exclusions_and_consultations_they_may_see(world, client_for, persona):
    client = client_for(world.people[persona])
    exclusions = client.get(url("exclusions"))
    consultations = client.get(url("exclusions") + "?show=consultations")
    assert exclusions.status_code == consultations.status_code == 200
    assert shown(exclusions, "exclusions") == ids_of(world.records, *EXCLUSIONS[persona])
    assert shown(consultations, "consultations") == ids_of(world.records, *CONSULTATIONS[persona])


@pytest.mark.parametrize("persona", [*SEE_NO_PUPILS, "inclusion_officer_b"])
def test_people_who_see_no_pupils_get_a_404_for_the_list(world, client_for, persona):
    client = client_for(world.people[persona])
    assert client.get(url("exclusions")).status_code == 404
    assert client.get(url("exclusions") + "?show=consultations").status_code == 404


def test_the_flag_shows_only_on_exclusions_without_a_consultation_first(world, client_for):
    page = client_for(world.people["head_x"]).get(url("exclusions")).content.decode()
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r'exclusions/(\d+)/".*?</tr>', page, re.S)}
    assert "No consultation before exclusion" in rows[world.records["e_x2"].pk]
    assert "No consultation before exclusion" not in rows[world.records["e_x1"].pk]
    assert "Chair consulted" in rows[world.records["e_x1"].pk]


def test_the_filters_narrow_the_list(world, client_for):
    client = client_for(world.people["inclusion_officer"])
    records, schools = world.records, world.schools
    assert shown(client.get(url("exclusions") + "?flagged=on"), "exclusions") == ids_of(
        records, "e_x2", "e_w1"
    )
    assert shown(client.get(url("exclusions") + f"?school={schools['w'].pk}"), "exclusions") == ids_of(
        records, "e_w1"
    )
    assert shown(client.get(url("exclusions") + "?governors_review=upheld"), "exclusions") == set()
    this_year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    years = {this_year: shown(client.get(url("exclusions") + f"?year={this_year}"), "exclusions")}
    # An exclusion a few days ago falls in this academic year, or (early in September) the last one.
    last = shown(client.get(url("exclusions") + f"?year={this_year - 1}"), "exclusions")
    assert years[this_year] | last == ids_of(records, "e_x1", "e_x2", "e_w1")
    assert not years[this_year] & last
    consultations = client.get(url("exclusions") + f"?show=consultations&school={schools['y'].pk}")
    assert shown(consultations, "consultations") == ids_of(records, "c_y1")
    assert "match your filters" in text_of(consultations)


def test_an_empty_list_says_so(world, client_for):
    client = client_for(world.people["other_head_w"])
    assert "No consultations before exclusion yet" in text_of(
        client.get(url("exclusions") + "?show=consultations")
    )
    assert "No permanent exclusions match your filters" in text_of(
        client.get(url("exclusions") + "?flagged=on&governors_review=upheld")
    )


def test_the_list_shows_fifty_a_page(world, client_for):
    head = world.people["head_x"]
    client = client_for(head)
    client.get(url("exclusions"))
    with pinned_queries(12):
        client.get(url("exclusions"))
    for _ in range(50):
        services.exclusion_record(
            actor=head, ctx=ctx_of(head), pupil=world.pupils["x2"], excluded_on=TODAY, reason=REASON
        )
    first = client.get(url("exclusions"))
    with pinned_queries(12):  # the same as for a page of two: no query for each row
        second = client.get(url("exclusions") + "?page=2")
    assert len(shown(first, "exclusions")) == 50 and len(shown(second, "exclusions")) == 2
    assert "52 permanent exclusions" in text_of(first)


def test_each_list_view_is_logged_with_the_number_shown(world, client_for):
    user = world.people["chair_y"]
    client = client_for(user)
    before = AccessLogEntry.objects.count()
    client.get(url("exclusions"))
    client.get(url("exclusions") + "?show=consultations")
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [(e.record_type, e.description, e.user_id) for e in entries] == [
        (RecordType.PUPIL_EXCLUSIONS, "2 permanent exclusions", user.pk),
        (RecordType.PUPIL_CONSULTATIONS, "2 consultations before exclusion", user.pk),
    ]


def test_the_list_runs_a_pinned_number_of_queries(world, client_for):
    client = client_for(world.people["inclusion_officer"])
    client.get(url("exclusions"))
    with pinned_queries(8):
        assert client.get(url("exclusions")).status_code == 200
    with pinned_queries(8):
        assert client.get(url("exclusions") + "?show=consultations").status_code == 200


# --- The records' pages -------------------------------------------------------------------------


SEE_X1 = ["inclusion_officer", "head_x", "designated_lead_x", "chair_y", "partnership_staff"]


@pytest.mark.parametrize("persona", SEE_X1)
def test_those_who_see_the_pupil_see_the_exclusion_and_consultation(world, client_for, persona):
    client = client_for(world.people[persona])
    exclusion, consultation = world.records["e_x1"], world.records["c_x1"]
    response = client.get(url("exclusion", exclusion_id=exclusion.pk))
    assert response.status_code == 200
    assert client.get(url("consultation", consult_id=consultation.pk)).status_code == 200
    page = text_of(response)
    assert "No consultation before exclusion" not in page
    assert f'href="{url("consultation", consult_id=consultation.pk)}"' in response.content.decode()


@pytest.mark.parametrize("persona", ["other_head_w", *SEE_NO_PUPILS, "inclusion_officer_b"])
def test_everyone_else_gets_a_404_for_the_records(world, client_for, persona):
    client = client_for(world.people[persona])
    for address in (
        url("exclusion", exclusion_id=world.records["e_x1"].pk),
        url("consultation", consult_id=world.records["c_x1"].pk),
    ):
        assert client.get(address).status_code == 404, address
    for address in (
        url("exclusion-review", exclusion_id=world.records["e_x1"].pk),
        url("consultation-new", pupil_id=world.pupils["x1"].pk),
        url("exclusion-new", pupil_id=world.pupils["x1"].pk),
    ):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"reason": "x"}).status_code == 404, address
    assert PermanentExclusion.objects.count() == 3 and ExclusionConsultation.objects.count() == 2


def test_a_flagged_exclusion_says_so_on_its_page(world, client_for):
    response = client_for(world.people["head_x"]).get(url("exclusion", exclusion_id=world.records["e_x2"].pk))
    page = text_of(response)
    assert "No consultation before exclusion" in page
    assert "None that counts for this exclusion" in page
    assert "the school had recorded no consultation with the partnership's chair" in page


def test_reading_a_record_is_logged(world, client_for):
    user = world.people["designated_lead_x"]
    client = client_for(user)
    exclusion, consultation = world.records["e_x1"], world.records["c_x1"]
    before = AccessLogEntry.objects.count()
    client.get(url("exclusion", exclusion_id=exclusion.pk))
    client.get(url("consultation", consult_id=consultation.pk))
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [(e.record_type, e.record_id, e.school_id, e.user_id) for e in entries] == [
        (RecordType.PUPIL_EXCLUSION, str(exclusion.pk), world.schools["x"].pk, user.pk),
        (RecordType.PUPIL_CONSULTATION, str(consultation.pk), world.schools["x"].pk, user.pk),
    ]


def test_the_review_link_shows_only_to_those_who_may_record_it(world, client_for):
    exclusion = world.records["e_x1"]
    review = url("exclusion-review", exclusion_id=exclusion.pk)
    for persona in SEE_X1:
        page = client_for(world.people[persona]).get(url("exclusion", exclusion_id=exclusion.pk))
        assert (review in page.content.decode()) == (persona in {"head_x", "inclusion_officer"}), persona


def test_the_records_pages_run_a_pinned_number_of_queries(world, client_for):
    client = client_for(world.people["head_x"])
    exclusion, consultation = world.records["e_x1"], world.records["c_x1"]
    client.get(url("exclusion", exclusion_id=exclusion.pk))
    with pinned_queries(8):
        assert client.get(url("exclusion", exclusion_id=exclusion.pk)).status_code == 200
    with pinned_queries(8):
        assert client.get(url("consultation", consult_id=consultation.pk)).status_code == 200


# --- Recording a consultation -------------------------------------------------------------------


def consultation_form(**changes):
    return {
        "consulted_on": day(1),
        "reason_considered": "Threatened a member of staff",
        "alternatives_considered": "A managed move to School Y",
        "chair_advice": "Agree a managed move before deciding",
        "reason": "Consulted the chair by telephone",
        **changes,
    }


def test_the_head_records_a_consultation_and_sees_who_the_chair_is(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    page = text_of(client.get(url("consultation-new", pupil_id=pupil.pk)))
    assert "You are consulting Yusuf Head, chair of the North inclusion partnership" in page
    assert "consult the chair before deciding on a permanent exclusion" in page
    response = client.post(url("consultation-new", pupil_id=pupil.pk), consultation_form())
    consultation = ExclusionConsultation.objects.get(pupil=pupil)
    assert response.status_code == 302
    assert response.url == url("consultation", consult_id=consultation.pk)
    assert (consultation.chair, consultation.school, consultation.consulted_on) == (
        world.people["chair_y"],
        world.schools["x"],
        TODAY - dt.timedelta(days=1),
    )
    assert consultation.chair_advice == "Agree a managed move before deciding"
    assert consultation.history.first().history_change_reason == "Consulted the chair by telephone"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"consulted_on": (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")},
            "consulted_on",
            "The date of the consultation must be today or in the past",
        ),
        ({"consulted_on": "31/02/2026"}, "consulted_on", "Date of the consultation must be a real date"),
        ({"chair_advice": "  "}, "chair_advice", "Enter the chair's advice"),
        ({"alternatives_considered": ""}, "alternatives_considered", "Enter the alternatives considered"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_consultation_input_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    client = client_for(world.people["head_x"])
    response = client.post(
        url("consultation-new", pupil_id=world.pupils["x2"].pk), consultation_form(**changes)
    )
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert "There is a problem" in text_of(response)
    assert f'href="#id_{field}"' in response.content.decode()
    assert not ExclusionConsultation.objects.filter(pupil=world.pupils["x2"]).exists()


def test_an_empty_consultation_form_lists_every_problem(world, client_for):
    response = client_for(world.people["head_x"]).post(
        url("consultation-new", pupil_id=world.pupils["x2"].pk)
    )
    for field in ("consulted_on", "reason_considered", "alternatives_considered", "chair_advice", "reason"):
        assert error_beside(response, field), field


@pytest.mark.parametrize(
    "persona", ["designated_lead_x", "chair_y", "partnership_staff", "inclusion_officer"]
)
def test_others_who_see_the_pupil_may_not_record_a_consultation_or_exclusion(world, client_for, persona):
    client = client_for(world.people[persona])
    pupil = world.pupils["x2"]
    for address in (url("consultation-new", pupil_id=pupil.pk), url("exclusion-new", pupil_id=pupil.pk)):
        assert client.get(address).status_code == 403
        assert client.post(address, consultation_form()).status_code == 403
    assert not ExclusionConsultation.objects.filter(pupil=pupil).exists()


def test_the_forms_run_a_pinned_number_of_queries(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    client.get(url("consultation-new", pupil_id=pupil.pk))
    with pinned_queries(9):
        assert client.get(url("consultation-new", pupil_id=pupil.pk)).status_code == 200
    with pinned_queries(11):
        assert client.get(url("exclusion-new", pupil_id=pupil.pk)).status_code == 200
    with pinned_queries(10):
        assert client.get(url("exclusion-review", exclusion_id=world.records["e_x2"].pk)).status_code == 200


# --- Recording an exclusion ---------------------------------------------------------------------


def exclusion_form(**changes):
    return {
        "excluded_on": day(0),
        "governors_review": GovernorsReview.PENDING,
        "placed_at": "",
        "reason": "Decision letter sent to parents today",
        **changes,
    }


def test_an_exclusion_after_a_consultation_is_not_flagged_and_links_to_it(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    # x2 was excluded two days ago (and not placed): a consultation since then counts.
    client.post(url("consultation-new", pupil_id=pupil.pk), consultation_form(consulted_on=day(1)))
    consultation = ExclusionConsultation.objects.get(pupil=pupil)
    form_page = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "No consultation with the partnership's chair is recorded" not in form_page
    response = client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form())
    exclusion = PermanentExclusion.objects.get(pupil=pupil, excluded_on=TODAY)
    assert response.url == url("exclusion", exclusion_id=exclusion.pk)
    assert exclusion.consultation == consultation
    assert exclusion.history.first().history_change_reason == "Decision letter sent to parents today"
    page = client.get(response.url)
    assert "No consultation before exclusion" not in text_of(page)
    assert f'href="{url("consultation", consult_id=consultation.pk)}"' in page.content.decode()


def test_an_exclusion_with_no_consultation_is_warned_of_then_flagged(world, client_for):
    client = client_for(world.people["other_head_w"])
    pupil = world.pupils["w1"]
    warning = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "If you record the exclusion now, it will be flagged" in warning
    response = client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form())
    page = text_of(client.get(response.url))
    assert "No consultation before exclusion" in page


def test_the_form_warns_by_the_rule_the_service_applies_when_saving(world, client_for):
    head = world.people["head_x"]
    client = client_for(head)
    pupil = world.pupils["x1"]
    # x1's consultation (10 days ago) came before their exclusion 3 days ago: it does not count
    # for another exclusion, so the form warns, and an exclusion recorded now is flagged.
    warning = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "If you record the exclusion now, it will be flagged" in warning
    assert "no more than 12 weeks before it" in warning
    consultation = services.consultation_record(
        actor=head,
        ctx=ctx_of(head),
        pupil=pupil,
        consulted_on=TODAY,
        reason_considered="Another incident",
        alternatives_considered="A managed move",
        chair_advice="Try a managed move first",
        reason=REASON,
    )
    before = AccessLogEntry.objects.count()
    page = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "If you record the exclusion now, it will be flagged" not in page
    assert f"You consulted {world.people['chair_y'].full_name}, the partnership's chair, on" in page
    logged = AccessLogEntry.objects.order_by("pk")[before:].values_list("record_type", "record_id")
    assert (RecordType.PUPIL_CONSULTATION, str(consultation.pk)) in list(logged)
    client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form())
    assert PermanentExclusion.objects.get(pupil=pupil, excluded_on=TODAY).consultation == consultation


def test_a_placement_moves_the_pupil_and_the_head_goes_back_to_the_list(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    response = client.post(
        url("exclusion-new", pupil_id=pupil.pk), exclusion_form(placed_at=str(world.schools["y"].pk))
    )
    assert response.url == url("exclusions")
    assert "now on roll at School Y" in text_of(client.get(response.url))
    pupil.refresh_from_db()
    assert pupil.home_school == world.schools["y"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"placed_at": "x"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "w"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "z"}, "placed_at", "Choose one of the partnership's other schools"),
        (
            {"excluded_on": (TODAY + dt.timedelta(days=3)).strftime("%d/%m/%Y")},
            "excluded_on",
            "The date of the exclusion must be today or in the past",
        ),
        ({"governors_review": "maybe"}, "governors_review", "Select a valid choice"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_exclusion_input_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    if changes.get("placed_at"):
        changes["placed_at"] = str(world.schools[changes["placed_at"]].pk)
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    before = PermanentExclusion.objects.count()
    response = client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form(**changes))
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert "There is a problem" in text_of(response)
    assert PermanentExclusion.objects.count() == before
    pupil.refresh_from_db()
    assert pupil.home_school == world.schools["x"]


# --- The governors' review and the placement, later ---------------------------------------------


def test_the_head_records_the_governors_review_then_an_officer_the_placement(world, client_for):
    exclusion = world.records["e_x1"]
    head = client_for(world.people["head_x"])
    response = head.post(
        url("exclusion-review", exclusion_id=exclusion.pk),
        {"governors_review": GovernorsReview.UPHELD, "placed_at": "", "placed_on": "", "reason": "Panel met"},
    )
    assert response.url == url("exclusion", exclusion_id=exclusion.pk)
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.UPHELD
    assert exclusion.history.first().history_change_reason == "Panel met"

    officer = client_for(world.people["inclusion_officer"])
    response = officer.post(
        url("exclusion-review", exclusion_id=exclusion.pk),
        {
            "governors_review": GovernorsReview.UPHELD,
            "placed_at": str(world.schools["y"].pk),
            "placed_on": day(1),
            "reason": "Fair access panel placed the pupil",
        },
    )
    assert response.url == url("exclusion", exclusion_id=exclusion.pk)
    exclusion.refresh_from_db()
    pupil = world.pupils["x1"]
    pupil.refresh_from_db()
    assert (exclusion.placed_at, pupil.home_school) == (world.schools["y"], world.schools["y"])
    assert list(pupil.rolls.values_list("school_id", "ends_on")) == [
        (world.schools["x"].pk, TODAY - dt.timedelta(days=1)),
        (world.schools["y"].pk, None),
    ]
    # The excluding head no longer sees the pupil; the form no longer offers a placement.
    assert head.get(url("exclusion", exclusion_id=exclusion.pk)).status_code == 404
    form = officer.get(url("exclusion-review", exclusion_id=exclusion.pk)).content.decode()
    assert 'name="placed_at"' not in form


@pytest.mark.parametrize("persona", ["designated_lead_x", "chair_y", "partnership_staff"])
def test_others_who_see_the_exclusion_may_not_record_the_review(world, client_for, persona):
    exclusion = world.records["e_x1"]
    client = client_for(world.people[persona])
    assert client.get(url("exclusion-review", exclusion_id=exclusion.pk)).status_code == 403
    response = client.post(
        url("exclusion-review", exclusion_id=exclusion.pk),
        {"governors_review": GovernorsReview.UPHELD, "reason": "x"},
    )
    assert response.status_code == 403
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.PENDING


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"placed_at": "x"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "w"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "y", "placed_on": "far"}, "placed_on", "Date placed on roll must be a real date"),
        (
            {"placed_at": "y", "placed_on": 10},
            "placed_on",
            "The pupil cannot be placed on roll before the date",
        ),
        ({"placed_on": 1}, "placed_at", "Choose the school the pupil is placed on roll at"),
        ({"governors_review": GovernorsReview.PENDING}, "governors_review", "Nothing has changed"),
        (
            {"governors_review": GovernorsReview.REINSTATED, "placed_at": "y"},
            "placed_at",
            "A pupil the governors reinstated stays on roll",
        ),
    ],
)
def test_bad_review_input_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, data, field, message
):
    exclusion = world.records["e_x1"]
    posted = {"governors_review": GovernorsReview.UPHELD, "placed_at": "", "placed_on": "", "reason": "Panel"}
    posted.update(data)
    if posted["placed_at"]:
        posted["placed_at"] = str(world.schools[posted["placed_at"]].pk)
    if isinstance(posted["placed_on"], int):
        posted["placed_on"] = day(posted["placed_on"])
    response = client_for(world.people["head_x"]).post(
        url("exclusion-review", exclusion_id=exclusion.pk), posted
    )
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert "There is a problem" in text_of(response)
    exclusion.refresh_from_db()
    assert (exclusion.governors_review, exclusion.placed_at) == (GovernorsReview.PENDING, None)
    assert world.pupils["x1"].rolls.count() == 1


# --- The service: exclusion_update --------------------------------------------------------------


def update(world, persona, exclusion, **kwargs):
    user = world.people[persona]
    kwargs.setdefault("governors_review", GovernorsReview.UPHELD)
    kwargs.setdefault("reason", "Governors met")
    return services.exclusion_update(actor=user, ctx=ctx_of(user), exclusion=exclusion, **kwargs)


def test_exclusion_update_places_the_pupil_once_and_refuses_a_second_placement(world, partnership_a):
    from tests.factories import MembershipFactory, SchoolFactory

    exclusion = world.records["e_x2"]
    school_v = SchoolFactory(la_code="901", name="School V", phase="Secondary")
    MembershipFactory(
        network=world.partnerships["north"].network, school=school_v, joined_on=dt.date(2020, 9, 1)
    )
    update(
        world,
        "head_x",
        exclusion,
        governors_review=GovernorsReview.PENDING,
        placed_at=world.schools["y"],
        reason="Placed at Y",
    )
    exclusion.refresh_from_db()
    pupil = world.pupils["x2"]
    pupil.refresh_from_db()
    assert (exclusion.placed_at, pupil.home_school) == (world.schools["y"], world.schools["y"])
    # Placed from the date of the exclusion when no other date is given, as exclusion_record does.
    assert list(pupil.rolls.values_list("school_id", "starts_on", "ends_on")) == [
        (world.schools["x"].pk, dt.date(2023, 9, 1), exclusion.excluded_on),
        (world.schools["y"].pk, exclusion.excluded_on, None),
    ]
    assert exclusion.history.first().history_change_reason == "Placed at Y"
    assert pupil.history.first().history_change_reason == "Placed at Y"
    with pytest.raises(ServiceError) as again:
        update(world, "inclusion_officer", exclusion, placed_at=school_v)
    assert again.value.field == "placed_at"
    assert "already been placed on roll at School Y" in again.value.message
    with pytest.raises(ServiceError) as reinstated:
        update(world, "inclusion_officer", exclusion, governors_review=GovernorsReview.REINSTATED)
    assert reinstated.value.field == "governors_review"
    # The same school again is no change of placement: the review outcome is recorded.
    update(world, "inclusion_officer", exclusion, placed_at=world.schools["y"], governors_review="upheld")
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.UPHELD
    assert pupil.rolls.count() == 2


@pytest.mark.parametrize(
    ("school", "message"),
    [
        ("x", "Choose a different school from the one that excluded"),
        ("w", "Choose a school in the inclusion partnership"),
        ("z", "Choose a school in the inclusion partnership"),
    ],
)
def test_exclusion_update_refuses_a_school_that_is_not_another_member(world, school, message):
    exclusion = world.records["e_x2"]
    with pytest.raises(ServiceError) as refused:
        update(world, "inclusion_officer", exclusion, placed_at=world.schools[school])
    assert (refused.value.field, refused.value.message) == ("placed_at", message)
    exclusion.refresh_from_db()
    assert exclusion.placed_at is None and exclusion.governors_review == GovernorsReview.PENDING


def test_exclusion_update_checks_the_date_placed_and_the_reason(world):
    exclusion = world.records["e_x2"]
    for placed_on, message in (
        (exclusion.excluded_on - dt.timedelta(days=1), "before the date of the exclusion"),
        (TODAY + dt.timedelta(days=1), "must not be in the future"),
    ):
        with pytest.raises(ServiceError) as refused:
            update(world, "head_x", exclusion, placed_at=world.schools["y"], placed_on=placed_on)
        assert refused.value.field == "placed_on" and message in refused.value.message
    with pytest.raises(ServiceError) as no_reason:
        update(world, "head_x", exclusion, reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError) as bad_outcome:
        update(world, "head_x", exclusion, governors_review="maybe")
    assert bad_outcome.value.field == "governors_review"


@pytest.mark.parametrize(
    "persona",
    ["designated_lead_x", "chair_y", "partnership_staff", "other_head_w", "la_officer_a", "teacher_x"],
)
def test_only_the_excluding_head_and_inclusion_officers_update_an_exclusion(world, persona):
    with pytest.raises(PermissionDenied):
        update(world, persona, world.records["e_x2"])


def test_the_excluding_head_may_not_update_once_the_pupil_has_moved(world):
    exclusion = world.records["e_x2"]
    update(world, "inclusion_officer", exclusion, placed_at=world.schools["y"])
    exclusion.refresh_from_db()
    assert rules.exclusion_follow_up_allowed(ctx_of(world.people["head_x"]), exclusion) is False
    with pytest.raises(PermissionDenied):
        update(world, "head_x", exclusion, governors_review=GovernorsReview.PENDING)
    update(world, "inclusion_officer", exclusion, governors_review=GovernorsReview.PENDING)


def test_exclusion_record_shares_the_placement_checks(world):
    head = world.people["head_x"]
    with pytest.raises(ServiceError) as reinstated:
        services.exclusion_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils["x2"],
            excluded_on=TODAY,
            governors_review=GovernorsReview.REINSTATED,
            placed_at=world.schools["y"],
            reason=REASON,
        )
    assert reinstated.value.field == "placed_at"
    assert PermanentExclusion.objects.filter(pupil=world.pupils["x2"]).count() == 1


def test_a_head_who_chairs_the_partnership_is_told_so(world, client_for):
    response = client_for(world.people["chair_y"]).get(
        url("consultation-new", pupil_id=world.pupils["y1"].pk)
    )
    assert "You chair the North inclusion partnership yourself" in text_of(response)
