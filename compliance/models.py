"""What compliance keeps: AI governance, fairness data, data lifecycle and candidates' rights.

The audit log these records are checked against lives in the core layer
(`palantrix.models.AuditEvent`, written through `palantrix.audit`).
"""

from django.conf import settings
from django.db import models

from palantrix.models import Organization, TenantModel


class AiGovernance(models.Model):
    """Whether AI scoring may run for an organisation (EU AI Act Art. 14(4)(e), 26(7)).

    Scoring stays off until an admin records that staff and workers' representatives were
    informed and acknowledges the instructions for use; an admin can stop it at any time.
    Answers keep being transcribed meanwhile and wait, unscored, for the resume."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="ai_governance"
    )
    scoring_enabled = models.BooleanField(default=True)
    workers_informed_on = models.DateField(null=True, blank=True)
    workers_informed_document = models.CharField(max_length=300, blank=True)
    instructions_version = models.CharField(max_length=20, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"AI governance of {self.organization_id}"

    @property
    def ready(self) -> bool:
        return bool(self.workers_informed_on and self.instructions_version)

    @property
    def scoring_active(self) -> bool:
        return self.ready and self.scoring_enabled


# --- Fairness: voluntary self-identification and NYC Local Law 144 -------------------------


class Sex(models.TextChoices):
    # "Prefer not to say" comes first: it is the default, and counts as unknown.
    PREFER_NOT = "prefer_not", "Prefer not to say"
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class RaceEthnicity(models.TextChoices):
    """The EEO-1 categories NYC Local Law 144 bias audits report on."""

    PREFER_NOT = "prefer_not", "Prefer not to say"
    HISPANIC_LATINO = "hispanic_latino", "Hispanic or Latino"
    WHITE = "white", "White"
    BLACK = "black", "Black or African American"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Other Pacific Islander"
    ASIAN = "asian", "Asian"
    NATIVE_AMERICAN = "native_american", "American Indian or Alaska Native"
    TWO_OR_MORE = "two_or_more", "Two or more races"


class SelfIdentification(TenantModel):
    """A candidate's optional answers for fairness statistics (GDPR Art. 9(2)(a)).

    Stored apart from the interview: the invitation has no reverse accessor to it, no
    reviewer page or scoring module reads it, only the aggregate bias report does.
    A candidate who shares a category gave explicit consent (`consented_at`); one who
    answers "Prefer not to say" to both shares nothing special and needs no consent."""

    invitation = models.OneToOneField(
        "interviews.Invitation", on_delete=models.CASCADE, related_name="+"
    )
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.PREFER_NOT)
    race_ethnicity = models.CharField(
        max_length=20, choices=RaceEthnicity.choices, default=RaceEthnicity.PREFER_NOT
    )
    consented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consented_at__isnull=False)
                | models.Q(sex=Sex.PREFER_NOT, race_ethnicity=RaceEthnicity.PREFER_NOT),
                name="self_identification_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"Self-identification {self.public_id}"


class JobCompliance(TenantModel):
    """Per-job legal settings kept beside the job: whether NYC Local Law 144 applies and
    when the candidate notice it requires (§ 20-871(b)) was published."""

    job = models.OneToOneField("interviews.Job", on_delete=models.CASCADE, related_name="+")
    nyc_ll144 = models.BooleanField(default=False)
    notice_published_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Compliance of job {self.job_id}"


class BiasAudit(TenantModel):
    """An independent bias audit of AI scoring (NYC Local Law 144, § 20-871(a))."""

    audited_on = models.DateField()
    auditor = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-audited_on", "-created_at"]

    def __str__(self) -> str:
        return f"Bias audit of {self.audited_on}"


class FairnessPublication(TenantModel):
    """The organisation's public summary of bias-audit results (6 RCNY § 5-303).

    Publishing is an explicit admin action that stores a snapshot of aggregate figures
    (categories, counts, rates, ratios: never a person), so the public page shows exactly
    what was published until an admin publishes again or withdraws it."""

    audit = models.ForeignKey(BiasAudit, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    distribution_date = models.DateField(
        help_text="The date the AI scoring tool was first used for these jobs."
    )
    data_source = models.TextField()
    results = models.JSONField(default=dict)
    published = models.BooleanField(default=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_fairness_publication"),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="fairness_publication_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Fairness summary of {self.organization_id}"


# --- Data lifecycle: retention, legal holds, tombstones, exports, deletions ----------------


class DataPolicy(models.Model):
    """How long an organisation keeps candidates' data and its audit log, and who processes
    it for them (GDPR Art. 5(1)(e), 28, 30; EU AI Act Art. 26(6))."""

    MIN_AUDIT_MONTHS = 6  # EU AI Act Art. 26(6): deployers keep the logs six months at least

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="data_policy"
    )
    candidate_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="Months candidates' data is kept after the job closes or their last "
        "activity, whichever is later.",
    )
    audit_months = models.PositiveSmallIntegerField(
        default=24, help_text="Months the audit log is kept at least (six or more)."
    )
    storage_location = models.CharField(
        max_length=200, blank=True, help_text="Where the data is stored, e.g. 'EU (Frankfurt)'."
    )
    # One sub-processor per line: "Name | purpose | location" (GDPR Art. 28(2), 30(1)(d)).
    sub_processors = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(candidate_months__gte=1, candidate_months__lte=120),
                name="data_policy_candidate_1_to_120_months",
            ),
            models.CheckConstraint(
                condition=models.Q(audit_months__gte=6), name="data_policy_audit_6_months_or_more"
            ),
        ]

    def __str__(self) -> str:
        return f"Data policy of {self.organization_id}"


class LegalHold(TenantModel):
    """Keeps a candidate (or every candidate of a job) from being purged while a claim or an
    investigation needs the data (GDPR Art. 17(3)(e)). Released, never deleted."""

    invitation = models.ForeignKey(
        "interviews.Invitation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    job = models.ForeignKey(
        "interviews.Job", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    release_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(invitation__isnull=False, job__isnull=True)
                | models.Q(invitation__isnull=True, job__isnull=False),
                name="legal_hold_on_a_candidate_or_a_job",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.public_id}"

    @property
    def active(self) -> bool:
        return self.released_at is None


class PurgeReason(models.TextChoices):
    RETENTION = "retention", "Retention period ended"
    ERASURE = "erasure", "The candidate asked for erasure"


class CandidateTombstone(TenantModel):
    """What stays of a purged candidate: no name, contact, media or text, only what funnel
    counts, bias reports and the audit chain need. The invitation row stays too, blanked
    (name and email emptied), so every count over invitations is unchanged.

    `sex`, `race_ethnicity` and `ai_score` are the volunteered categories and the AI's
    overall score, kept pseudonymously so a bias report over a past period gives the same
    figures (NYC LL144 audits historical data); they go with the organisation."""

    invitation = models.OneToOneField(
        "interviews.Invitation", on_delete=models.CASCADE, related_name="+"
    )
    job = models.ForeignKey("interviews.Job", on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField()
    decision = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=20, choices=PurgeReason.choices)
    ai_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.PREFER_NOT)
    race_ethnicity = models.CharField(
        max_length=20, choices=RaceEthnicity.choices, default=RaceEthnicity.PREFER_NOT
    )
    objects_deleted = models.PositiveIntegerField(default=0)
    rows_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-purged_at"]

    def __str__(self) -> str:
        return f"Tombstone {self.public_id}"


class DataExport(TenantModel):
    """A ZIP of all the organisation's data (JSON and media), built by a worker into the
    bucket and downloaded through a short-lived presigned URL; removed after a week."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_key = models.CharField(max_length=300, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.public_id}"


class OrganizationDeletion(models.Model):
    """Platform-level record that an organisation was deleted: it outlives the organisation
    and its audit chain. Ids and counts only, no name (the name may identify a person)."""

    organization_public_id = models.UUIDField(unique=True)
    organization_pk = models.PositiveBigIntegerField()  # to find the rows while they exist
    requested_by_id = models.CharField(max_length=64, blank=True)  # a user pk, never a name
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    objects_deleted = models.PositiveIntegerField(default=0)
    rows_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Deletion of {self.organization_public_id}"


# --- Candidates' rights (GDPR Art. 15-22, EU AI Act Art. 86) --------------------------------


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
