"""The permission matrix of the data-sharing agreement (issue 7).

Every persona × every view and export that shows a school's data × a school that consents, one
that never has, and one whose consent was withdrawn. For each, the exact ids the person can see,
and the exact pages that answer 200: no unexpected rows, no unexpected 200s.

The rules (docs/decisions/0012):
- the LA sees everything, whatever the consent;
- a school's own headteacher sees that school's records, whatever the consent;
- a partner organisation (diocese, trust) sees support casework and needs flags of a school only
  under its consent in force for that kind of data;
- a board member sees the cases the LA shared with the board, only under consent in force;
- a provider sees the agreements they deliver (the school agreed that support with them);
- a school's own governors read the termly brief its headteacher approved, whatever the consent: the
  school's governors are the school, not a recipient under the agreement (decision 0036);
- another school's headteacher, a governor, another partnership and the public see none of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.models import Role
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    NeedsFlagFactory,
    RoleFactory,
    SchoolFactory,
    SystemLeaderFactory,
    UserFactory,
    consent_in_force,
    published_agreement,
)

STATES = ("consenting", "never", "withdrawn")


def person(partnership, role, school=None, name=""):
    user = UserFactory(full_name=name or role)
    RoleFactory(user=user, partnership=partnership, role=role, school=school)
    return user


@pytest.fixture
def matrix(partnership_a, partnership_b, school_z, la_officer_a, la_officer_b):
    schools = {state: SchoolFactory(name=f"School {state}", la_code="901") for state in STATES}
    other_school = SchoolFactory(name="Another school", la_code="901")
    agreement = published_agreement(partnership_a)
    consent_in_force(agreement, schools["consenting"])
    withdrawn = consent_in_force(agreement, schools["withdrawn"])
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.withdrawal_reason = "Governors asked to review it"
    withdrawn.save()

    provider_user = person(partnership_a, Role.SYSTEM_LEADER, name="Pat Provider")
    leader = SystemLeaderFactory(partnership=partnership_a, full_name="Pat Provider", user=provider_user)
    cases, agreements, flags, briefs = {}, {}, {}, {}
    for state, school in schools.items():
        cases[state] = CaseFactory(
            partnership=partnership_a, school=school, lead_officer=la_officer_a, shared_with_board=True
        )
        agreements[state] = AgreementFactory(
            case=cases[state], provider_type="system_leader", provider_leader=leader, provider_name=""
        )
        flags[state] = NeedsFlagFactory(partnership=partnership_a, school=school)
        briefs[state] = approved_brief(cases[state], by=la_officer_a)
    # Partnership B's own case, flag and school: never seen from A.
    CaseFactory(partnership=partnership_b, school=school_z, lead_officer=la_officer_b, shared_with_board=True)
    NeedsFlagFactory(partnership=partnership_b, school=school_z)

    people = {
        "la_officer": la_officer_a,
        "own_head": {
            state: person(partnership_a, Role.HEADTEACHER, school) for state, school in schools.items()
        },
        "other_head": person(partnership_a, Role.HEADTEACHER, other_school),
        "governor": {
            state: person(partnership_a, Role.GOVERNOR, school) for state, school in schools.items()
        },
        "board_member": person(partnership_a, Role.BOARD_MEMBER),
        "diocese": person(partnership_a, Role.PARTNER, name="Diocesan officer"),
        "provider": provider_user,
        "other_partnership": la_officer_b,
    }
    return {
        "schools": schools,
        "cases": cases,
        "agreements": agreements,
        "flags": flags,
        "briefs": briefs,
        "people": people,
    }


def approved_brief(case, *, by):
    """A termly brief for the school's governors, approved (its approval is recorded as given by
    email, so that no headteacher needs to be in the portal)."""
    from support.models import TermlyBrief

    now = timezone.now()
    return TermlyBrief.objects.create(
        case=case,
        academic_year=2026,
        term="autumn",
        term_starts_on=dt.date(2026, 9, 1),
        term_ends_on=dt.date(2026, 12, 31),
        status="approved",
        drafted_by=by,
        drafted_at=now,
        approved_by=by,
        approved_at=now,
        approved_how="email",
        approved_for_school_by="The headteacher",
        approved_on=now.date(),
        facts={"status": "Identified", "objectives": [], "next_review": None},
    )


# What each persona may see, by school state. For the own-school head and the governor, the person
# is the one at that school, so "own" means the school in that state.
EXPECTED = {
    #                    cases        agreements           flags          consent page   access log
    # and the termly brief for governors
    "la_officer": dict(
        cases=STATES, agreements=STATES, flags=STATES, consent=STATES, access_log=STATES, briefs=STATES
    ),
    "own_head": dict(
        cases=STATES, agreements=STATES, flags=(), consent=STATES, access_log=STATES, briefs=STATES
    ),
    "other_head": dict(cases=(), agreements=(), flags=(), consent=(), access_log=(), briefs=()),
    "governor": dict(cases=(), agreements=(), flags=(), consent=STATES, access_log=(), briefs=STATES),
    "board_member": dict(
        cases=("consenting",), agreements=("consenting",), flags=(), consent=(), access_log=(), briefs=()
    ),
    "diocese": dict(
        cases=("consenting",),
        agreements=("consenting",),
        flags=("consenting",),
        consent=(),
        access_log=(),
        briefs=(),
    ),
    "provider": dict(cases=(), agreements=STATES, flags=(), consent=(), access_log=(), briefs=()),
    "other_partnership": dict(cases=(), agreements=(), flags=(), consent=(), access_log=(), briefs=()),
}


KINDS = ("cases", "agreements", "flags", "consent", "access_log", "briefs")


def _url(name, **kwargs):
    return reverse(name, kwargs={"partnership_slug": "pa", **kwargs})


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _observe(user, matrix) -> dict[str, set[str]]:
    """Everything this person reaches, per kind, as the states of the schools it belongs to."""
    client = _client(user)
    seen: dict[str, set[str]] = {k: set() for k in KINDS}
    listed_cases: set[int] = set()
    for state in STATES:
        school = matrix["schools"][state]
        if client.get(_url("support:case", case_id=matrix["cases"][state].pk)).status_code == 200:
            seen["cases"].add(state)
        agreement = client.get(_url("support:agreement", agreement_id=matrix["agreements"][state].pk))
        if agreement.status_code == 200:
            seen["agreements"].add(state)
        profile = client.get(_url("schools:school", urn=school.urn))
        if profile.status_code == 200:
            flag_ids = {flag.pk for flag in profile.context["flags"]}
            assert flag_ids <= {matrix["flags"][state].pk}, "a profile shows only that school's flags"
            if flag_ids:
                seen["flags"].add(state)
        if client.get(_url("schools:consent", urn=school.urn)).status_code == 200:
            seen["consent"].add(state)
        if client.get(_url("schools:access-log", urn=school.urn)).status_code == 200:
            seen["access_log"].add(state)
        if client.get(_url("support:brief", brief_id=matrix["briefs"][state].pk)).status_code == 200:
            seen["briefs"].add(state)
    # The lists and the export must show exactly what the pages do: never a row more.
    case_list = client.get(_url("support:cases"))
    if case_list.status_code == 200:
        rows = (
            case_list.context.get("shared")
            if "shared" in case_list.context
            else case_list.context["page"].object_list
        )
        listed_cases = {case.pk for case in rows}
    export = client.post(
        _url("support:export"), {"reason": "Checking what the rules allow for the matrix test"}
    )
    exported: set[int] = set()
    if export.status_code == 200:
        body = b"".join(export.streaming_content).decode()
        exported = {int(row["Case"]) for row in csv.DictReader(io.StringIO(body))}
    by_case = {case.pk: state for state, case in matrix["cases"].items()}
    seen["listed_cases"] = {by_case.get(pk, f"foreign case {pk}") for pk in listed_cases}
    seen["exported_cases"] = {by_case.get(pk, f"foreign case {pk}") for pk in exported}
    agreement_list = client.get(_url("support:agreements"))
    by_agreement = {a.pk: state for state, a in matrix["agreements"].items()}
    seen["listed_agreements"] = (
        {
            by_agreement.get(a.pk, f"foreign agreement {a.pk}")
            for a in agreement_list.context["page"].object_list
        }
        if agreement_list.status_code == 200
        else set()
    )
    return seen


def _people(persona: str, matrix):
    who = matrix["people"][persona]
    return who.items() if isinstance(who, dict) else [(None, who)]


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_persona_sees_exactly_what_the_rules_allow(persona, matrix):
    expected = EXPECTED[persona]
    for own_state, user in _people(persona, matrix):
        seen = _observe(user, matrix)
        for kind in KINDS:
            allowed = set(expected[kind])
            if own_state is not None:
                # A head or governor reaches only their own school, in whichever state it is.
                allowed &= {own_state}
            assert seen[kind] == allowed, (
                f"{persona} ({own_state}) {kind}: saw {seen[kind]}, allowed {allowed}"
            )
        cases_allowed = set(expected["cases"]) & ({own_state} if own_state else set(STATES))
        assert seen["listed_cases"] <= cases_allowed, f"{persona} list leaks {seen['listed_cases']}"
        assert seen["exported_cases"] <= cases_allowed, f"{persona} export leaks {seen['exported_cases']}"
        if persona in {"la_officer", "own_head", "diocese"}:
            assert seen["listed_cases"] == cases_allowed
            assert seen["exported_cases"] == cases_allowed
        if persona == "board_member":
            assert seen["listed_cases"] == cases_allowed, "the board's list is the shared, consented cases"
        agreements_listed_allowed = set(expected["agreements"]) if persona == "provider" else set()
        assert seen["listed_agreements"] == agreements_listed_allowed


def test_anonymous_visitors_reach_none_of_it(matrix):
    client = Client()
    for state in STATES:
        school = matrix["schools"][state]
        for url in (
            _url("support:case", case_id=matrix["cases"][state].pk),
            _url("support:agreement", agreement_id=matrix["agreements"][state].pk),
            _url("schools:school", urn=school.urn),
            _url("schools:consent", urn=school.urn),
            _url("schools:access-log", urn=school.urn),
            _url("support:brief", brief_id=matrix["briefs"][state].pk),
        ):
            response = client.get(url)
            assert response.status_code == 302 and "/sign-in/" in response["Location"], url
    assert client.post(_url("support:export"), {"reason": "x"}).status_code == 302


def test_withdrawing_consent_ends_a_partners_access_in_the_same_request_cycle(matrix, partnership_a):
    diocese = matrix["people"]["diocese"]
    head = matrix["people"]["own_head"]["consenting"]
    school = matrix["schools"]["consenting"]
    case_url = _url("support:case", case_id=matrix["cases"]["consenting"].pk)
    partner = _client(diocese)
    assert partner.get(case_url).status_code == 200
    _client(head).post(
        _url("schools:consent-withdraw", urn=school.urn), {"reason": "Governors want to review it"}
    )
    assert partner.get(case_url).status_code == 404
    assert {c.pk for c in partner.get(_url("support:cases")).context["page"].object_list} == set()


def test_a_new_version_removes_partner_access_until_the_school_consents_again(matrix, partnership_a):
    diocese = matrix["people"]["diocese"]
    school = matrix["schools"]["consenting"]
    case_url = _url("support:case", case_id=matrix["cases"]["consenting"].pk)
    partner = _client(diocese)
    assert partner.get(case_url).status_code == 200
    version_2 = published_agreement(partnership_a, version=2)
    assert partner.get(case_url).status_code == 404
    assert partner.get(_url("schools:school", urn=school.urn)).context["flags"] == []
    consent_in_force(version_2, school, categories=["support"])
    assert partner.get(case_url).status_code == 200
    # Only support casework was consented to this time, so the needs flags stay hidden.
    assert partner.get(_url("schools:school", urn=school.urn)).context["flags"] == []
