"""The append-only, hash-chained audit log (EU AI Act Art. 12 record-keeping).

Each organisation has its own chain: event n stores the hash of event n-1 and a hash of
its own content, and `AuditChainHead` remembers the last sequence and hash, so an edited,
inserted or deleted event (the last one included) is detected by `verify_audit_log`.
PostgreSQL itself refuses UPDATE and DELETE on the events table (migration 0002).
Events hold ids, numbers and reasons only: erasing a person never rewrites the chain.
"""

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
