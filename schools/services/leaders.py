from __future__ import annotations

from django.db import transaction

from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.services import ServiceError
from schools import rules
from schools.models import SystemLeader


@transaction.atomic
def system_leader_save(
    *, actor, ctx: PartnershipContext, leader: SystemLeader, expertise, reason: str
) -> SystemLeader:
    """Create or change a directory entry, with its areas of expertise."""
    rules.require_manager(ctx)
    leader.partnership = ctx.partnership
    if leader.committed_days > leader.capacity_days:
        raise ServiceError("Days committed cannot be more than the capacity", field="committed_days")
    if (
        leader.accredited_on
        and leader.accreditation_expires_on
        and leader.accreditation_expires_on < leader.accredited_on
    ):
        raise ServiceError("Accreditation cannot expire before it starts", field="accreditation_expires_on")
    if any(p.partnership_id != ctx.partnership.pk for p in expertise):
        raise ServiceError("Choose the partnership's own priorities", field="expertise")
    save_with_history(leader, actor=actor, reason=reason)
    leader.expertise.set(expertise)
    return leader
