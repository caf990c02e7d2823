"""What compliance does with a candidate's own data when the purge asks (palantrix.privacy):
self-identification, rights links and requests. The tombstone and legal holds are what
the purge keeps."""

from interviews.models import Invitation
from palantrix.privacy import CandidateCopy, when

from .models import RightsLink, RightsRequest, SelfIdentification

CANDIDATE_DATA = {
    # The categories are copied to the tombstone first (bias reports stay reproducible).
    "compliance.SelfIdentification": "deleted, after the tombstone copied the categories",
    "compliance.RightsLink": "deleted: one-time links to the candidate's rights session",
    # The record that they were met stays (kind, dates, status, outcome); the candidate's
    # and reviewers' words go. Their copies lie under the candidate's prefix.
    "compliance.RightsRequest": "blanked: the message, reasons and copy's key go",
    "compliance.CandidateTombstone": "kept: what stays of the candidate (ids, dates, outcome)",
    "compliance.LegalHold": "kept: an admin's short reason about a case, no candidate data",
}


def candidate_export(*, invitation: Invitation, copy: CandidateCopy) -> None:
    requests = list(
        RightsRequest.objects.for_organization(invitation.organization)
        .filter(invitation_ref=invitation.public_id)
        .order_by("created_at")
    )
    copy.audit_targets.update(str(r.public_id) for r in requests)
    copy.add(
        "requests",
        [
            {
                "kind": r.kind,
                "status": r.status,
                "received_at": when(r.created_at),
                "due_on": r.due_on.isoformat(),
                "outcome": r.outcome,
                "outcome_reason": r.outcome_reason,
            }
            for r in requests
        ],
    )


def candidate_erase(*, invitation: Invitation) -> int:
    organization = invitation.organization
    identity = SelfIdentification.objects.for_organization(organization)
    changed = identity.filter(invitation=invitation).delete()[0]
    links = RightsLink.objects.for_organization(organization).filter(invitation=invitation)
    changed += links.delete()[0]
    requests = RightsRequest.objects.for_organization(organization).filter(invitation=invitation)
    return changed + requests.update(message="", outcome_reason="", hold_reason="", export_key="")
