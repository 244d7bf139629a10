"""Who may see or do what in the partnership app: people and their roles, the partnership's
priorities, the data-sharing agreement and consent to it, the access log, the data-protection duties
and people's sign-in security.

This is the one module that decides it: views, selectors, services and templates ask here, so it is
the file to read to know who manages people or reads the access log. (partnership/access.py is the
mechanism every app uses to apply such rules: partnership_view, PartnershipContext, NotVisible for
a 404, NotAllowed for a 403.) In words:

People and their roles:
- The list of people, each person's page (their roles, current and past) and the history of a
  person and of a role are for the partnership's LA administrators and LA officers. So are the
  history of the partnership's own record and of the agreement's versions. To anyone else they
  are a 404.
- Only LA administrators add people, give and end roles and disable accounts; an LA officer who
  tries is refused (403). The last LA administrator may not end their own administrator role, and
  nobody disables their own account (the services refuse both).

The partnership's priorities:
- Everyone in the partnership reads the priorities in use; the LA also sees those no longer used.
  Only LA administrators add and change them.

Sign-in security (decision 0014):
- Everyone whose role can see confidential data must use two-factor sign-in: every role except
  observers, who see only what the partnership publishes. Platform operators must use it too.
- Only LA administrators see how a person signs in (their two-factor sign-in and their sessions),
  end a person's sessions or reset their two-factor sign-in, and only while that person holds a
  role in the partnership, or will: where a former member signs in from is no longer ours to see.
  To anyone else these pages are a 404. Everyone manages their own account's two-factor sign-in,
  recovery codes and sessions.

The data-sharing agreement and consent (decision 0012):
- Everyone in the partnership reads the published versions of the agreement. A draft is for LA
  administrators only (a 404 to everyone else, in its history as on its own page); only LA
  administrators draft, change and publish versions.
- The LA (administrators and officers) sees which schools have consented.
- A school consents through its headteacher and its chair of governors (or the trust's delegate).
  Those two offices are roles a governor holds, dated like every role: the chair is recorded by an
  LA administrator or the school's headteacher, the trust's delegate by an LA administrator only.
  The signatories are asked to consent again whenever a new version is published.
- Partner organisations and board members are the recipients under the agreement: they see a
  school's confidential records of a category only while that school's consent for that category
  is in force. Which schools that is, is a data rule in partnership/consent.py that other apps call;
  the LA and the school itself are not recipients and keep their own view whatever the consent.

What the partnership publishes (issue 17):
- Governors and observers read what the partnership publishes and answer its open consultations:
  "Governors and the public: read published reports and minutes; answer consultations". They have
  the published reports, the meetings (the calendar, agendas and approved minutes) and the
  consultations in their navigation and on their home page. What each of those pages shows is
  decided by the app that owns it (governance.rules, consultation.rules).

The access log and the data-protection duties:
- The partnership's whole access log is searched and downloaded by its LA administrators only.
- A school's own entries in the log are seen by the LA and that school's headteacher: no one else,
  not even other headteachers.
- Subject access exports for a person in the partnership, and the record of what the retention
  rules removed, are for LA administrators only (a 404 to LA officers and everyone else). Every
  signed-in person may download what the partnerships they work in hold about them.
"""

from __future__ import annotations

from .access import NotAllowed, NotVisible, PartnershipContext, require_roles
from .models import ALL_ROLES, LA_ROLES, Role

# --- The role sets, each defined once -----------------------------------------------------------

# LA_ROLES (LA administrators and officers) and ALL_ROLES are defined in partnership.models, which
# every app imports; views take them from here (rules.LA_ROLES, rules.ALL_ROLES) as every role set.

# Who manages people and roles, the priorities and the agreement, reads the access log, runs
# subject access, sees the retention runs and looks after people's sign-in security.
LA_ADMIN_ROLES = frozenset({Role.LA_ADMIN})
# Who must use two-factor sign-in: every role that can see confidential data.
TWO_FACTOR_ROLES = ALL_ROLES - {Role.OBSERVER}
# Who signs a school's consent to the agreement: the headteacher, and the chair of governors or the
# trust's delegate (offices a governor holds, recorded with dates like every role: decision 0028).
# They are asked to consent to each new version.
SIGNATORY_ROLES = frozenset({Role.HEADTEACHER, Role.CHAIR_OF_GOVERNORS, Role.TRUST_DELEGATE})
# Who receives a school's data under the agreement, and only under consent in force.
RECIPIENT_ROLES = frozenset({Role.PARTNER, Role.BOARD_MEMBER})
# Who reads what the partnership publishes, with its reports, meetings and consultations in their
# navigation and on their home page: governors and observers.
PUBLISHED_READER_ROLES = frozenset({Role.GOVERNOR, Role.OBSERVER})


# --- People and their roles ---------------------------------------------------------------------


def may_see_people(ctx: PartnershipContext) -> bool:
    """The people list, each person's page and their history: LA administrators and officers."""
    return ctx.is_la


def require_sight_of_people(ctx: PartnershipContext) -> None:
    """Anyone else gets a 404 for people and their roles."""
    require_roles(ctx, LA_ROLES)


def require_sight_of_partnership_history(ctx: PartnershipContext) -> None:
    """The history of the partnership's own record and of the agreement: the LA, else a 404."""
    require_roles(ctx, LA_ROLES)


def may_manage_people(ctx: PartnershipContext) -> bool:
    """Adding people, giving and ending roles and disabling accounts: LA administrators only."""
    return ctx.is_la_admin


def require_people_manager(ctx: PartnershipContext) -> None:
    """An LA officer may see people but not change them: a 403."""
    require_roles(ctx, LA_ADMIN_ROLES, write=True)


def may_set_chair(ctx: PartnershipContext, school) -> bool:
    """Who records a school's chair of governors: an LA administrator, or the school's headteacher.
    The trust's delegate is recorded by an LA administrator only, on the person's page."""
    return ctx.is_la_admin or school.pk in ctx.school_ids(Role.HEADTEACHER)


def require_chair_setter(ctx: PartnershipContext, school) -> None:
    """Anyone else who may see the school's consent page gets a 403 for recording the chair."""
    if not may_set_chair(ctx, school):
        raise NotAllowed("only an LA administrator or the school's headteacher records its chair")


# --- The partnership's priorities ---------------------------------------------------------------


def sees_unused_priorities(ctx: PartnershipContext) -> bool:
    """Everyone reads the priorities in use; the LA also sees those no longer used."""
    return ctx.is_la


def may_manage_priorities(ctx: PartnershipContext) -> bool:
    return ctx.is_la_admin


def require_priority_manager(ctx: PartnershipContext) -> None:
    require_roles(ctx, LA_ADMIN_ROLES, write=True)


# --- Sign-in security ---------------------------------------------------------------------------


def works_here(person) -> bool:
    """Whether the person holds a role in the partnership now, or will (their roles here prefetched
    as roles_here, as selectors.person_for gives them)."""
    return any(not role.has_ended for role in person.roles_here)


def may_see_sign_in_security(ctx: PartnershipContext, person) -> bool:
    """How a person signs in is shown to LA administrators, and only while the person works here."""
    return ctx.is_la_admin and works_here(person)


def require_security_admin(ctx: PartnershipContext, *, write: bool = False) -> None:
    """Reading a person's sessions is a 404 for anyone but an LA administrator; ending them, or
    resetting their two-factor sign-in, a 403."""
    require_roles(ctx, LA_ADMIN_ROLES, write=write)


def require_security_subject(ctx: PartnershipContext, person) -> None:
    """A person with no role here any more is not ours to sign out or reset: a 404."""
    if not works_here(person):
        raise NotVisible(f"person {person.pk} no longer has a role in {ctx.partnership.slug}")


# --- The data-sharing agreement and consent -----------------------------------------------------


def may_see_drafts(ctx: PartnershipContext) -> bool:
    """A draft version of the agreement is for LA administrators only."""
    return ctx.is_la_admin


def may_see_agreement(ctx: PartnershipContext, agreement) -> bool:
    """Everyone in the partnership sees a published version; a draft only LA administrators."""
    return agreement.is_published or may_see_drafts(ctx)


def may_manage_agreement(ctx: PartnershipContext) -> bool:
    """Drafting, changing and publishing versions: LA administrators only."""
    return ctx.is_la_admin


def require_agreement_manager(ctx: PartnershipContext) -> None:
    require_roles(ctx, LA_ADMIN_ROLES, write=True)


def may_see_consents(ctx: PartnershipContext) -> bool:
    """Which schools have consented: the LA."""
    return ctx.is_la


def receives_under_consent(ctx: PartnershipContext) -> bool:
    """Whether this person is a recipient under the agreement (a partner organisation or a board
    member), who sees a school's confidential records only under its consent in force."""
    return ctx.has_any(RECIPIENT_ROLES)


# --- The access log and the data-protection duties ----------------------------------------------


def may_search_access_log(ctx: PartnershipContext) -> bool:
    """The partnership's whole access log: LA administrators only."""
    return ctx.is_la_admin


def require_access_log_reader(ctx: PartnershipContext) -> None:
    """The partnership's whole access log: a 404 for anyone but an LA administrator."""
    require_roles(ctx, LA_ADMIN_ROLES)


def may_see_school_access_log(ctx: PartnershipContext, school) -> bool:
    """The school's own headteacher and the LA; no one else, not even other heads."""
    return ctx.is_la or school.pk in ctx.school_ids(Role.HEADTEACHER)


def require_subject_access(ctx: PartnershipContext) -> None:
    """Subject access exports: an LA officer is refused as if the page did not exist."""
    require_roles(ctx, LA_ADMIN_ROLES)


def may_see_retention_runs(ctx: PartnershipContext) -> bool:
    return ctx.is_la_admin


def require_retention_reader(ctx: PartnershipContext) -> None:
    """What the retention rules removed: for LA administrators only."""
    require_roles(ctx, LA_ADMIN_ROLES)
