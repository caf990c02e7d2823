"""The team's own records around candidates: comments, job followers, notifications.

(The review's older records, decisions and live interviews, are in the interviews app's
tables; these are new, so they are this app's.)"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from interviews.models import Invitation, Job
from palantrix.models import TenantModel


class Comment(TenantModel):
    """A member's comment on a candidate, in threads one level deep (a reply names its
    parent). Editable by its author for EDIT_MINUTES; deleting keeps the row, without its
    text, so the thread shows that something was there and who took it away."""

    EDIT_MINUTES = 10

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    # The user ids of the members it mentions (@name): they are notified.
    mentions = models.JSONField(default=list, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.public_id}"


class JobFollower(TenantModel):
    """A member who follows a job besides its creator (who always does, unless they chose
    not to: `following` False)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    following = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "user"], name="one_follow_per_job_and_member")
        ]

    def __str__(self) -> str:
        return f"Follow {self.public_id}"


class NotificationKind(models.TextChoices):
    COMPLETED = "completed", "A candidate completed an interview on a job I follow"
    NEEDS_REVIEW = "needs_review", "An answer on a job I follow needs human review"
    MENTIONED = "mentioned", "A colleague mentioned me in a comment"
    REQUEST_DUE = "request_due", "A candidate's request is due soon"


class EmailDelivery(models.TextChoices):
    IMMEDIATE = "immediate", "Each one by email at once"
    DIGEST = "digest", "One email a day (daily digest)"
    NONE = "none", "No email (in the app only)"


class NotificationSetting(TenantModel):
    """A member's choice of what they hear about and how. Without a row: everything, in the
    app and by email at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kinds = models.JSONField(default=list)
    email = models.CharField(
        max_length=10, choices=EmailDelivery.choices, default=EmailDelivery.IMMEDIATE
    )
    digest_hour = models.PositiveSmallIntegerField(default=8)
    time_zone = models.CharField(max_length=64, default="UTC")
    # The member's local date of the last digest: claimed by a conditional UPDATE, one a day.
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="one_notification_setting_per_member"
            ),
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23), name="digest_hour_0_to_23"
            ),
        ]

    def __str__(self) -> str:
        return f"Notification settings {self.public_id}"


class Notification(TenantModel):
    """Something waiting for a member, in their list until read. `source` is the event it
    came from: the same event never notifies a member twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    path = models.CharField(max_length=300, blank=True)
    source = models.UUIDField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "source"], name="one_notification_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "organization"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return f"Notification {self.public_id}"
