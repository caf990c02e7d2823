"""The append-only, hash-chained audit log (EU AI Act Art. 12 record-keeping).

Each organisation has its own chain: event n stores the hash of event n-1 and a hash of
its own content, and `AuditChainHead` remembers the last sequence and hash, so an edited,
inserted or deleted event (the last one included) is detected by `verify_audit_log`.
PostgreSQL itself refuses UPDATE and DELETE on the events table (migration 0002).
Events hold ids, numbers and reasons only: erasing a person never rewrites the chain.
"""

from django.conf import settings
from django.db import models

from palantrix.models import Organization


class ActorType(models.TextChoices):
    USER = "user", "User"
    CANDIDATE = "candidate", "Candidate"
    SYSTEM = "system", "System"
    API_KEY = "api_key", "API key"


class AuditEvent(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="audit_events"
    )
    sequence = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    actor_type = models.CharField(max_length=20, choices=ActorType.choices)
    # A pseudonymous id ("42" for a user pk, a candidate's public id), never a name.
    actor_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["organization_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sequence"], name="one_audit_event_per_sequence"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "action"]),
            models.Index(fields=["organization", "target_type", "target_id"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"


class AuditChainHead(models.Model):
    """The last event of an organisation's chain; its row lock serialises appends."""

    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="audit_head"
    )
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.sequence}"


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
