"""The candidate's side of the session: which invitation this browser is answering.

The emailed token is exchanged once for a session entry; every candidate page after that
resolves the invitation from the session alone, so URLs never carry the token.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from .models import Invitation

SESSION_KEY = "palantrix.candidate_invitation"


@dataclass(frozen=True)
class CandidateActor:
    """Who did it, for the audit log: the invitation's pseudonymous id, never a name."""

    invitation: Invitation
    audit_actor_type: str = "candidate"

    @property
    def audit_actor_id(self) -> str:
        return str(self.invitation.public_id)


def candidate_login(request: HttpRequest, invitation: Invitation) -> None:
    request.session.cycle_key()  # a fresh session id: nothing from before carries over
    request.session[SESSION_KEY] = str(invitation.public_id)


def candidate_invitation(request: HttpRequest) -> Invitation | None:
    public_id = request.session.get(SESSION_KEY)
    if not public_id:
        return None
    return (
        Invitation.objects.select_related("job", "organization", "question_set")
        .filter(public_id=public_id)
        .first()
    )
