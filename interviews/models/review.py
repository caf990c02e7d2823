"""The review's records (decisions, live interviews, share links), kept in this app's
tables: the review app writes and reads them."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q

from palantrix.models import TenantModel

from .invitations import Invitation


class DecisionOutcome(models.TextChoices):
    ADVANCE = "advance", "Advance to live interview"
    HOLD = "hold", "Hold"
    REJECT = "reject", "Reject"


class Decision(TenantModel):
    """A person's decision on a candidate, with the reason. Only people decide: nothing in
    the system creates one on its own. The latest is the candidate's current decision."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["invitation", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.invitation_id})"


# --- After the decision: the live interview ----------------------------------------------------


class LiveInterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Live interview scheduled"
    CANCELLED = "cancelled", "Cancelled"


class LiveInterview(TenantModel):
    """The slot of an advanced candidate's live interview. The calendar invitation's UID
    comes from `public_id`; each reschedule raises `sequence`, as RFC 5545 asks."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="live_interviews"
    )
    status = models.CharField(
        max_length=10, choices=LiveInterviewStatus.choices, default=LiveInterviewStatus.SCHEDULED
    )
    starts_at = models.DateTimeField()
    # The zone the slot was picked in: pages and emails show the time there (and in UTC).
    time_zone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=500, help_text="A room or a video call link.")
    # Email addresses of the live interviewers: members or people outside Palantrix.
    interviewers = models.JSONField(default=list)
    sequence = models.PositiveIntegerField(default=0)
    # The sequence whose emails all went out: a repeated task finds it done and sends nothing.
    emailed_sequence = models.PositiveIntegerField(null=True, blank=True)
    # The lease of the task sending the current sequence's emails: another task waits while
    # it is fresh and takes it over once stale (the sender died); cleared when done or failed.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    # "<sequence>:<address>" for each email sent: a retry after a failure part way through the
    # list sends only to those still waiting.
    emailed_to = models.JSONField(default=list, blank=True)
    # Interviewers dropped by the latest reschedule (and earlier ones not told yet): the
    # current sequence's emails send each a calendar CANCEL.
    removed_interviewers = models.JSONField(default=list, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(status="scheduled"),
                name="one_scheduled_live_interview",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="live_interview_15_to_480_min",
            ),
        ]

    @property
    def when(self) -> str:
        """ "Mon 7 Dec 2026, 14:30 Europe/Berlin (13:30 UTC)", or "…, 13:30 UTC"."""
        utc = self.starts_at.astimezone(ZoneInfo("UTC"))
        if self.time_zone == "UTC":
            return f"{utc:%a %-d %b %Y, %H:%M} UTC"
        local = self.starts_at.astimezone(ZoneInfo(self.time_zone))
        return f"{local:%a %-d %b %Y, %H:%M} {self.time_zone} ({utc:%H:%M} UTC)"

    def __str__(self) -> str:
        return f"Live interview {self.public_id}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def calendar_uid(self) -> str:
        return f"{self.public_id}@palantrix"


class ShareLink(TenantModel):
    """A read-only view of one candidate for someone without an account, until it expires
    or is revoked. Only the token's hash is kept; the link is shown once, when made."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(
        max_length=120, blank=True, help_text="Who it is for, to recognise it in the list."
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    views = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Share link {self.public_id}"

    def state(self, now) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"
