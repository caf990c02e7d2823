"""A candidate's answers: recordings or written text, and where they are in processing."""

import math

from django.conf import settings
from django.db import models

from palantrix.models import TenantModel

from .accommodations import granted_extra_time_percent
from .invitations import Invitation
from .jobs import AnswerKind, Question


class AnswerStatus(models.TextChoices):
    UPLOADING = "uploading", "Uploading"
    UPLOADED = "uploaded", "Uploaded"
    TRANSCRIBING = "transcribing", "Transcribing"
    SCORING = "scoring", "Scoring"
    SCORED = "scored", "Scored"
    TRANSCRIBED = "transcribed", "Transcribed (not scored)"
    NEEDS_REVIEW = "needs_review", "Needs human review"
    # A file answer: checked on upload, then for people only (no processing).
    RECEIVED = "received", "Received (for people to read)"
    # A choice among options: recorded as it is, never transcribed or scored.
    ANSWERED = "answered", "Answered (not scored)"


SUBMITTED_STATUSES = tuple(s for s in AnswerStatus.values if s != AnswerStatus.UPLOADING)


class Answer(TenantModel):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    status = models.CharField(
        max_length=15, choices=AnswerStatus.choices, default=AnswerStatus.UPLOADING
    )
    takes_used = models.PositiveSmallIntegerField(default=0)
    # The think time runs from the first time the question was shown, on the server's clock:
    # a reload shows what is left of it, not the whole time again.
    think_started_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="A written answer.")
    # A choice question's answer: the keys of the options ticked, and whether that is a
    # knock-out mismatch (a flag for people; nothing is decided by it).
    choices = models.JSONField(default=list, blank=True)
    knockout_mismatch = models.BooleanField(default=False)
    # The recording in the bucket, uploaded by the browser with presigned multipart URLs.
    object_key = models.CharField(max_length=300, blank=True)
    upload_id = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.CharField(max_length=300, blank=True)
    # Which task holds the processing step now: a redelivered task (same id) may go on,
    # a duplicate (another id) may not, unless the claim is older than the lease.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Deliveries of its processing so far: a recording that kills its worker every time
    # goes to people after `ANSWER_MAX_ATTEMPTS`, instead of being delivered for ever.
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["invitation", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Answer {self.public_id}"

    @property
    def is_submitted(self) -> bool:
        return self.status in SUBMITTED_STATUSES

    @property
    def allowed_seconds(self) -> int:
        """The longest recording accepted: the question's answer time (with any extra time
        granted to the candidate) plus a margin."""
        percent = granted_extra_time_percent(self.invitation_id)
        seconds = math.ceil(self.question.answer_seconds * (100 + percent) / 100)
        return seconds + settings.ANSWER_EXTRA_SECONDS


class QuestionDraw(TenantModel):
    """Which question of a pool this candidate got, drawn once when the interview started:
    the same on every reload, shown to reviewers, scored against its own competencies."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="question_draws"
    )
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["invitation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "position"], name="one_draw_per_invitation_slot"
            )
        ]

    def __str__(self) -> str:
        return f"Draw {self.invitation_id}:{self.position}"
