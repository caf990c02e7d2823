"""Tenancy: organisations, their members and invitations to join them.

Every model that holds tenant data carries `organization` directly (child rows too) and
inherits `TenantModel`, whose manager offers the one scoping path:
`Model.objects.for_organization(org)`. Selectors build on it; views never touch managers.
"""

import uuid
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TimestampedModel(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def user_or_none(actor: object) -> "User | None":
    """The user behind an action, for `created_by`-style fields (None for the system)."""
    return cast("User", actor) if getattr(actor, "is_authenticated", False) else None


class Organization(TimestampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    # Branding shown to candidates and in emails.
    logo = models.FileField(
        upload_to="branding/logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
    )
    brand_color = models.CharField(
        max_length=7,
        default="#2f5bd3",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #2f5bd3.")],
    )
    sender_name = models.CharField(
        max_length=100, blank=True, help_text="Name shown as the sender of candidate emails."
    )
    contact_email = models.EmailField(
        blank=True,
        help_text="Where candidates' replies and data requests go (the Reply-To of their emails).",
    )
    # Who may receive a candidate's brief besides members: addresses or "@domain" entries.
    brief_recipients_allowed = models.TextField(
        "Outside brief recipients",
        blank=True,
        help_text="Addresses outside the team that may receive candidates' briefs (live "
        "interviewers), one per line; @partner.com allows a whole domain. Members always may.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def brief_recipient_allowed(self, address: str) -> bool:
        """Whether `address` (not a member) is on the admin's list of outside recipients."""
        address = address.strip().lower()
        domain = "@" + address.rpartition("@")[2]
        entries = {entry.strip().lower() for entry in self.brief_recipients_allowed.split()}
        return address in entries or domain in entries

    @property
    def email_sender_name(self) -> str:
        return self.sender_name or self.name


class TenantQuerySet(models.QuerySet):
    def for_organization(self, organization: Organization) -> "TenantQuerySet":
        return self.filter(organization=organization)


class TenantModel(TimestampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"


class Membership(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # EU AI Act Art. 26(2): only members who read the instructions for use (recorded) and
    # were made overseers by an admin may override AI scores and decide.
    instructions_read_version = models.CharField(max_length=20, blank=True)
    instructions_read_at = models.DateTimeField(null=True, blank=True)
    is_overseer = models.BooleanField(default=False)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} as {self.get_role_display()}"


class TeamInvitation(TenantModel):
    """An admin's invitation for a teammate; only a hash of the emailed token is stored."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_team_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.organization} as {self.get_role_display()}"


class ActorType(models.TextChoices):
    USER = "user", "User"
    CANDIDATE = "candidate", "Candidate"
    SYSTEM = "system", "System"
    API_KEY = "api_key", "API key"


class AuditEvent(models.Model):
    """One event of an organisation's append-only, hash-chained audit log (EU AI Act Art. 12).

    Event n stores the hash of event n-1 and a hash of its own content, and `AuditChainHead`
    remembers the last sequence and hash, so an edited, inserted or deleted event (the last
    one included) is detected by `verify_audit_log`. PostgreSQL itself refuses UPDATE and
    DELETE on the table (compliance migration 0002, from when the log lived there). Events
    hold ids, numbers and reasons only: erasing a person never rewrites the chain."""

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
        db_table = "compliance_auditevent"
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

    class Meta:
        db_table = "compliance_auditchainhead"

    def __str__(self) -> str:
        return f"head #{self.sequence}"


class OutboxMessage(models.Model):
    """Work to do once a change has committed, stored in the change's transaction
    (`palantrix.events.outbox`). `public_id` is the event id subscribers deduplicate by."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(max_length=100)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not before: the pause after a failed try.
    available_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Names of the subscribers that have run, each in the transaction of its own work.
    handled = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # A task row sent OUTBOX_MAX_SENDS times without success: left for people (the admin
    # lists these rows and can send one again; /metrics counts them). Kept until then.
    given_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="outbox_waiting",
            ),
            models.Index(fields=["dispatched_at"], name="outbox_dispatched"),
            models.Index(
                fields=["topic"],
                condition=models.Q(given_up_at__isnull=False),
                name="outbox_given_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.public_id}"
