"""AI governance, voluntary self-identification and NYC Local Law 144 records."""

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
