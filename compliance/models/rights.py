"""Candidates' rights requests (GDPR Art. 15-22, EU AI Act Art. 86) and their links."""

from django.conf import settings
from django.db import models

from palantrix.models import TenantModel


class RightsLink(TenantModel):
    """A one-time link that opens a candidate's rights session, sent to the address the
    candidate was invited at. Only the hash is kept; it expires soon and works once.
    It names one invitation; the session covers every invitation of the organisation
    sent to the same address. Deleted with the invitation, so it never outlives erasure."""

    invitation = models.ForeignKey(
        "interviews.Invitation", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Rights link {self.public_id}"


class RightsLinkAsk(TenantModel):
    """Someone asked for a rights link for this address. The worker looks it up
    (`rights_link_request`) and deletes the row in the same transaction, link or not: it
    exists only so that the ask survives a broker outage without the address travelling
    in a task's arguments. One the worker never reached is deleted after an hour
    (`rights_link_asks_expire`), like the link it would have made."""

    email = models.EmailField(max_length=254)

    def __str__(self) -> str:
        return f"Rights link ask {self.public_id}"


class RightsRequestKind(models.TextChoices):
    ACCESS = "access", "Copy of my data"
    ERASURE = "erasure", "Erasure"
    WITHDRAWAL = "withdrawal", "Withdrawal from AI assessment"
    EXPLANATION = "explanation", "Explanation of a decision"
    CONTEST = "contest", "Contest a score or decision"


class RightsRequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold (legal hold)"
    DONE = "done", "Done"


OPEN_REQUEST_STATUSES = (
    RightsRequestStatus.RECEIVED,
    RightsRequestStatus.IN_PROGRESS,
    RightsRequestStatus.ON_HOLD,
)


class ContestOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld: the assessment stands"
    CHANGED = "changed", "Changed"


class RightsRequest(TenantModel):
    """A candidate's request about their data; due one month after receipt (Art. 12(3)).

    It outlives an erasure as a record that the request was met: `invitation` becomes
    NULL and `invitation_ref` (a public id, not personal data) stays; the candidate's
    and reviewers' free text is blanked at erasure."""

    invitation = models.ForeignKey(
        "interviews.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_requests",
    )
    invitation_ref = models.UUIDField()
    kind = models.CharField(max_length=12, choices=RightsRequestKind.choices)
    status = models.CharField(
        max_length=12, choices=RightsRequestStatus.choices, default=RightsRequestStatus.RECEIVED
    )
    due_on = models.DateField()
    # What the candidate wrote (a contest's grounds); blanked at erasure.
    message = models.TextField(blank=True)
    # Contest: the score contested (None: the decision as a whole).
    score = models.ForeignKey(
        "scoring.Score", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Contest: the re-reviewer, never the person who decided or overrode.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=ContestOutcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why an erasure waits (a legal hold), shown in the queue.
    hold_reason = models.CharField(max_length=300, blank=True)
    # Access: the ZIP in the bucket, deleted after a week and at erasure.
    export_key = models.CharField(max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["organization", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(kind="contest"),
                name="rights_request_outcome_only_for_contests",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES
