"""Public job links (a job board or careers page) with their unconfirmed registrations, and
candidates' requests for more time."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from palantrix.models import TenantModel

from .invitations import Invitation
from .jobs import Job


class PublicLink(TenantModel):
    """A job's public link (`/apply/<public_id>/`), one per job: closed and re-opened, never
    replaced, so a link once posted keeps pointing at the same job. `registered` counts the
    invitations made through it; it is raised by a conditional UPDATE that checks the cap,
    so parallel confirmations can never pass it."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="public_link")
    is_open = models.BooleanField(default=True)
    cap = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most registrations the link takes; empty: no limit."
    )
    registered = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(registered__lte=F("cap")),
                name="public_link_registered_within_cap",
            )
        ]

    def __str__(self) -> str:
        return f"Public link {self.public_id}"

    @property
    def is_full(self) -> bool:
        return self.cap is not None and self.registered >= self.cap


class PublicRegistration(TenantModel):
    """Someone gave a name and an email address on a public link and has not confirmed it
    yet. It holds personal data of a person who may never confirm: it expires
    (`expires_at`) and is deleted by the purge (`interviews.purge_public_registrations`);
    confirming it makes the invitation and deletes it. The emailed token is derived from
    the row (`palantrix.tokens.row_token`); only its hash is stored."""

    link = models.ForeignKey(PublicLink, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="public_registration_expiry")]

    def __str__(self) -> str:
        return f"Registration {self.public_id}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the team"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    AUTOMATIC = "automatic", "Granted automatically"


class ExtensionRequest(TenantModel):
    """A candidate asked for more time: granted at once by the job's automatic extension
    (once per invitation), or waiting for a member to approve or decline it."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="extension_requests"
    )
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    deadline_before = models.DateTimeField()
    deadline_after = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(status="pending"),
                name="one_pending_extension_request",
            ),
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(status="automatic"),
                name="one_automatic_extension",
            ),
        ]

    def __str__(self) -> str:
        return f"Extension request {self.public_id} ({self.status})"
