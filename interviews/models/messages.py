"""What candidates are told: the organisation's email templates, and the outcome emails a
decision schedules (sent after a grace period, during which they can be withdrawn)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from palantrix.models import TenantModel

from .invitations import Invitation
from .review import Decision


class CandidateEmailKind(models.TextChoices):
    # The three outcomes carry the decision's values (DecisionOutcome).
    ADVANCE = "advance", "Moving forward"
    REJECT = "reject", "Not selected"
    HOLD = "hold", "On hold"
    INVITATION = "invitation", "Invitation"
    REMINDER = "reminder", "Reminder"
    COMPLETION = "completion", "Completion receipt"


OUTCOME_KINDS = (CandidateEmailKind.ADVANCE, CandidateEmailKind.REJECT, CandidateEmailKind.HOLD)


class CandidateEmailTemplate(TenantModel):
    """An organisation's own wording of one candidate email. Without a row the default
    (interviews.messages.DEFAULTS, today's texts) is used, as version 0. Each save raises
    `version`; a sent outcome email records the version it was made from."""

    kind = models.CharField(max_length=12, choices=CandidateEmailKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    next_step = models.CharField(max_length=300, blank=True)
    # Outcomes only: whether a decision emails the candidate unless the decider says no.
    send_by_default = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"], name="one_candidate_email_template_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class OutcomeEmailStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OutcomeEmail(TenantModel):
    """The email telling a candidate a decision, one per decision at most (never sent
    twice). It waits until `send_after`; until then the decider may withdraw it, and a new
    decision on the candidate withdraws it. The beat task claims a due row with a
    conditional UPDATE; subject and body are kept as sent, for the candidate's own pages."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="outcome_emails"
    )
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="email")
    kind = models.CharField(max_length=12, choices=CandidateEmailKind.choices)
    status = models.CharField(
        max_length=10, choices=OutcomeEmailStatus.choices, default=OutcomeEmailStatus.SCHEDULED
    )
    send_after = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    template_version = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(status__in=["scheduled", "sending"]),
                name="outcome_email_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"Outcome email {self.public_id} ({self.status})"
