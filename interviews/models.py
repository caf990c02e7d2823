"""Jobs, question sets, Team DNA Profiles and candidate invitations.

Versioning: a Team DNA Profile and a job's question set are both *numbered, immutable once
used* snapshots. A profile version is never changed after it is saved (scores name the
version they used); a question set is copied to a new number when it is edited after an
invitation was pinned to it, so a candidate's questions never change under them.
Competencies keep a stable `key` across profile versions; questions target those keys.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from palantrix.models import TenantModel

# --- Team DNA Profiles --------------------------------------------------------------------


class Profile(TenantModel):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    current_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="profile_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProfileVersion(TenantModel):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Plain-language lines describing what changed from the previous version.
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="profile_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile} v{self.number}"


class Competency(TenantModel):
    version = models.ForeignKey(
        ProfileVersion, on_delete=models.CASCADE, related_name="competencies"
    )
    key = models.UUIDField(help_text="Stable across versions; questions target it.")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.TextField()
    weight = models.PositiveSmallIntegerField(default=3)
    strong_examples = models.JSONField(default=list)
    weak_examples = models.JSONField(default=list)
    # Levels 1..5: what an answer at each level contains (interviews.levels). Empty in
    # versions saved before levels existed; those are scored against the suggested levels.
    anchors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="competency_key_per_version"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="competency_weight_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- Jobs and question sets ------------------------------------------------------------------


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Job(TenantModel):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.DRAFT)
    profile = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    invitation_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days a candidate has to finish, from the invitation."
    )
    reminder_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Hours before the deadline to remind unfinished candidates; 0: never."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Answers in another language go to human review (the embedder is English-only).
    language = models.CharField(
        max_length=8, default="en", help_text="Language of the answers (ISO 639-1)."
    )
    # Automation bias (Art. 14(4)(b)): reviewers see an answer's AI scores only after
    # rating it themselves.
    blind_first_review = models.BooleanField(default=False)
    # The job's own stop switch for AI scoring (the organisation has one too).
    ai_scoring_paused = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitation_days__gte=1, invitation_days__lte=60),
                name="job_invitation_days_1_to_60",
            )
        ]

    def __str__(self) -> str:
        return self.title


class QuestionSet(TenantModel):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="question_sets")
    number = models.PositiveIntegerField()
    intro = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="question_set_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.job} questions v{self.number}"


class AnswerKind(models.TextChoices):
    VIDEO = "video", "Video"
    WRITTEN = "written", "Written (accommodation)"


class QuestionType(models.TextChoices):
    BEHAVIOURAL = "behavioural", "Behavioural (a past example: “Tell us about a time…”)"
    SITUATIONAL = "situational", "Situational (a plan: “What would you do if…”)"


class Question(TenantModel):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    answer_seconds = models.PositiveSmallIntegerField(default=120)
    think_seconds = models.PositiveSmallIntegerField(default=30)
    retakes = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=AnswerKind.choices, default=AnswerKind.VIDEO)
    # A situational answer is judged on the plan it gives rather than on a past episode.
    question_type = models.CharField(
        max_length=12, choices=QuestionType.choices, default=QuestionType.BEHAVIOURAL
    )
    # Keys of the job profile's competencies this question is meant to reveal.
    competency_keys = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["question_set", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_seconds__gte=30, answer_seconds__lte=300),
                name="question_answer_30_to_300_s",
            ),
            models.CheckConstraint(
                condition=Q(think_seconds__lte=120), name="question_think_0_to_120_s"
            ),
            models.CheckConstraint(condition=Q(retakes__lte=3), name="question_retakes_0_to_3"),
            # Checked at commit, so a reorder may pass through duplicates on its way.
            models.UniqueConstraint(
                fields=["question_set", "position"],
                name="one_question_per_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- Invitations --------------------------------------------------------------------------------


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

    class Meta:
        ordering = ["-created_at"]
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


class AnswerStatus(models.TextChoices):
    UPLOADING = "uploading", "Uploading"
    UPLOADED = "uploaded", "Uploaded"
    TRANSCRIBING = "transcribing", "Transcribing"
    SCORING = "scoring", "Scoring"
    SCORED = "scored", "Scored"
    TRANSCRIBED = "transcribed", "Transcribed (not scored)"
    NEEDS_REVIEW = "needs_review", "Needs human review"


SUBMITTED_STATUSES = tuple(s for s in AnswerStatus.values if s != AnswerStatus.UPLOADING)


class Answer(TenantModel):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    status = models.CharField(
        max_length=15, choices=AnswerStatus.choices, default=AnswerStatus.UPLOADING
    )
    takes_used = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True, help_text="A written answer.")
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
        """The longest recording accepted: the question's answer time plus a margin."""
        return self.question.answer_seconds + settings.ANSWER_EXTRA_SECONDS


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
