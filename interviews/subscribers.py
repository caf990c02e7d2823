"""What the interviews app does after its own changes commit (registered in ready())."""

from palantrix.models import OutboxMessage

from . import emails, messages
from .models import CandidateEmailKind, Invitation


def on_interview_completed(message: OutboxMessage) -> None:
    """The completion receipt, when the organisation chose to send one. At least once: a
    crash between the email and the outbox row's update may send it again."""
    invitation = (
        Invitation.objects.for_organization(message.organization)
        .select_related("organization", "job")
        .filter(public_id=message.payload["interview"])
        .first()
    )
    if invitation is None:  # erased meanwhile
        return
    wording = messages.wording_for(
        organization=invitation.organization, kind=CandidateEmailKind.COMPLETION
    )
    if wording.send_by_default:
        emails.send_message(invitation, messages.render(wording, messages.values_for(invitation)))
