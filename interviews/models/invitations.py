"""Candidate invitations, their link tokens, CSV batches and consents."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from palantrix.models import TenantModel

from .jobs import Job, QuestionSet


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    OPENED = "opened", "Opened"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVOKED = "revoked", "Revoked"


OPEN_STATUSES = (InvitationStatus.INVITED, InvitationStatus.OPENED, InvitationStatus.STARTED)


class InvitationBatch(TenantModel):
    """A CSV import: previewed first, then sent in the background with visible progress."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Preview"
        SENDING = "sending", "Sending"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    filename = models.CharField(max_length=200, blank=True)
    # Parsed rows [{line, name, email, problems: [...]}]; emptied once sent or cancelled,
    # or a week after an unconfirmed preview, so that no candidate data lingers here (an
    # erased candidate's row goes at once: compliance.lifecycle).
    rows = models.JSONField(default=list)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    # Rows that could not be sent after the preview: [{line, problem}], no personal data.
    failures = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.public_id}"


class Invitation(TenantModel):
    """One candidate invited to one job: the candidate's interview from invitation to finish."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="invitations")
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, related_name="invitations"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    deadline = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it expired, was revoked or withdrawn."
    )
    batch = models.ForeignKey(
        InvitationBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch_line = models.PositiveIntegerField(null=True, blank=True)
    # Chosen at consent (or later, by withdrawing from AI assessment): never AI-scored.
    human_review_only = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The candidate's standing, stored for the shortlist to sort and filter by an index:
    # defined and written only by `scoring.ranking` (in the transaction of whatever changes
    # it: a score, an override, a withdrawal, an erasure). None: nothing to combine.
    ranking_value = models.FloatField(null=True, blank=True)  # overrides applied: what ranks
    ranking_ai = models.FloatField(null=True, blank=True)  # the AI's own combination
    ranking_confidence = models.FloatField(null=True, blank=True)
    ranking_overridden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The shortlist's first page: one job, best first, ties in invitation order.
            models.Index(
                F("job"),
                F("ranking_value").desc(nulls_last=True),
                F("id"),
                name="invitation_job_ranking",
            ),
            models.Index(
                F("job"),
                F("ranking_confidence").desc(nulls_last=True),
                F("id"),
                name="invitation_job_confidence",
            ),
            models.Index(fields=["job", "name", "id"], name="invitation_job_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                "job",
                Lower("email"),
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="one_open_invitation_per_job_and_email",
            ),
            # A batch row becomes at most one invitation, however often the import runs.
            models.UniqueConstraint(
                fields=["batch", "batch_line"],
                condition=Q(batch__isnull=False),
                name="one_invitation_per_batch_line",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class InvitationToken(TenantModel):
    """A link sent by email. Only the hash is kept; each (re)send or reminder adds one,
    and all stay valid until the invitation closes, so an older email still works."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Token for {self.invitation_id}"


# --- The candidate's interview: consent and answers --------------------------------------------


class Consent(TenantModel):
    """What the candidate agreed to, against which version of the notice, and when.

    `ai_assessment` False means "human review only": the answers are recorded and
    transcribed for reviewers but never scored by the AI."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(max_length=20)
    ai_assessment = models.BooleanField()
    user_agent = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Consent {self.notice_version} ({'AI' if self.ai_assessment else 'human only'})"
