from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Termly meeting"
    EXTRAORDINARY = "extraordinary", "Extraordinary meeting"


class Meeting(models.Model):
    board = models.ForeignKey("governance.Board", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY)
    starts_at = models.DateTimeField("date and time")
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("online meeting link", blank=True, max_length=500)
    pack_published_at = models.DateTimeField(null=True, blank=True)
    late_reason = models.TextField("why the pack was late", blank=True)
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name="minutes approved at",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.board} on {timezone.localtime(self.starts_at):%-d %B %Y}"

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at_id is not None


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attend_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


class DecisionRule(models.TextChoices):
    CONSENSUS = "consensus", "Consensus (section 9.1)"
    BUDGET = "budget", "The LA's partnership budget: the LA decides (section 9.2)"
    GRANT = "grant", "Grant monies: a vote, the chair decides a tie (section 9.3)"
    CHAIR_ELECTION = "chair_election", "Election of the chair (section 2.1)"


class StandingItem(models.TextChoices):
    MINUTES = "minutes", "Approval of the minutes of the last meeting"
    ACTIONS = "actions", "Actions carried forward"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    rule = models.CharField("decision rule", max_length=20, choices=DecisionRule.choices, blank=True)
    confidential = models.BooleanField(
        default=False, help_text="Only members see it and its papers (section 13)."
    )
    embargo_until = models.DateField(
        null=True, blank=True, help_text="Hidden from anyone outside the board until then (section 10.1)."
    )
    standing = models.CharField(max_length=20, choices=StandingItem.choices, blank=True)
    # For the standing item that approves minutes: which meeting's minutes.
    approves_minutes_of = models.ForeignKey(
        "governance.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    minutes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_embargoed(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.localdate()


def paper_path(instance, filename: str) -> str:
    return f"papers/{instance.item.meeting_id}/{filename}"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    # Kept outside the public media URL: served only through an access-checked view.
    file = models.FileField(upload_to=paper_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title


class Declaration(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nature = models.CharField("the interest", max_length=300)
    prejudicial = models.BooleanField(
        default=False, help_text="The member takes no part: no vote, no confidential papers."
    )
    declared_at = models.DateTimeField(default=timezone.now)
    # The clerk, when the member declared aloud at the meeting and the clerk recorded it for them.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="declare_once_per_item")]

    def __str__(self) -> str:
        return f"{self.user}: {self.nature}"


class Decision(models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    rule = models.CharField(max_length=20, choices=DecisionRule.choices)
    outcome = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    group_view = models.TextField("the group's view", blank=True)
    eligible = models.PositiveSmallIntegerField(default=0)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    chair_decided = models.BooleanField(default=False)
    explanation = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.outcome


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class Vote(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "user"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.choice}"


class MinuteRequest(models.Model):
    """A member asks for a matter to be recorded in the minutes (section 14.2)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="minute_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    amendment = models.BooleanField(
        default=False, help_text="A correction made after the minutes were approved."
    )
    made_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["made_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
