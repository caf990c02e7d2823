"""The candidate data lifecycle: the purge (GDPR Art. 5(1)(e), 17). Retention, which
decides who is due, is `compliance.retention`; legal holds are `compliance.legal_holds`.

`candidate_purge` removes one candidate's personal data for good, in two steps:

1. every object of the candidate in the bucket: all versions and delete markers under
   `orgs/<org>/invitations/<invitation>/`, any object the apps stored elsewhere
   (`privacy.candidate_objects`), and unfinished multipart uploads (outside any
   transaction: S3 cannot roll back);
2. in one short transaction: every app deletes or blanks its rows of the candidate
   (`privacy.candidate_erase`: each app's `privacy.py` says what and why), the invitation
   is blanked (kept, so funnel counts stay), a `CandidateTombstone` is written and the
   purge is audited.

Both steps are idempotent. A purge interrupted after step 1 leaves the rows in place, so the
candidate is still due and the next run (nightly, or the same call again) finishes it.
A purge never runs while a legal hold on the candidate or the job is active.
"""

import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from interviews.media import candidate_prefix
from interviews.models import Invitation, Job
from palantrix import audit, events, privacy
from palantrix.audit import Actor
from palantrix.models import Organization
from palantrix.storage import delete_keys, delete_prefix
from scoring import ranking

from .legal_holds import PurgeBlocked, legal_hold_blocks
from .models import (
    OPEN_REQUEST_STATUSES,
    CandidateTombstone,
    DataExport,
    RaceEthnicity,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
    Sex,
)
from .selectors import ai_scores, latest_outcome, self_identification_get

__all__ = ["PurgeReport", "candidate_prefix", "candidate_purge"]

logger = logging.getLogger(__name__)

RETENTION_ACTOR = audit.SystemActor("compliance.retention")
STALE_EXPORT = "Removed: it held data of a candidate since deleted. Export again."


@dataclass
class PurgeReport:
    invitation: str  # public id
    objects_deleted: int = 0
    rows_deleted: int = 0
    already_purged: bool = False
    tombstone: CandidateTombstone | None = None


def candidate_purge(
    invitation: Invitation, *, reason: str, actor: Actor | None = None
) -> PurgeReport:
    """Remove the candidate's personal data for good (see the module docstring).

    Raises `PurgeBlocked` under an active legal hold. Safe to call again at any point."""
    if not re.fullmatch(r"[a-z_]{1,20}", reason):  # a code such as PurgeReason.ERASURE
        raise ValueError("The purge reason is a short code (e.g. 'retention', 'erasure').")
    actor = actor or RETENTION_ACTOR
    report = PurgeReport(invitation=str(invitation.public_id))
    tombstone = (
        CandidateTombstone.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .first()
    )
    if tombstone is None:
        hold = legal_hold_blocks(invitation)
        if hold is not None:
            raise PurgeBlocked(hold)
    # Step 1: the bucket. Objects the apps keep outside the candidate's folder go too.
    prefix = candidate_prefix(invitation)
    stray = tuple(key for key in privacy.candidate_objects(invitation))
    report.objects_deleted = delete_prefix(prefix, keys=stray)
    if tombstone is not None:  # a repeat: the rows went already (objects again, if any)
        report.already_purged, report.tombstone = True, tombstone
        return report
    report.objects_deleted += _exports_remove(invitation)
    # Step 2: the rows, in one short transaction.
    report.tombstone, report.rows_deleted = _purge_rows(
        invitation, reason=reason, actor=actor, objects_deleted=report.objects_deleted
    )
    # An upload that landed between the two steps goes too. After step 2 no link works
    # and no upload can be completed (its answer is gone); parts sent with a presigned URL
    # already handed out (valid S3_PRESIGNED_TTL) are aborted by the bucket's one-day rule.
    report.objects_deleted += delete_prefix(prefix)
    logger.info(
        "purge invitation=%s reason=%s objects=%d rows=%d",
        report.invitation,
        reason,
        report.objects_deleted,
        report.rows_deleted,
    )
    return report


def _exports_remove(invitation: Invitation) -> int:
    """The organisation's stored exports hold this candidate too: they go (an admin exports
    again when needed; copies already downloaded are the organisation's own)."""
    exports = list(
        DataExport.objects.for_organization(invitation.organization).filter(
            status=DataExport.Status.READY
        )
    )
    removed = delete_keys([export.object_key for export in exports])
    DataExport.objects.filter(pk__in=[export.pk for export in exports]).update(
        status=DataExport.Status.EXPIRED, problem=STALE_EXPORT
    )
    return removed


@transaction.atomic
def _purge_rows(
    invitation: Invitation, *, reason: str, actor: Actor, objects_deleted: int
) -> tuple[CandidateTombstone, int]:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    existing = (
        CandidateTombstone.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .first()
    )
    if existing is not None:  # another run finished meanwhile
        return existing, 0
    # A hold placed since the check before step 1 still keeps the rows: placing one locks
    # the invitation or the job, so it is either seen here or waits for this purge.
    Job.objects.select_for_update(no_key=True).filter(pk=invitation.job_id).first()
    hold = legal_hold_blocks(invitation)
    if hold is not None:
        raise PurgeBlocked(hold)
    organization = invitation.organization
    # An organisation export that became ready since step 1 holds the candidate too; one
    # still being built sees the tombstone when it finishes (the same lock orders them).
    Organization.objects.select_for_update(no_key=True).filter(pk=organization.pk).first()
    _exports_remove(invitation)
    # What the tombstone keeps for bias reports, read before the rows go.
    identity = self_identification_get(invitation=invitation)
    decision = latest_outcome(invitation=invitation)
    score = ai_scores(organization=organization, invitation_ids=[invitation.pk]).get(invitation.pk)

    _access_requests_end(invitation, actor=actor)
    # Every app's rows of the candidate, the invitation blanked last (see each privacy.py).
    rows = privacy.candidate_erase(invitation)
    ranking.refresh(invitation_ids=[invitation.pk])  # its scores are gone

    tombstone = CandidateTombstone.objects.create(
        organization=organization,
        invitation=invitation,
        job_id=invitation.job_id,
        invited_at=invitation.created_at,
        completed_at=invitation.completed_at,
        purged_at=timezone.now(),
        decision=decision or "",
        reason=reason,
        ai_score=score,
        sex=identity.sex if identity else Sex.PREFER_NOT,
        race_ethnicity=identity.race_ethnicity if identity else RaceEthnicity.PREFER_NOT,
        objects_deleted=objects_deleted,
        rows_deleted=rows,
    )
    # Stored with the change, sent after commit: systems that copied the candidate's data
    # (an applicant tracking system, through the webhooks) learn to delete theirs (GDPR Art. 19).
    events.publish(
        events.Event(
            organization=organization,
            actor=actor,
            action="compliance.candidate.purged",
            target=invitation,
            data={
                "reason": reason,
                "objects": objects_deleted,
                "rows": rows,
                "tombstone": str(tombstone.public_id),
            },
            payload={"interview": str(invitation.public_id), "reason": reason},
        )
    )
    return tombstone, rows


def _access_requests_end(invitation: Invitation, *, actor: Actor) -> None:
    """A copy still being built has nothing left to copy: its request ends without one
    (the build sees the tombstone and deletes anything it uploads)."""
    now = timezone.now()
    for request in RightsRequest.objects.for_organization(invitation.organization).filter(
        invitation=invitation, kind=RightsRequestKind.ACCESS, status__in=OPEN_REQUEST_STATUSES
    ):
        RightsRequest.objects.filter(pk=request.pk).update(
            status=RightsRequestStatus.DONE, completed_at=now, updated_at=now
        )
        audit.record(
            organization=invitation.organization,
            actor=actor,
            action="compliance.rights_request.completed",
            target=request,
            data={"kind": request.kind, "data_deleted": True},
        )
