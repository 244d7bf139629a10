from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.services import ServiceError
from schools import rules
from schools.models import Network, NetworkMembership, School


@transaction.atomic
def network_save(*, actor, ctx: PartnershipContext, network: Network, reason: str) -> Network:
    """Create or change a network of the partnership."""
    rules.require_manager(ctx)
    network.partnership = ctx.partnership
    if network.lead_school_id and network.lead_school.la_code not in ctx.partnership.la_codes:
        raise ServiceError("The lead school must be one of the partnership's schools", field="lead_school")
    clash = Network.objects.filter(partnership=ctx.partnership, name__iexact=network.name)
    if network.pk:
        clash = clash.exclude(pk=network.pk)
    if clash.exists():
        raise ServiceError("The partnership already has a network with this name", field="name")
    return save_with_history(network, actor=actor, reason=reason)


@transaction.atomic
def membership_add(
    *,
    actor,
    ctx: PartnershipContext,
    network: Network,
    school: School,
    joined_on: dt.date,
    reason: str,
) -> NetworkMembership:
    rules.require_manager(ctx)
    if school.la_code not in ctx.partnership.la_codes:
        raise ServiceError("Choose one of the partnership's schools", field="school")
    if NetworkMembership.objects.filter(network=network, school=school, left_on__isnull=True).exists():
        raise ServiceError(f"{school} is already a member of {network}", field="school")
    if joined_on > timezone.localdate() + dt.timedelta(days=366):
        raise ServiceError("The date the school joins must be within the next year", field="joined_on")
    membership = NetworkMembership(network=network, school=school, joined_on=joined_on)
    try:
        with transaction.atomic():
            return save_with_history(membership, actor=actor, reason=reason)
    except IntegrityError:
        raise ServiceError(f"{school} is already a member of {network}", field="school") from None


@transaction.atomic
def membership_end(
    *, actor, ctx: PartnershipContext, membership: NetworkMembership, left_on: dt.date, reason: str
) -> NetworkMembership:
    rules.require_manager(ctx)
    if membership.left_on is not None:
        raise ServiceError("This school has already left the network")
    if left_on < membership.joined_on:
        raise ServiceError("The school cannot leave before it joined", field="left_on")
    membership.left_on = left_on
    return save_with_history(membership, actor=actor, reason=reason)
