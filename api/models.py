"""API keys, idempotency records, webhook endpoints and their deliveries.

A key's secret is shown once; only its SHA-256 is stored, with a short prefix to recognise
it. Webhook events hold ids and numbers only (never names, emails or transcripts); each
endpoint subscribed to an event gets one delivery, tried until it succeeds or the retry
schedule (about a day) runs out, and every try is kept as an attempt.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from palantrix.models import TenantModel


class ApiKey(TenantModel):
    class Access(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    name = models.CharField(max_length=100)
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.READ)
    prefix = models.CharField(max_length=16, help_text="The start of the key, to recognise it.")
    secret_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.READ_WRITE


class IdempotencyRecord(TenantModel):
    """The first answer to a create call made with an `Idempotency-Key` header."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "key"], name="one_record_per_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"


class WebhookEventType(models.TextChoices):
    INVITATION_OPENED = "invitation.opened", "Invitation opened"
    INTERVIEW_COMPLETED = "interview.completed", "Interview completed"
    ANSWER_SCORED = "answer.scored", "Answer scored"
    ANSWER_NEEDS_REVIEW = "answer.needs_review", "Answer needs human review"
    CANDIDATE_DECIDED = "candidate.decided", "Candidate decided"
    CANDIDATE_ERASED = "candidate.erased", "Candidate data erased"


class WebhookEndpoint(TenantModel):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="Event types this endpoint receives.")
    # Kept in clear: signing needs it. Shown to admins, never logged or audited.
    secret = models.CharField(max_length=100)
    # After a roll, the old secret still signs (a second v1) until this time, so receivers
    # can switch without losing events.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.url


class WebhookEvent(TenantModel):
    """One thing that happened; `public_id` is the event id receivers deduplicate by."""

    type = models.CharField(max_length=40, choices=WebhookEventType.choices)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.public_id}"


class WebhookDelivery(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The try in progress: a second task for the same delivery waits for it (or its lease).
    claimed_at = models.DateTimeField(null=True, blank=True)
    # An admin asked to redeliver: the next attempt is marked manual.
    manual_requested = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id}"


class WebhookAttempt(TenantModel):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    manual = models.BooleanField(default=False, help_text="An admin asked to redeliver.")

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"Attempt {self.number}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
