"""Data lifecycle: retention, legal holds, tombstones, exports, organisation deletions."""

from django.conf import settings
from django.db import models

from palantrix.models import Organization, TenantModel

from .fairness import RaceEthnicity, Sex


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
