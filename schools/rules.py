"""Who may see or do what in the schools app.

This is the one module that decides it: views, selectors, services and templates ask here, so it is
the file to read to know who sees what about a school. In words:

The register and networks (a school's public details from GIAS, its inspections and its published
results; the partnership's networks of schools):
- are seen by everyone with a role in the partnership, for the schools in the partnership's local
  authorities. A school elsewhere in the register is a 404, as if it did not exist.
- Networks are set up, and schools join and leave them, by LA officers and administrators. Everyone
  else reads only: trying to change one is a 403.

A school's confidential records (the partnership's support and consent records about it):
- are seen by LA officers and administrators, the school's own headteacher and staff, and anyone an
  LA administrator has granted them for that one school, but a grant opens them only while the
  school's consent to share its support casework is in force. A grant is for one school: a global
  permission opens nothing.
- Who has been granted them is seen by LA officers and administrators; only LA administrators add
  or remove a grant.
- The history of a school's register entry is for LA officers and administrators.

Schools that may need support (the flags the triggers raise, with their evidence):
- the list, a flag and the trigger settings are seen by LA officers and administrators only (a 404
  to anyone else). They dismiss flags; only LA administrators change the triggers.
- On a school's profile a partner organisation (a diocese or trust) also sees the school's flags,
  while the school's consent to share its needs flags is in force. Nobody else sees them, not the
  school itself; and only the LA sees flags in the school list and its CSV export.

The system leaders directory is seen by LA officers and administrators, headteachers, system
leaders and board members; it is changed by LA officers and administrators.

Imports of register, inspection and performance files: LA officers and administrators only.

Consent to the data-sharing agreement (the decision itself lives in partnership.consent):
- every school's consent is seen by LA officers and administrators, who remind the schools without
  consent in force; the reminder goes to each such school's headteacher and chair of governors or
  trust's delegate.
- One school's consent is also seen by its own headteacher, staff and governors.
- It is signed, and withdrawn, only by the school's headteacher (as headteacher) and the governor
  who holds the office of chair of governors or of the trust's delegate (as that office, never a
  capacity they choose); each signs once, with their own name as the portal holds it. A governor
  holding neither office does not sign. The chair is recorded by the school's headteacher or an LA
  administrator (partnership.rules.may_set_chair). The LA never signs for a school,
  and to anyone else the signing and withdrawal pages are a 404.

A school's access log (who has seen its confidential records) is seen by the school's own
headteacher and by LA officers and administrators (the rule is partnership.selectors.access_log');
only the LA sees the network addresses in it.

A person's own schools ("Your school" on the home page) are those where they are headteacher, staff
or governor.
"""

from __future__ import annotations

from guardian.core import ObjectPermissionChecker

from partnership.access import NotAllowed, NotVisible, PartnershipContext, require_roles
from partnership.consent import consenting_school_ids
from partnership.models import ALL_ROLES, LA_ROLES, SCHOOL_ROLES, DataCategory, Role
from partnership.rules import SIGNATORY_ROLES as SIGNATORY_ROLES
from partnership.rules import may_set_chair as may_set_chair
from partnership.selectors.access_log import may_see_school_access_log

# --- The role sets, each defined once -----------------------------------------------------------
# LA_ROLES (LA officers and administrators) and SCHOOL_ROLES (a school's headteacher, staff and
# governors) are the partnership's own sets, named here so this app's pages ask this module.

# The register, networks and a school's access log let in anyone with a role in the partnership:
# what each person sees is then decided school by school below.
PAGE_ROLES = ALL_ROLES
# Only LA administrators change the triggers and grant a school's records.
ADMIN_ROLES = frozenset({Role.LA_ADMIN})
# Who may search the system leaders directory: those who arrange support, give it, or oversee it.
LEADER_ROLES = LA_ROLES | {Role.HEADTEACHER, Role.SYSTEM_LEADER, Role.BOARD_MEMBER}
# A school's own people who see its confidential records without a grant.
RECORDS_ROLES = frozenset({Role.HEADTEACHER, Role.SCHOOL_STAFF})
# Who may open a school's consent page: the LA, and the school's own people.
CONSENT_PAGE_ROLES = LA_ROLES | SCHOOL_ROLES
# Who signs a school's consent (SIGNATORY_ROLES, the partnership's own set, imported above: the
# headteacher, and the chair of governors or the trust's delegate), and in what capacity; the same
# people are reminded to. A governor who holds neither office does not sign.
SIGNING_CAPACITIES = {
    Role.HEADTEACHER: "head",
    Role.CHAIR_OF_GOVERNORS: "chair",
    Role.TRUST_DELEGATE: "trust_delegate",
}
# Who besides the LA sees a school's flags, under its consent to share them.
FLAG_RECIPIENT_ROLES = frozenset({Role.PARTNER})

# The object permission (django-guardian) an LA administrator grants for one school's records.
RECORDS_PERMISSION = "view_school_records"


# --- The LA's work: networks, the directory, flags and imports ----------------------------------


def may_manage(ctx: PartnershipContext) -> bool:
    """LA officers and administrators: they keep networks and the system leaders directory, dismiss
    flags and import files. Asked by pages so they offer an action only to someone who may take it."""
    return ctx.has_any(LA_ROLES)


def require_manager(ctx: PartnershipContext) -> None:
    """Changing networks, the directory or flags, and importing files: a 403 to anyone else."""
    require_roles(ctx, LA_ROLES, write=True)


def require_la_sight(ctx: PartnershipContext) -> None:
    """The LA's own pages (flags, imports, grants, every school's consent, a school's history) are
    a 404 to anyone else."""
    require_roles(ctx, LA_ROLES)


def may_administer(ctx: PartnershipContext) -> bool:
    """LA administrators: they change the triggers and grant a school's records."""
    return ctx.has_any(ADMIN_ROLES)


def require_administrator(ctx: PartnershipContext) -> None:
    require_roles(ctx, ADMIN_ROLES, write=True)


# --- Flags of schools that may need support -----------------------------------------------------


def sees_flags(ctx: PartnershipContext) -> bool:
    """Whether the school list, its filters, its sorting and its CSV export show open flags: the
    LA's only."""
    return ctx.has_any(LA_ROLES)


def may_see_flags_of(ctx: PartnershipContext, school) -> bool:
    """The LA; and a partner organisation while the school's consent to share its needs flags is in
    force. For anyone else this costs no query."""
    if ctx.has_any(LA_ROLES):
        return True
    return ctx.has_any(FLAG_RECIPIENT_ROLES) and school.pk in consenting_school_ids(
        ctx.partnership, DataCategory.NEEDS
    )


# --- A school's confidential records ------------------------------------------------------------


def may_see_school_records(ctx: PartnershipContext, user, school) -> bool:
    """The partnership's records about a school (support, consent) are for the LA, the school's
    own headteacher and staff, and anyone granted them for that one school while the school's
    consent to share its support casework is in force."""
    if ctx.has_any(LA_ROLES):
        return True
    if school.pk in ctx.school_ids(*RECORDS_ROLES):
        return True
    # Object grants only, through the direct foreign-key table: never a global permission.
    if not ObjectPermissionChecker(user).has_perm(RECORDS_PERMISSION, school):
        return False
    return school.pk in consenting_school_ids(ctx.partnership, DataCategory.SUPPORT)


def may_see_records_grants(ctx: PartnershipContext) -> bool:
    """Who has been granted a school's records: the LA sees the list."""
    return ctx.has_any(LA_ROLES)


def may_grant_records(ctx: PartnershipContext) -> bool:
    """Only LA administrators add and remove grants."""
    return may_administer(ctx)


def may_see_history(ctx: PartnershipContext) -> bool:
    """The history of a school's register entry: the LA's."""
    return ctx.has_any(LA_ROLES)


def may_see_access_log(ctx: PartnershipContext, school) -> bool:
    """Who has seen the school's confidential records: its own headteacher and the LA."""
    return may_see_school_access_log(ctx, school)


def shows_access_addresses(ctx: PartnershipContext) -> bool:
    """The network addresses in a school's access log are shown to the LA only."""
    return ctx.has_any(LA_ROLES)


# --- Consent to the data-sharing agreement ------------------------------------------------------


def may_see_consent(ctx: PartnershipContext, school) -> bool:
    """The LA, and the school's own headteacher, staff and governors."""
    return ctx.has_any(LA_ROLES) or school.pk in ctx.school_ids(*SCHOOL_ROLES)


def signing_capacity(ctx: PartnershipContext, school) -> str | None:
    """'head', 'chair' or 'trust_delegate' for a person who may sign for this school, else None.
    The last two sign in the same place: the governors' signature."""
    for role, capacity in SIGNING_CAPACITIES.items():
        if school.pk in ctx.school_ids(role):
            return capacity
    return None


def awaits_signature(ctx: PartnershipContext, school, consent) -> bool:
    """Whether this person signs for the school and has not yet signed its open consent (or there
    is none yet)."""
    capacity = signing_capacity(ctx, school)
    if capacity is None:
        return False
    signed = consent is not None and (
        consent.head_signed_at if capacity == "head" else consent.chair_signed_at
    )
    return not signed


def may_sign_consent(ctx: PartnershipContext, school, agreement, consent) -> bool:
    """A signer who has not yet signed, once an agreement is published."""
    return agreement is not None and awaits_signature(ctx, school, consent)


def may_withdraw_consent(ctx: PartnershipContext, school, consent) -> bool:
    """A signer, while the school has an open consent."""
    return consent is not None and signing_capacity(ctx, school) is not None


def require_sight_of_signing(ctx: PartnershipContext, school, agreement) -> str:
    """The signing page is a 404 to anyone but a signer, and before an agreement is published.
    Returns the signer's capacity."""
    capacity = signing_capacity(ctx, school)
    if capacity is None or agreement is None:
        raise NotVisible(
            "only the headteacher, the chair of governors or the trust's delegate may sign, once an "
            "agreement is published"
        )
    return capacity


def require_sight_of_withdrawal(ctx: PartnershipContext, school, consent) -> None:
    """The withdrawal page is a 404 to anyone but a signer, and when there is nothing to withdraw."""
    if not may_withdraw_consent(ctx, school, consent):
        raise NotVisible("no consent in force that this person may withdraw")


def require_signer(ctx: PartnershipContext, school) -> str:
    """Signing: a 403 to anyone but the school's headteacher or a governor. Returns the capacity."""
    capacity = signing_capacity(ctx, school)
    if capacity is None:
        raise NotAllowed(
            "only the school's headteacher, chair of governors or the trust's delegate may consent"
        )
    return capacity


def require_sight_of_chair_form(ctx: PartnershipContext, school) -> None:
    """The page that records the chair of governors: a 404 to anyone who may not record it (an LA
    administrator or the school's headteacher may; partnership.rules.may_set_chair)."""
    if not may_set_chair(ctx, school):
        raise NotVisible("only an LA administrator or the school's headteacher records its chair")


def require_withdrawer(ctx: PartnershipContext, school) -> None:
    if signing_capacity(ctx, school) is None:
        raise NotAllowed(
            "only the school's headteacher, chair of governors or the trust's delegate may withdraw its consent"
        )


# --- A person's own schools ---------------------------------------------------------------------


def own_school_ids(ctx: PartnershipContext) -> frozenset[int]:
    """The schools where this person is headteacher, staff or governor."""
    return ctx.school_ids(*SCHOOL_ROLES)
