"""The ground floor: partnerships (tenants), people, their roles, and the security event log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # People type their email address in any case; it is still the same address.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Platform operators only: may use the Django admin."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Partnership(models.Model):
    """One LA's school-improvement partnership: the tenant everything else belongs to."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name

    @cached_property
    def la_codes(self) -> list[str]:
        return [la.code for la in self.local_authorities.all()]


class LocalAuthority(models.Model):
    """An LA that a partnership covers. One LA runs one partnership."""

    code = models.CharField("LA code", max_length=3, unique=True)
    name = models.CharField(max_length=100)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="local_authorities")

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    LA_ADMIN = "la_admin", "LA administrator"
    LA_OFFICER = "la_officer", "LA officer"
    HEADTEACHER = "headteacher", "Headteacher"
    SCHOOL_STAFF = "school_staff", "School staff"
    GOVERNOR = "governor", "Governor"
    SYSTEM_LEADER = "system_leader", "System leader"
    BOARD_MEMBER = "board_member", "Board member"
    OBSERVER = "observer", "Observer"


SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.SCHOOL_STAFF, Role.GOVERNOR})
LA_ROLES = frozenset({Role.LA_ADMIN, Role.LA_OFFICER})
ALL_ROLES = frozenset(Role)
# Sorted, so that the constraint below (and its migration) is the same on every run.
SCHOOL_ROLE_VALUES = sorted(role.value for role in SCHOOL_ROLES)


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        """In force today."""
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on))

    def not_ended(self, on=None):
        """In force today or starting later: what a person still holds, or will. A role ended on
        the day it was to start never took effect."""
        on = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | (Q(ends_on__gt=on) & Q(ends_on__gt=models.F("starts_on")))
        )


class RoleAssignment(models.Model):
    """A person's role in a partnership, for a school where the role is a school's, over dates."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    # A string reference, not an import: the schools app stands on this one, never the reverse.
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="The role ends at the start of this day.")

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "role", "starts_on"]
        indexes = [models.Index(fields=["user", "partnership", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                name="school_roles_name_a_school",
                condition=(
                    Q(role__in=SCHOOL_ROLE_VALUES, school__isnull=False)
                    | (~Q(role__in=SCHOOL_ROLE_VALUES) & Q(school__isnull=True))
                ),
            ),
            models.CheckConstraint(
                name="role_does_not_end_before_it_starts",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "role"],
                condition=Q(school__isnull=True, ends_on__isnull=True),
                name="one_open_role_per_partnership",
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "school"],
                condition=Q(school__isnull=False, ends_on__isnull=True),
                name="one_open_role_per_school",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{label}, {self.school}" if self.school_id else label

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on > today)

    @property
    def has_ended(self) -> bool:
        if self.ends_on is None:
            return False
        return self.ends_on <= timezone.localdate() or self.ends_on <= self.starts_on

    @property
    def is_future(self) -> bool:
        return not self.has_ended and self.starts_on > timezone.localdate()


class SignInSession(models.Model):
    """Which sessions belong to whom, so that disabling a person can end every one of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"


class SecurityEvent(models.Model):
    """An append-only record of sign-ins, sign-outs, lockouts and refused access.

    It has no simple-history table on purpose: a log of events is its own history, and rows
    are never changed once written.
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGN_OUT = "sign_out", "Signed out"
        SESSION_EXPIRED = "session_expired", "Session expired"
        ACCESS_REFUSED = "access_refused", "Access refused"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        ACCOUNT_DISABLED = "account_disabled", "Account disabled"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.CharField(max_length=254, blank=True)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["kind", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]

    def __str__(self) -> str:
        who = self.email or self.user_id
        return f"{self.get_kind_display()} {who} {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Security events are never changed once written.")
        super().save(*args, **kwargs)


class Priority(models.Model):
    """One of the partnership's key themes, which needs, support and reports are tagged with."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("in use", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "position", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="priority_titles_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """A message on a person's home page, also sent by email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "partnership", "read_at"])]

    def __str__(self) -> str:
        return self.text
