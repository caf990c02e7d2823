"""The candidate's side of the session: which invitation this browser is answering.

The emailed token is exchanged once for a session entry; every candidate page after that
resolves the invitation from the session alone, so URLs never carry the token. Candidate
pages and endpoints, here and in compliance (the rights pages, self-identification), are
rate limited per session with `candidate_limit`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from palantrix.ratelimit import rate_limit

from .models import Invitation

SESSION_KEY = "palantrix.candidate_invitation"


def _session_key(request: HttpRequest) -> str:
    return request.session.session_key or request.META.get("REMOTE_ADDR", "")


candidate_limit = rate_limit(
    scope="candidate",
    limit=lambda: settings.CANDIDATE_REQUESTS_PER_MINUTE,
    period=60,
    key=_session_key,
)


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
