"""Reads of what candidates are told: the templates, the outcome emails, and where the
application stands (the candidate's own pages show it)."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from palantrix.models import AuditEvent, Organization
from palantrix.tenancy import tenant_get

from . import messages
from .models import (
    OUTCOME_KINDS,
    CandidateEmailKind,
    Decision,
    Invitation,
    InvitationStatus,
    OutcomeEmail,
    OutcomeEmailStatus,
)


def email_templates(*, organization: Organization) -> list[messages.Wording]:
    """Every candidate email in the organisation's wording (or the default), in order."""
    return [
        messages.wording_for(organization=organization, kind=kind)
        for kind in CandidateEmailKind.values
    ]


def outcome_email_defaults(*, organization: Organization) -> str:
    """ "moving forward: no, not selected: yes, on hold: no", for the decision form."""
    parts = []
    for kind in OUTCOME_KINDS:
        wording = messages.wording_for(organization=organization, kind=kind)
        parts.append(f"{kind.label.lower()}: {'yes' if wording.send_by_default else 'no'}")
    return ", ".join(parts)


def outcome_email_get(*, organization: Organization, public_id: UUID) -> OutcomeEmail:
    return tenant_get(OutcomeEmail, organization=organization, public_id=public_id)


def outcome_email_list(*, invitation: Invitation) -> QuerySet[OutcomeEmail]:
    return (
        OutcomeEmail.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("decision")
    )


def outcome_emails_sent(*, invitations: list[Invitation]) -> dict[int, list[OutcomeEmail]]:
    """The emails the candidate was sent, by invitation: their rights pages list them."""
    found: dict[int, list[OutcomeEmail]] = {invitation.pk: [] for invitation in invitations}
    for invitation in invitations:
        found[invitation.pk] = list(
            OutcomeEmail.objects.for_organization(invitation.organization)
            .filter(invitation=invitation, status=OutcomeEmailStatus.SENT)
            .order_by("sent_at")
        )
    return found


@dataclass(frozen=True)
class Stage:
    key: str  # received, under_review, decided
    label: str
    explanation: str

    @property
    def steps(self) -> list[tuple[str, bool]]:
        """Each stage's label, and whether the application is there now."""
        return [(label, key == self.key) for key, label in STAGES]


STAGES = (("received", "Received"), ("under_review", "Under review"), ("decided", "Decided"))


def application_stage(*, invitation: Invitation) -> Stage | None:
    """Where a finished interview stands, as the candidate may know it. A decision counts
    once its grace period is over (it could still change before); its outcome is told
    only by the email, if one was sent. None while the interview is not finished."""
    if invitation.status != InvitationStatus.COMPLETED:
        return None
    organization = invitation.organization
    decision = (
        Decision.objects.for_organization(organization)
        .filter(invitation=invitation)
        .order_by("-created_at")
        .first()
    )
    grace = timedelta(seconds=settings.OUTCOME_EMAIL_GRACE_SECONDS)
    if decision is not None and decision.created_at + grace <= timezone.now():
        return Stage(
            "decided",
            "Decided",
            f"{organization.name} has made a decision on your application. If they wrote "
            "to you about it, the message is on your data and rights page.",
        )
    viewed = AuditEvent.objects.filter(
        organization=organization,
        action="interviews.candidate.viewed",
        target_type="interviews.invitation",
        target_id=str(invitation.public_id),
    ).exists()
    if decision is not None or viewed:
        return Stage(
            "under_review",
            "Under review",
            "People on the hiring team are reviewing your answers.",
        )
    return Stage(
        "received",
        "Received",
        f"{organization.name} has received your answers; the hiring team has not opened them yet.",
    )
