"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery codes (decision 0014).

Who must use it, reading whether a person has it, and the writes: setting it up, checking a code,
making new recovery codes and an LA administrator's reset. Devices are django-otp's models.
"""

from __future__ import annotations

import datetime as dt
import math
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import PartnershipContext
from .models import RoleAssignment, SecurityEvent, User
from .rules import TWO_FACTOR_ROLES, require_security_admin
from .services.errors import ServiceError
from .services.security import security_event_record, sessions_end

# Set at sign-in for a person with a device, so they are asked for a code even where two-factor
# sign-in is not required, without a query on every request.
PENDING_KEY = "two_factor_pending"
# New recovery codes wait here for the one page that shows them, once.
NEW_RECOVERY_CODES_KEY = "two_factor_new_recovery_codes"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

WRONG_CODE = "The code is not right. Check the code in your authenticator app and try again"


@dataclass(frozen=True)
class TwoFactorState:
    has_device: bool
    must_use: bool


def two_factor_state(user: User) -> TwoFactorState:
    """Whether the person has a confirmed authenticator app, and whether they must use one: one query."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            needs_role=Exists(
                RoleAssignment.objects.current().filter(user=OuterRef("pk"), role__in=TWO_FACTOR_ROLES)
            ),
        )
        .values_list("has_device", "needs_role", "is_staff")
        .first()
    )
    if row is None:
        return TwoFactorState(has_device=False, must_use=False)
    has_device, needs_role, is_staff = row
    return TwoFactorState(has_device=has_device, must_use=needs_role or is_staff)


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_display(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The set-up link as an inline SVG QR code: no script, no image request, no data: URL."""
    qr = segno.make(device.config_url, error="m")
    # segno writes the markup from the device's own link; nothing in it comes from a request.
    return mark_safe(qr.svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", svgclass="app-qr-code"))  # noqa: S308  # nosec B308 B703


def wait_in_words(until: dt.datetime) -> str:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The device being set up: the same one until it is confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_device_confirm(*, request, user: User, code: str) -> list[str]:
    """Confirm the app being set up with a code from it; returns the new recovery codes.

    The confirmed app replaces any earlier one, and the person counts as verified for this session.
    """
    code = _normalise(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        )
        if device is None:
            raise ServiceError("Your set-up has expired. Scan the new QR code and try again", field="code")
        allowed, throttle = device.verify_is_allowed()
        verified = allowed and device.verify_token(code)
    if not verified:
        security_event_record(
            kind=SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user, detail="while setting up"
        )
        if not allowed:
            raise ServiceError(_too_many(throttle["locked_until"]), field="code")
        raise ServiceError(WRONG_CODE, field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_SET_UP, request=request, user=user)
    django_otp.login(request, device)
    request.session.pop(PENDING_KEY, None)
    return codes


@transaction.atomic
def recovery_codes_make(*, request, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not has_two_factor(user):
        raise ServiceError("Set up two-factor sign-in before you make recovery codes")
    codes = _recovery_codes_replace(user)
    security_event_record(
        kind=SecurityEvent.Kind.TWO_FACTOR_SET_UP, request=request, user=user, detail="new recovery codes"
    )
    return codes


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _too_many(until: dt.datetime) -> str:
    return f"You have entered too many wrong codes. Wait {wait_in_words(until)}, then try again"


def code_verify(*, request, user: User, code: str):
    """Check a code from the app or a recovery code, and mark this session as verified.

    Every wrong code makes the next try wait longer (django-otp's throttle). While any of the
    person's devices is waiting, no code is tried at all.
    """
    code = _normalise(code)
    is_app_code = code.isdigit() and len(code) in {6, 8}
    with transaction.atomic():
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)) + list(
            StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        )
        locked_until = None
        for device in devices:
            allowed, throttle = device.verify_is_allowed()
            if not allowed:
                locked_until = max(filter(None, [locked_until, throttle["locked_until"]]))
        matched = None
        if locked_until is None:
            for device in devices:
                if isinstance(device, TOTPDevice) == is_app_code and device.verify_token(code):
                    matched = device
                    break
            else:
                # A wrong code counts against every device, so two kinds of code are not two budgets.
                for device in devices:
                    if isinstance(device, TOTPDevice) != is_app_code:
                        device.throttle_increment()
    if matched is None:
        security_event_record(
            kind=SecurityEvent.Kind.TWO_FACTOR_FAILED,
            request=request,
            user=user,
            detail="while locked" if locked_until else "",
        )
        if locked_until is not None:
            raise ServiceError(_too_many(locked_until), field="code")
        if not devices:
            raise ServiceError("You have not set up two-factor sign-in", field="code")
        raise ServiceError(WRONG_CODE, field="code")
    if isinstance(matched, StaticDevice):
        security_event_record(
            kind=SecurityEvent.Kind.TWO_FACTOR_RECOVERY_USED,
            request=request,
            user=user,
            detail=f"{recovery_codes_left(user)} left",
        )
    # A right code clears every device's count of wrong ones, so old typos never add up.
    for device in devices:
        if device.throttling_failure_count:
            device.throttle_reset()
    django_otp.login(request, matched)
    request.session.pop(PENDING_KEY, None)
    return matched


def _check_may_change(actor: User, person: User, *, what: str, ctx: PartnershipContext | None = None) -> None:
    from .selectors.people import person_has_roles_elsewhere

    if person.pk == actor.pk:
        raise ServiceError(f"You cannot {what} for yourself here. Ask another LA administrator")
    if person.is_staff or person.is_superuser:
        raise ServiceError(f"This is a platform operator's account. Ask the service desk to {what}")
    # A person who also works in another partnership is that partnership's too: one LA may not
    # weaken another's account.
    if ctx is not None and person_has_roles_elsewhere(person, ctx.partnership):
        raise ServiceError(f"This person also works in another partnership. Ask the service desk to {what}")


@transaction.atomic
def two_factor_reset(
    *, actor: User, ctx: PartnershipContext, person: User, reason: str, request=None
) -> None:
    """Remove a person's authenticator app and recovery codes, and sign them out everywhere.

    They set up two-factor sign-in again the next time they sign in.
    """
    require_security_admin(ctx, write=True)
    _check_may_change(actor, person, what="reset two-factor sign-in", ctx=ctx)
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    ended = sessions_end(person)
    security_event_record(
        kind=SecurityEvent.Kind.TWO_FACTOR_RESET,
        request=request,
        user=person,
        partnership=ctx.partnership,
        detail=f"by {actor.email}, {ended} session(s) ended: {reason}",
    )
