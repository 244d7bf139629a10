"""The data-sharing agreement and each school's consent: drafting, publishing, signing,
withdrawing, reminding, and what the LA and schools see of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from partnership.models import (
    DataCategory,
    Notification,
    Role,
    RoleAssignment,
    SchoolConsent,
    SharingAgreement,
)
from schools import rules
from tests.factories import (
    RoleFactory,
    SchoolFactory,
    UserFactory,
    consent_in_force,
    published_agreement,
)
from tests.helpers import future, past, pinned_queries, text_of

AGREEMENT = {
    "purposes": "To improve outcomes through school-to-school support.",
    "categories": ["support", "needs"],
    "partial_consent_allowed": "yes",
    "recipients": "The Anglican and Catholic dioceses; academy trusts.",
    "lawful_basis": "Public task, UK GDPR Article 6(1)(e).",
    "retention": "Six years after support ends.",
    "security_measures": "Two-factor sign-in and an access log.",
    "subject_access": "The LA's data protection officer answers them within a month.",
    "review_date": "01/09/2027",
    "termination_and_sanctions": "A partner that breaches the agreement loses access.",
    "reason": "Agreed by the strategic group",
}


def url(name, partnership, **kwargs):
    return reverse(name, kwargs={"partnership_slug": partnership.slug, **kwargs})


@pytest.fixture
def chair_x(partnership_a, school_x):
    user = UserFactory(full_name="Chidi Chair", email="chidi@x.test")
    RoleFactory(user=user, partnership=partnership_a, role=Role.GOVERNOR, school=school_x)
    RoleFactory(user=user, partnership=partnership_a, role=Role.CHAIR_OF_GOVERNORS, school=school_x)
    return user


def test_an_administrator_drafts_and_publishes_and_schools_are_asked(
    client_for,
    la_admin_a,
    partnership_a,
    head_x,
    head_y,
    governor_x,
    la_officer_b,
    django_capture_on_commit_callbacks,
):
    client = client_for(la_admin_a)
    empty = client.post(url("partnership:sharing-new", partnership_a), {})
    assert empty.status_code == 200
    page = text_of(empty)
    assert "There is a problem" in page
    for message in (
        "Enter the purposes of sharing",
        "Select at least one kind of data the agreement covers",
        "Enter the review date",
        "Enter a reason",
    ):
        assert message in page
    backwards = client.post(
        url("partnership:sharing-new", partnership_a), {**AGREEMENT, "review_date": past(1)}
    )
    assert "The review date must be in the future" in text_of(backwards)
    assert not SharingAgreement.objects.exists()

    client.post(url("partnership:sharing-new", partnership_a), AGREEMENT)
    draft = SharingAgreement.objects.get()
    assert (draft.version, draft.status, draft.categories) == (1, "draft", ["support", "needs"])
    assert draft.history.latest().history_user == la_admin_a

    # A draft is for LA administrators only.
    assert (
        client_for(head_x).get(url("partnership:sharing-version", partnership_a, version=1)).status_code
        == 404
    )
    assert (
        client_for(la_officer_b).get(url("partnership:sharing-version", partnership_a, version=1)).status_code
        == 404
    )
    assert (
        client_for(head_x)
        .post(url("partnership:sharing-publish", partnership_a, version=1), {"reason": "x"})
        .status_code
        == 404
    )

    # The effective date is asked for at publication: never in the past, before the review date.
    publish = url("partnership:sharing-publish", partnership_a, version=1)
    assert "Enter the effective date" in text_of(client.post(publish, {"reason": "Agreed"}))
    assert "The effective date must be today or later" in text_of(
        client.post(publish, {"effective_from": past(1), "reason": "Agreed"})
    )
    assert "The effective date must be before the review date, 1 September 2027" in text_of(
        client.post(publish, {"effective_from": "02/09/2027", "reason": "Agreed"})
    )
    assert not SharingAgreement.objects.get().is_published
    chair = UserFactory(full_name="Carys Chair")
    school = governor_x.roles.get().school
    RoleFactory(user=chair, partnership=partnership_a, role=Role.GOVERNOR, school=school)
    RoleFactory(user=chair, partnership=partnership_a, role=Role.CHAIR_OF_GOVERNORS, school=school)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish, {"effective_from": future(7), "reason": "Agreed"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == la_admin_a
    assert draft.effective_from.strftime("%d/%m/%Y") == future(7)
    told = set(Notification.objects.filter(partnership=partnership_a).values_list("user_id", flat=True))
    # The signatories are told: the heads and the chair, not a governor who holds no office.
    assert told == {head_x.pk, head_y.pk, chair.pk}
    assert len(mail.outbox) == 3

    # Published versions never change.
    assert client.get(url("partnership:sharing-edit", partnership_a, version=1)).status_code == 404
    # A second version must say what changed, and has its own effective date: the draft form does
    # not carry the first version's.
    new_form = client.get(url("partnership:sharing-new", partnership_a))
    assert "effective_from" not in new_form.content.decode()
    client.post(url("partnership:sharing-new", partnership_a), {**AGREEMENT, "reason": "Annual review"})
    assert SharingAgreement.objects.get(version=2).effective_from is None
    missing = client.post(
        url("partnership:sharing-publish", partnership_a, version=2),
        {"effective_from": future(30), "reason": "Review"},
    )
    assert "Say what changed from the last version" in text_of(missing)
    client.post(
        url("partnership:sharing-publish", partnership_a, version=2),
        {"effective_from": future(30), "changes": "Trusts added as recipients.", "reason": "Review"},
    )
    second = SharingAgreement.objects.get(version=2)
    assert second.is_published and second.effective_from.strftime("%d/%m/%Y") == future(30)
    overview = text_of(client_for(head_x).get(url("partnership:sharing", partnership_a)))
    assert "Trusts added as recipients." in overview and "Superseded" in overview


def test_head_and_chair_sign_then_the_consent_is_in_force(
    client_for, partnership_a, school_x, head_x, chair_x
):
    agreement = published_agreement(partnership_a)
    sign = url("schools:consent-sign", partnership_a, urn=school_x.urn)
    head = client_for(head_x)
    errors = text_of(head.post(sign, {}))
    assert "Select at least one kind of data your school agrees to share" in errors
    assert "Type your full name to sign" in errors
    assert "Confirm that you have read the agreement and consent" in errors
    assert not SchoolConsent.objects.exists()

    head.post(sign, {"categories": ["support"], "signed_name": "Hana Head", "confirm": "on"})
    consent = SchoolConsent.objects.get()
    assert consent.categories == ["support"] and not consent.is_signed
    page = text_of(head.get(url("schools:consent", partnership_a, urn=school_x.urn)))
    assert "Waiting for the chair of governors" in page

    chair = client_for(chair_x)
    # The typed signature must be the signer's own name as the portal holds it.
    for wrong in ("<script>x</script>", "Hana Head", "C Chair", "Chidi"):
        refused = text_of(
            chair.post(sign, {"signed_name": wrong, "confirm": "on", "consent_seen": consent.pk})
        )
        assert "Type your name as the portal holds it, Chidi Chair" in refused, wrong
    consent.refresh_from_db()
    assert consent.chair_signed_at is None
    # Case, extra spaces and accents do not matter.
    chair.post(sign, {"signed_name": "  chidi   CHAIR ", "confirm": "on", "consent_seen": consent.pk})
    consent.refresh_from_db()
    assert consent.is_signed and consent.in_force_from is not None
    assert consent.chair_capacity == SchoolConsent.ChairCapacity.CHAIR and consent.chair_signed_by == chair_x
    # Both signatures, and what they covered, are shown to the school and to the LA.
    for person in (head_x, chair_x):
        page = text_of(client_for(person).get(url("schools:consent", partnership_a, urn=school_x.urn)))
        assert "Signed by Hana Head" in page and "Signed by chidi CHAIR (chair of governors)" in page
        assert "Support casework: needs analysis" in page and "Needs flags and the evidence" not in page
    assert consent.categories == ["support"], "the chair countersigns the head's choice"
    assert consent.history.latest().history_user == chair_x
    assert agreement.pk == consent.agreement_id
    # Neither can sign twice.
    assert "already signed" in text_of(
        head.post(sign, {"signed_name": "Hana Head", "confirm": "on", "consent_seen": consent.pk})
    )


def test_all_or_nothing_agreements_take_every_category(client_for, partnership_a, school_x, head_x):
    published_agreement(partnership_a, partial=False)
    client_for(head_x).post(
        url("schools:consent-sign", partnership_a, urn=school_x.urn),
        {"categories": ["support"], "signed_name": "Hana Head", "confirm": "on"},
    )
    assert SchoolConsent.objects.get().categories == list(DataCategory.values)


def test_only_the_schools_own_head_and_governors_sign_or_withdraw(
    client_for, partnership_a, school_x, head_y, la_officer_a, board_member_a, la_officer_b, head_x
):
    agreement = published_agreement(partnership_a)
    consent = consent_in_force(agreement, school_x)
    for person in (head_y, la_officer_a, board_member_a, la_officer_b):
        client = client_for(person)
        assert client.get(url("schools:consent-sign", partnership_a, urn=school_x.urn)).status_code == 404
        assert (
            client.post(
                url("schools:consent-withdraw", partnership_a, urn=school_x.urn), {"reason": "x"}
            ).status_code
            == 404
        )
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    # The LA sees the school's consent; another school's head does not.
    assert (
        client_for(la_officer_a).get(url("schools:consent", partnership_a, urn=school_x.urn)).status_code
        == 200
    )
    assert client_for(head_y).get(url("schools:consent", partnership_a, urn=school_x.urn)).status_code == 404
    withdraw = url("schools:consent-withdraw", partnership_a, urn=school_x.urn)
    assert "Enter a reason" in text_of(client_for(head_x).post(withdraw, {"reason": ""}))
    client_for(head_x).post(withdraw, {"reason": "New governing board to review"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == head_x
    assert consent.history.latest().history_change_reason == "New governing board to review"


def test_the_la_dashboard_shows_each_schools_consent_and_sends_reminders(
    client_for, partnership_a, la_officer_a, school_x, school_y, head_x, head_y, governor_x, la_officer_b
):
    school_w = SchoolFactory(name="School W", la_code="901")
    closed = SchoolFactory(name="Closed School", la_code="901", status="Closed")
    old = published_agreement(partnership_a, version=1)
    consent_in_force(old, school_w)  # consented to version 1 only
    agreement = published_agreement(partnership_a, version=2)
    consent_in_force(agreement, school_x)
    SchoolConsent.objects.create(
        agreement=agreement, school=school_y, categories=["support"], head_signed_at=old.published_at
    )

    client = client_for(la_officer_a)
    client.get(url("schools:consents", partnership_a))  # the session settles
    with pinned_queries(8):
        response = client.get(url("schools:consents", partnership_a))
    rows = {state.school.pk: state.status for state in response.context["page"].object_list}
    assert rows == {school_x.pk: "in_force", school_y.pk: "awaiting_chair", school_w.pk: "earlier_version"}
    assert closed.pk not in rows
    missing = client.get(url("schools:consents", partnership_a), {"status": "missing"})
    assert {s.school.pk for s in missing.context["page"].object_list} == {school_y.pk, school_w.pk}
    searched = client.get(url("schools:consents", partnership_a), {"q": str(school_x.urn)})
    assert [s.school.pk for s in searched.context["page"].object_list] == [school_x.pk]

    assert client_for(head_x).get(url("schools:consents", partnership_a)).status_code == 404
    assert client_for(la_officer_b).get(url("schools:consents", partnership_a)).status_code == 404

    confirm = client.get(url("schools:consents-remind", partnership_a))
    assert "2 schools" in text_of(confirm)
    client.post(url("schools:consents-remind", partnership_a))
    told = set(Notification.objects.filter(text__startswith="Reminder").values_list("user_id", flat=True))
    assert told == {head_y.pk}, "only schools without consent in force, and only their head and governors"


def test_the_school_profile_shows_consent_to_those_allowed(
    client_for, partnership_a, school_x, head_x, head_y, la_officer_a, board_member_a
):
    agreement = published_agreement(partnership_a)
    consent_in_force(agreement, school_x, categories=["support"])
    profile = url("schools:school", partnership_a, urn=school_x.urn)
    for person in (head_x, la_officer_a):
        page = text_of(client_for(person).get(profile))
        assert "Consent in force" in page and "Support casework" in page
    for person in (head_y, board_member_a):
        assert "Consent in force" not in text_of(client_for(person).get(profile))


def test_consent_page_query_count(client_for, partnership_a, school_x, head_x):
    agreement = published_agreement(partnership_a)
    consent_in_force(agreement, school_x)
    client = client_for(head_x)
    client.get(url("schools:consent", partnership_a, urn=school_x.urn))  # the session settles
    # The ninth query is the school's chair of governors and trust's delegate.
    with pinned_queries(9):
        assert client.get(url("schools:consent", partnership_a, urn=school_x.urn)).status_code == 200


def test_the_home_page_asks_each_signer_to_sign_until_they_have(
    client_for, partnership_a, school_x, head_x, chair_x
):
    home = url("partnership:home", partnership_a)
    assert "will appear here once the partnership publishes it" in text_of(client_for(head_x).get(home))
    published_agreement(partnership_a)
    for person in (head_x, chair_x):
        page = text_of(client_for(person).get(home))
        assert "Not consented" in page and "Read and sign version 1 for School X" in page
    client_for(head_x).post(
        url("schools:consent-sign", partnership_a, urn=school_x.urn),
        {"categories": ["support"], "signed_name": "Hana Head", "confirm": "on"},
    )
    assert "Read and sign" not in text_of(client_for(head_x).get(home))
    chair_home = text_of(client_for(chair_x).get(home))
    assert "Waiting for the chair of governors" in chair_home and "Read and sign version 1" in chair_home


def test_a_signature_never_covers_kinds_of_data_the_signer_did_not_see(
    client_for, partnership_a, school_x, head_x, chair_x
):
    """The head opens the page with nothing signed; meanwhile the chair signs first for every kind.
    The head's stale page must not put their signature on the chair's wider choice."""
    published_agreement(partnership_a)
    sign = url("schools:consent-sign", partnership_a, urn=school_x.urn)
    client_for(chair_x).post(
        sign,
        {"categories": ["support", "needs", "tracking"], "signed_name": "Chidi Chair", "confirm": "on"},
    )
    head = client_for(head_x)
    response = head.post(
        sign, {"categories": ["support"], "signed_name": "Hana Head", "confirm": "on", "consent_seen": ""}
    )
    assert response.status_code == 302 and response["Location"] == sign
    consent = SchoolConsent.objects.get()
    assert consent.head_signed_at is None and not consent.is_signed
    page = text_of(head.get(sign))
    assert "The school's consent changed while you were reading this page" in page
    assert "You are countersigning the same" in page


def test_a_draft_published_while_being_edited_stays_published(client_for, la_admin_a, partnership_a, head_x):
    from partnership.access import partnership_context_for
    from partnership.services import ServiceError
    from partnership.services.sharing import agreement_draft_save, agreement_publish

    ctx = partnership_context_for(la_admin_a, partnership_a.slug)
    draft = SharingAgreement.objects.create(
        partnership=partnership_a,
        version=1,
        purposes="p",
        categories=["support"],
        recipients="r",
        lawful_basis="l",
        retention="r",
        security_measures="s",
        subject_access="s",
        review_date="2027-09-01",
        termination_and_sanctions="t",
        effective_from="2026-09-01",
    )
    stale = SharingAgreement.objects.get(pk=draft.pk)  # the copy an edit form was opened with
    agreement_publish(
        actor=la_admin_a,
        ctx=ctx,
        agreement=draft,
        effective_from=dt.date.today(),
        changes="",
        reason="Agreed",
    )
    with pytest.raises(ServiceError, match="published since you opened it"):
        agreement_draft_save(
            actor=la_admin_a, ctx=ctx, agreement=stale, data={"purposes": "x"}, reason="Edit"
        )
    assert SharingAgreement.objects.get(pk=draft.pk).is_published


def test_drafts_stay_hidden_from_officers_in_the_history_too(
    client_for, la_admin_a, la_officer_a, partnership_a
):
    client_for(la_admin_a).post(url("partnership:sharing-new", partnership_a), AGREEMENT)
    draft = SharingAgreement.objects.get()
    history = url("partnership:history", partnership_a, kind="sharing-agreement", pk=draft.pk)
    assert client_for(la_admin_a).get(history).status_code == 200
    assert client_for(la_officer_a).get(history).status_code == 404
    client_for(la_admin_a).post(
        url("partnership:sharing-publish", partnership_a, version=1),
        {"effective_from": future(0), "reason": "Agreed"},
    )
    assert client_for(la_officer_a).get(history).status_code == 200


def test_each_signatory_role_signs_in_a_capacity():
    """The consent's signers are the partnership's signatory roles, each with the capacity they sign in."""
    assert set(rules.SIGNING_CAPACITIES) == rules.SIGNATORY_ROLES


def test_a_governor_who_is_not_the_chair_cannot_sign_as_chair(
    client_for, partnership_a, school_x, head_x, governor_x, chair_x
):
    agreement = published_agreement(partnership_a)
    sign = url("schools:consent-sign", partnership_a, urn=school_x.urn)
    governor = client_for(governor_x)
    assert governor.get(sign).status_code == 404
    refused = governor.post(
        sign, {"categories": ["support"], "signed_name": "Gita Governor", "confirm": "on"}
    )
    assert refused.status_code == 404
    assert not SchoolConsent.objects.exists()
    # The consent page tells the governor who signs for the governors.
    page = text_of(governor.get(url("schools:consent", partnership_a, urn=school_x.urn)))
    assert "Chidi Chair, chair of governors since" in page and "Read and sign" not in page
    assert agreement.is_published


def test_the_head_records_the_chair_and_only_the_chair_signs(
    client_for, partnership_a, school_x, school_y, head_x, head_y, governor_x, la_officer_a
):
    published_agreement(partnership_a)
    consent_page = url("schools:consent", partnership_a, urn=school_x.urn)
    chair_page = url("schools:consent-chair", partnership_a, urn=school_x.urn)
    head = client_for(head_x)
    page = text_of(head.get(consent_page))
    assert "No chair of governors or trust's delegate is recorded for this school" in page
    assert "Record the chair of governors" in page
    # Only the school's head and LA administrators record the chair: a 404 to anyone else.
    for person in (governor_x, head_y, la_officer_a):
        assert client_for(person).get(chair_page).status_code == 404
        assert (
            client_for(person).post(chair_page, {"person": governor_x.pk, "reason": "x"}).status_code == 404
        )
    errors = text_of(head.post(chair_page, {}))
    assert "Select the chair of governors" in errors and "Enter why the chair is being recorded" in errors
    assert "The date must be today or later" in text_of(
        head.post(chair_page, {"person": governor_x.pk, "starts_on": past(1), "reason": "Elected"})
    )
    # A head of another school cannot be picked: only this school's governors are offered.
    assert "Select a valid choice" in text_of(
        head.post(chair_page, {"person": head_y.pk, "reason": "Elected"})
    )
    response = head.post(chair_page, {"person": governor_x.pk, "reason": "Elected at the autumn meeting"})
    assert response.status_code == 302
    chair = RoleAssignment.objects.get(role=Role.CHAIR_OF_GOVERNORS)
    assert (chair.user, chair.school, chair.starts_on) == (governor_x, school_x, dt.date.today())
    assert chair.history.latest().history_user == head_x
    assert "Gita Governor, chair of governors since" in text_of(head.get(consent_page))
    # Now the chair signs; the governor's typed name must be her own.
    client_for(governor_x).post(
        url("schools:consent-sign", partnership_a, urn=school_x.urn),
        {"categories": ["support"], "signed_name": "Gita Governor", "confirm": "on"},
    )
    consent = SchoolConsent.objects.get()
    assert consent.chair_signed_by == governor_x and consent.chair_capacity == "chair"


def test_a_new_chair_ends_the_last_and_a_school_has_one_chair_at_a_time(
    client_for, partnership_a, school_x, la_admin_a, governor_x, chair_x
):
    from django.db import IntegrityError, transaction

    chair_page = url("schools:consent-chair", partnership_a, urn=school_x.urn)
    admin = client_for(la_admin_a)
    assert "Chidi Chair is already recorded as chair of governors" in text_of(
        admin.post(chair_page, {"person": chair_x.pk, "reason": "Re-elected"})
    )
    admin.post(
        chair_page, {"person": governor_x.pk, "starts_on": future(10), "reason": "Elected for next term"}
    )
    old = RoleAssignment.objects.get(user=chair_x, role=Role.CHAIR_OF_GOVERNORS)
    new = RoleAssignment.objects.get(user=governor_x, role=Role.CHAIR_OF_GOVERNORS)
    assert old.ends_on == new.starts_on and new.starts_on.strftime("%d/%m/%Y") == future(10)
    # The database holds one open chair per school, whatever a form or a race does.
    new.ends_on = None
    new.save()
    old.ends_on = None
    with pytest.raises(IntegrityError), transaction.atomic():
        old.save()


def test_offices_are_held_by_the_schools_governors_and_end_with_the_governor_role(
    client_for, partnership_a, school_x, la_admin_a, head_x, governor_x
):
    from partnership.access import partnership_context_for
    from partnership.services import ServiceError, role_assign, role_end

    ctx = partnership_context_for(la_admin_a, partnership_a.slug)
    with pytest.raises(ServiceError, match="Hana Head is not a governor of School X"):
        role_assign(
            actor=la_admin_a,
            ctx=ctx,
            person=head_x,
            role=Role.TRUST_DELEGATE,
            school=school_x,
            reason="Trust",
        )
    delegate = role_assign(
        actor=la_admin_a,
        ctx=ctx,
        person=governor_x,
        role=Role.TRUST_DELEGATE,
        school=school_x,
        reason="Trust",
    )
    published_agreement(partnership_a)
    sign = url("schools:consent-sign", partnership_a, urn=school_x.urn)
    assert "as the trust's delegate" in text_of(client_for(governor_x).get(sign))
    governor_role = RoleAssignment.objects.get(user=governor_x, role=Role.GOVERNOR)
    role_end(actor=la_admin_a, ctx=ctx, assignment=governor_role, reason="Left the board")
    delegate.refresh_from_db()
    assert delegate.ends_on == dt.date.today()
    assert client_for(governor_x).get(sign).status_code == 404


def test_an_office_alone_opens_no_page(client_for, partnership_a, school_x):
    """A person whose only role is an office (their governor role was removed outside the portal's
    services) reaches nothing."""
    lone = UserFactory(full_name="Lone Chair")
    RoleFactory(user=lone, partnership=partnership_a, role=Role.CHAIR_OF_GOVERNORS, school=school_x)
    assert client_for(lone).get(url("partnership:home", partnership_a)).status_code == 404
    assert client_for(lone).get(url("schools:consent", partnership_a, urn=school_x.urn)).status_code == 404
