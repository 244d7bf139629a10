"""Every trigger, with its evidence; dismissing; and what a refresh does to old flags."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.access import partnership_context_for
from schools.models import InspectionAreaGrade, NeedsFlag
from schools.models.needs import FlagStatus, TriggerKind
from schools.services import flag_dismiss, needs_flags_refresh, trigger_settings_save
from tests.factories import InspectionFactory, KS2Factory, SchoolFactory
from tests.helpers import pinned_queries, text_of


def flags(partnership, kind=None):
    qs = NeedsFlag.objects.filter(partnership=partnership, status=FlagStatus.OPEN)
    if kind:
        qs = qs.filter(kind=kind)
    return {(f.school_id, f.kind): f.evidence for f in qs}


def test_requires_improvement_and_inadequate_fire_good_does_not(partnership_a, school_x, school_y):
    InspectionFactory(school=school_x, overall="requires_improvement", inspected_on=dt.date(2018, 3, 12))
    InspectionFactory(school=school_y, overall="inadequate", inspected_on=dt.date(2014, 1, 1))
    InspectionFactory(school=school_y, overall="good", inspected_on=dt.date(2018, 1, 1))
    needs_flags_refresh(partnership=partnership_a)
    found = flags(partnership_a, TriggerKind.INSPECTION_BELOW_GOOD)
    assert found == {
        (
            school_x.pk,
            "inspection_below_good",
        ): "Judged Requires Improvement at the inspection on 12 March 2018."
    }


def test_report_card_concerns_and_safeguarding(partnership_a, school_x):
    card = InspectionFactory(
        school=school_x,
        framework="report_card",
        overall="",
        safeguarding_met=False,
        inspected_on=dt.date(2026, 1, 20),
    )
    InspectionAreaGrade.objects.create(inspection=card, area="inclusion", grade="needs_attention")
    InspectionAreaGrade.objects.create(inspection=card, area="achievement", grade="expected_standard")
    needs_flags_refresh(partnership=partnership_a)
    found = flags(partnership_a)
    assert (
        found[(school_x.pk, "report_card_concern")]
        == "Report card of 20 January 2026. Inclusion: Needs attention."
    )
    assert (
        found[(school_x.pk, "safeguarding_not_met")]
        == "Safeguarding was not met at the inspection on 20 January 2026."
    )
    assert (school_x.pk, "inspection_below_good") not in found  # never mapped onto the old grades


def test_ks2_below_la_average_by_more_than_the_threshold(partnership_a, school_x, school_y):
    KS2Factory(school=school_x, pupils=30, rwm_expected_pct=Decimal("40"))
    KS2Factory(school=school_y, pupils=90, rwm_expected_pct=Decimal("80"))
    needs_flags_refresh(partnership=partnership_a)
    # pupil-weighted LA average: (40*30 + 80*90) / 120 = 70
    assert flags(partnership_a, TriggerKind.KS2_BELOW_LA) == {
        (
            school_x.pk,
            "ks2_below_la",
        ): "In 2017 to 2018, 40% reached the expected standard in reading, "
        "writing and maths: 30.0 points below the LA average of 70.0%."
    }


def test_progress_well_below_and_three_year_decline(partnership_a, school_x):
    KS2Factory(school=school_x, academic_year=2016, rwm_expected_pct=Decimal("70"))
    KS2Factory(school=school_x, academic_year=2017, rwm_expected_pct=Decimal("65"))
    KS2Factory(
        school=school_x,
        academic_year=2018,
        rwm_expected_pct=Decimal("60"),
        maths_band=5,
        maths_progress=Decimal("-4.1"),
    )
    needs_flags_refresh(partnership=partnership_a)
    found = flags(partnership_a)
    assert (
        found[(school_x.pk, "ks2_progress_well_below")]
        == "In 2017 to 2018, progress was well below average in maths (-4.10)."
    )
    assert (
        "fell each year: 70% (2015 to 2016) → 65% (2016 to 2017) → 60% (2017 to 2018)"
        in found[(school_x.pk, "three_year_decline")]
    )


def test_ks4_progress_well_below(partnership_a, school_y):
    from schools.models import KeyStage4Result

    KeyStage4Result.objects.create(
        school=school_y, academic_year=2018, pupils=100, progress8=Decimal("-0.9"), progress8_band=5
    )
    needs_flags_refresh(partnership=partnership_a)
    assert flags(partnership_a, TriggerKind.KS4_PROGRESS_WELL_BELOW) == {
        (
            school_y.pk,
            "ks4_progress_well_below",
        ): "In 2017 to 2018, Progress 8 was -0.90: well below average."
    }


def test_inspection_overdue_is_off_until_switched_on(partnership_a, school_x, la_admin_a):
    InspectionFactory(school=school_x, overall="good", inspected_on=dt.date(2012, 5, 1))
    needs_flags_refresh(partnership=partnership_a)
    assert not flags(partnership_a, TriggerKind.INSPECTION_OVERDUE)
    ctx = partnership_context_for(la_admin_a, partnership_a.slug)
    trigger_settings_save(
        actor=la_admin_a,
        ctx=ctx,
        values={TriggerKind.INSPECTION_OVERDUE: (True, Decimal("6"))},
        reason="on",
    )
    assert list(flags(partnership_a, TriggerKind.INSPECTION_OVERDUE).values()) == [
        "Last inspected on 1 May 2012, more than 6 years ago."
    ]


def test_closed_schools_are_not_flagged(partnership_a):
    closed = SchoolFactory(la_code="901", status="Closed")
    InspectionFactory(school=closed, overall="inadequate")
    needs_flags_refresh(partnership=partnership_a)
    assert not flags(partnership_a)


def test_a_dismissed_flag_stays_dismissed_until_the_evidence_changes(partnership_a, school_x, la_officer_a):
    InspectionFactory(school=school_x, overall="inadequate", inspected_on=dt.date(2017, 1, 1))
    needs_flags_refresh(partnership=partnership_a)
    flag = NeedsFlag.objects.get()
    ctx = partnership_context_for(la_officer_a, partnership_a.slug)
    flag_dismiss(actor=la_officer_a, ctx=ctx, flag=flag, reason="Already in a trust's improvement plan")
    needs_flags_refresh(partnership=partnership_a)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED and not flags(partnership_a)
    assert flag.history.latest().history_change_reason == "Dismissed: Already in a trust's improvement plan"
    InspectionFactory(school=school_x, overall="requires_improvement", inspected_on=dt.date(2018, 6, 1))
    needs_flags_refresh(partnership=partnership_a)
    assert len(flags(partnership_a)) == 1


def test_a_flag_clears_when_its_evidence_no_longer_fires(partnership_a, school_x):
    InspectionFactory(school=school_x, overall="inadequate", inspected_on=dt.date(2017, 1, 1))
    needs_flags_refresh(partnership=partnership_a)
    InspectionFactory(school=school_x, overall="good", inspected_on=dt.date(2019, 1, 1))
    needs_flags_refresh(partnership=partnership_a)
    assert NeedsFlag.objects.get().status == FlagStatus.CLEARED


def test_flags_of_one_partnership_are_never_shown_to_another(
    partnership_a, partnership_b, school_x, client_for, la_officer_b, la_officer_a
):
    InspectionFactory(school=school_x, overall="inadequate")
    needs_flags_refresh(partnership=partnership_a)
    needs_flags_refresh(partnership=partnership_b)
    assert not NeedsFlag.objects.filter(partnership=partnership_b).exists()
    response = client_for(la_officer_b).get(reverse("schools:needs", kwargs={"partnership_slug": "pb"}))
    assert response.context["flag_count"] == 0
    flag = NeedsFlag.objects.get()
    url = reverse("schools:flag-dismiss", kwargs={"partnership_slug": "pb", "flag_id": flag.pk})
    assert client_for(la_officer_b).get(url).status_code == 404


def test_needs_page_explains_each_flag_and_dismissing_needs_a_reason(
    partnership_a, school_x, school_y, client_for, la_officer_a
):
    InspectionFactory(school=school_x, overall="inadequate", inspected_on=dt.date(2017, 1, 1))
    InspectionFactory(school=school_y, overall="requires_improvement", inspected_on=dt.date(2017, 1, 1))
    needs_flags_refresh(partnership=partnership_a)
    client = client_for(la_officer_a)
    url = reverse("schools:needs", kwargs={"partnership_slug": "pa"})
    client.get(url)
    # session, user, context, the filters' phases and types, the networks, flags with their
    # schools, open cases, access log entry, partnership chooser
    with pinned_queries(9):
        page = client.get(url)
    assert "Judged Inadequate at the inspection on 1 January 2017" in text_of(page)
    flag = NeedsFlag.objects.get(school=school_x)
    dismiss = reverse("schools:flag-dismiss", kwargs={"partnership_slug": "pa", "flag_id": flag.pk})
    assert "Enter a reason" in text_of(client.post(dismiss, {"reason": ""}))
    client.post(dismiss, {"reason": "Support already agreed"})
    flag.refresh_from_db()
    assert (flag.status, flag.dismissed_by, flag.dismissal_reason) == (
        "dismissed",
        la_officer_a,
        "Support already agreed",
    )


@pytest.mark.parametrize(
    "persona, status",
    [("la_admin_a", 200), ("la_officer_a", 200), ("head_x", 404), ("board_member_a", 404)],
)
def test_who_sees_the_needs_list(persona, status, personas, client_for, partnership_a):
    assert (
        client_for(personas[persona])
        .get(reverse("schools:needs", kwargs={"partnership_slug": "pa"}))
        .status_code
        == status
    )


def test_officers_read_the_triggers_admins_change_them(client_for, la_officer_a, la_admin_a, partnership_a):
    url = reverse("schools:triggers", kwargs={"partnership_slug": "pa"})
    assert "Only LA administrators can change the triggers" in text_of(client_for(la_officer_a).get(url))
    assert client_for(la_officer_a).post(url, {"reason": "x"}).status_code == 403
    bad = client_for(la_admin_a).post(
        url, {"ks2_below_la_enabled": "on", "ks2_below_la_threshold": "lots", "reason": ""}
    )
    assert "Enter a number, like 10" in text_of(bad) and "Enter why the triggers are changing" in text_of(bad)
