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
    PARTNER = "partner", "Partner organisation (diocese, trust or other body)"
    OBSERVER = "observer", "Observer"
    # Inclusion partnerships (decision 0020). An LA inclusion officer is LA staff but deliberately
    # not in LA_ROLES: ordinary LA officers must not see pupil-level records, and these people do.
    INCLUSION_OFFICER = "inclusion_officer", "LA inclusion officer"
    INCLUSION_STAFF = "inclusion_staff", "Inclusion partnership staff"
    # Offices a school's governor holds (decision 0028): each gives the right to sign the school's
    # consent as such, and no access of its own.
    CHAIR_OF_GOVERNORS = "chair_of_governors", "Chair of governors"
    TRUST_DELEGATE = "trust_delegate", "Trust's delegate (signs consent for the trust)"


SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.SCHOOL_STAFF, Role.GOVERNOR})
# A governor's offices at their school. They open no page: a person holds one only while they are a
# governor of that school, and every page is opened by the governor role beside it.
SCHOOL_OFFICES = frozenset({Role.CHAIR_OF_GOVERNORS, Role.TRUST_DELEGATE})
# Every role that names a school.
ROLES_WITH_A_SCHOOL = SCHOOL_ROLES | SCHOOL_OFFICES
# A school's own staff: its headteacher and school staff, without its governors.
SCHOOL_STAFF_ROLES = frozenset({Role.HEADTEACHER, Role.SCHOOL_STAFF})
LA_ROLES = frozenset({Role.LA_ADMIN, Role.LA_OFFICER})
# Every role that opens pages: all but the offices, which open nothing by themselves.
ALL_ROLES = frozenset(Role) - SCHOOL_OFFICES
# Sorted, so that the constraint below (and its migration) is the same on every run.
SCHOOL_ROLE_VALUES = sorted(role.value for role in ROLES_WITH_A_SCHOOL)
OFFICE_VALUES = sorted(role.value for role in SCHOOL_OFFICES)


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
            # A school has one chair of governors, and one trust's delegate, at a time.
            models.UniqueConstraint(
                fields=["partnership", "school", "role"],
                condition=Q(role__in=OFFICE_VALUES, ends_on__isnull=True),
                name="one_open_office_per_school",
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
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

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
        TWO_FACTOR_SET_UP = "two_factor_set_up", "Two-factor sign-in set up"
        TWO_FACTOR_FAILED = "two_factor_failed", "Two-factor code refused"
        TWO_FACTOR_RECOVERY_USED = "two_factor_recovery_used", "Recovery code used"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor sign-in reset by an administrator"
        SESSION_ENDED = "session_ended", "Session ended"

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


class MessageKind(models.TextChoices):
    """What a message is about: each person chooses, per kind, how they hear of it by email."""

    SUPPORT = "support", "Support casework: agreements, visits, reviews and escalations"
    MEETINGS = "meetings", "Meetings, papers and minutes"
    DATA_SHARING = "data_sharing", "The data-sharing agreement and consent"
    GENERAL = "general", "Anything else"


class EmailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", "An email straight away"
    DIGEST = "digest", "One email a day with everything new"
    NONE = "none", "No email: I will read them in the portal"


class Notification(models.Model):
    """A message on a person's home page, also sent by email as the person chooses."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.GENERAL)
    # What the message asks for, e.g. "agreement:12:answer": when that is done, by whoever does it,
    # the message is marked done and leaves everyone's list (partnership.services.notifications).
    key = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the person's daily digest, and when it went.
    digest_due = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "partnership", "read_at"]),
            models.Index(fields=["digest_due", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return self.text


class EmailPreference(models.Model):
    """How one person hears by email of one kind of message. No row: an email straight away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    choice = models.CharField(max_length=20, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATELY)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}: {self.get_choice_display()}"


# --- The data-sharing agreement and each school's consent to it -------------------------------


class DataCategory(models.TextChoices):
    """What a school shares beyond the public register. Consent is given per category."""

    SUPPORT = "support", "Support casework: needs analysis, agreements, visits, action logs and reviews"
    NEEDS = "needs", "Needs flags and the evidence behind them"
    TRACKING = "tracking", "The school's own tracking data and confidential notes"


CATEGORY_SHORT = {
    DataCategory.SUPPORT: "support casework",
    DataCategory.NEEDS: "needs flags",
    DataCategory.TRACKING: "tracking data and notes",
}


class SharingAgreement(models.Model):
    """One version of a partnership's data-sharing agreement, with the ICO checklist's contents."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="sharing_agreements")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    purposes = models.TextField(help_text="Why data is shared, and what it is used for.")
    categories = models.JSONField(
        "data categories", default=list, help_text="The categories of data the agreement covers."
    )
    partial_consent_allowed = models.BooleanField("schools may consent to some categories only", default=True)
    recipients = models.TextField("partners who receive data")
    lawful_basis = models.TextField()
    retention = models.TextField("how long data is kept")
    security_measures = models.TextField()
    subject_access = models.TextField("how subject access requests are handled")
    review_date = models.DateField()
    termination_and_sanctions = models.TextField("termination and sanctions")
    # Asked for when the version is published, never copied from the last one (decision 0028).
    effective_from = models.DateField("effective date", null=True, blank=True)
    changes = models.TextField("what changed from the last version", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="one_agreement_per_version")
        ]

    def __str__(self) -> str:
        return f"Data-sharing agreement, version {self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def category_labels(self) -> list[str]:
        return [label for value, label in DataCategory.choices if value in self.categories]


class SchoolConsent(models.Model):
    """A school's consent to one version of the agreement, signed by its headteacher and its chair
    of governors (or the trust's delegate). In force once both have signed, until it is withdrawn
    or a later version of the agreement is published."""

    class ChairCapacity(models.TextChoices):
        CHAIR = "chair", "Chair of governors"
        TRUST_DELEGATE = "trust_delegate", "The trust's delegate"

    agreement = models.ForeignKey(SharingAgreement, on_delete=models.PROTECT, related_name="consents")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="sharing_consents")
    categories = models.JSONField("data categories consented to", default=list)
    head_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_signed_name = models.CharField(max_length=200, blank=True)
    head_signed_at = models.DateTimeField(null=True, blank=True)
    chair_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chair_signed_name = models.CharField(max_length=200, blank=True)
    chair_capacity = models.CharField(max_length=20, choices=ChairCapacity.choices, blank=True)
    chair_signed_at = models.DateTimeField(null=True, blank=True)
    in_force_from = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name", "-id"]
        indexes = [models.Index(fields=["school", "withdrawn_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "school"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_consent_per_school_and_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} consent to version {self.agreement.version}"

    @property
    def is_signed(self) -> bool:
        return self.head_signed_at is not None and self.chair_signed_at is not None

    def category_labels(self) -> list[str]:
        return [label for value, label in DataCategory.choices if value in self.categories]

    def category_labels_short(self) -> list[str]:
        return [CATEGORY_SHORT[value] for value, _ in DataCategory.choices if value in self.categories]


# --- The access log ---------------------------------------------------------------------------


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is never changed.")

    def delete(self):
        raise PermissionError("The access log is only ever trimmed by the retention task.")

    def _retention_delete(self):
        """For partnership.retention only: the database refuses it for entries still in retention."""
        return super().delete()


class AccessLogEntry(models.Model):
    """Who viewed, exported or downloaded a confidential record, or was refused: when, from where
    and why. Append-only; the database refuses changes (see the migration that adds the trigger)."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded"
        REFUSED = "refused", "Refused"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: a person who appears in the log is disabled, never deleted, so the log stays whole.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField(max_length=200, blank=True)
    user_email = models.CharField(max_length=254, blank=True)
    roles = models.CharField("roles at the time", max_length=200, blank=True)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.CharField(max_length=40, blank=True)
    description = models.CharField(max_length=300, blank=True)
    reason = models.CharField("why", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["partnership", "occurred_at"]),
            models.Index(fields=["school", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.record_type} {self.record_id} by {self.user_email}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is only ever trimmed by the retention task.")


# --- Retention -------------------------------------------------------------------------------


class RetentionRun(models.Model):
    """What one run of the retention rules anonymised or deleted, rule by rule."""

    ran_at = models.DateTimeField(default=timezone.now)
    results = models.JSONField(default=list, help_text="One entry per rule: what it did and how many.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"Retention run {self.ran_at:%Y-%m-%d %H:%M}"


# The email outbox has a module of its own; imported here so that Django finds it with the rest.
from .outbox_models import OutboundEmail as OutboundEmail  # noqa: E402
