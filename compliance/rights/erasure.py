"""Erasure on request (GDPR Art. 17, Illinois AI Video Interview Act Sec. 15): executed
in the worker unless a legal hold applies, through the data lifecycle's one purge, so
that a request and a retention purge erase exactly the same things.

Afterwards only a tombstone remains (the purge's), the request (ids, dates, status) as
the record that it was met, and the audit chain, which never held personal data. The
organisation's admins are told, so they can tell anyone else they shared the data with
(Art. 19); the purge sends `candidate.erased` to the organisation's webhooks."""

import logging

from django.db import transaction
from django.utils import timezone

from interviews.models import Job
from palantrix import audit, events
from palantrix.models import Organization

from ..legal_holds import PurgeBlocked, legal_hold_blocks
from ..lifecycle import candidate_purge
from ..models import LegalHold, PurgeReason, RightsRequest, RightsRequestKind, RightsRequestStatus
from . import emails
from .rules import RIGHTS

logger = logging.getLogger(__name__)


def erasure_execute(*, request_id: int) -> str:
    """Erase the candidate of one request; returns what happened. Safe to repeat: the
    purge is idempotent and only the run that marks the request done notifies anyone."""
    request = (
        RightsRequest.objects.filter(pk=request_id, kind=RightsRequestKind.ERASURE)
        .select_related("organization", "invitation__job")
        .first()
    )
    if request is None or request.status == RightsRequestStatus.DONE:
        return "done"
    invitation = request.invitation
    organization = request.organization
    if invitation is not None:
        hold = legal_hold_blocks(invitation)
        if hold is not None:
            _hold(request, hold)
            return "on_hold"
    RightsRequest.objects.filter(pk=request.pk).exclude(status=RightsRequestStatus.DONE).update(
        status=RightsRequestStatus.IN_PROGRESS, hold_reason="", updated_at=timezone.now()
    )
    # Kept in memory only, to confirm to the candidate once everything is gone.
    address, name = (invitation.email, invitation.name) if invitation else ("", "")
    job_title = invitation.job.title if invitation else ""
    # The purge removes the recordings and copies in the bucket, the rows, the links, and
    # the words in the candidate's requests (each app's privacy.py says what it erases).
    if invitation is not None:
        try:
            candidate_purge(invitation, reason=PurgeReason.ERASURE, actor=RIGHTS)
        except PurgeBlocked as blocked:  # a hold placed a moment ago
            RightsRequest.objects.filter(pk=request.pk).update(status=RightsRequestStatus.RECEIVED)
            _hold(request, blocked.hold)
            return "on_hold"
    with transaction.atomic():
        finished = RightsRequest.objects.filter(
            pk=request.pk, status=RightsRequestStatus.IN_PROGRESS
        ).update(
            status=RightsRequestStatus.DONE,
            completed_at=timezone.now(),
            invitation=None,
            updated_at=timezone.now(),
        )
        if not finished:
            return "done"
        audit.record(
            organization=organization,
            actor=RIGHTS,
            action="compliance.rights_request.completed",
            target=request,
            data={"kind": request.kind, "invitation": str(request.invitation_ref)},
        )

        # The admins' email (Art. 19) through the outbox: ids only, it outlives a crash.
        events.later(
            "compliance.notify_rights_erasure",
            organization=organization,
            request_id=request.pk,
            job_id=invitation.job_id if invitation else None,
        )
        if address:
            # The candidate's confirmation is the one email that cannot be queued: the
            # address exists nowhere any more but in this worker's memory, and it must not
            # be stored again to be sent. Sent by this process after commit (no broker).
            transaction.on_commit(lambda: _confirm_erased(organization, address, name, job_title))
    return "erased"


def _hold(request: RightsRequest, hold: LegalHold) -> None:
    # The admin's reason (a case reference) is for the queue; the candidate is told plainly.
    reason = f"Legal hold: {hold.reason}"[:300]
    with transaction.atomic():
        changed = (
            RightsRequest.objects.filter(pk=request.pk)
            .exclude(status__in=[RightsRequestStatus.ON_HOLD, RightsRequestStatus.DONE])
            .update(status=RightsRequestStatus.ON_HOLD, hold_reason=reason)
        )
        if not changed:
            return  # already held and told
        audit.record(
            organization=request.organization,
            actor=RIGHTS,
            action="compliance.rights_request.held",
            target=request,
            data={"legal_hold": str(hold.public_id)},
        )
        events.later(
            "compliance.notify_rights_erasure",
            organization=request.organization,
            request_id=request.pk,
            job_id=request.invitation.job_id if request.invitation else None,
            held=True,
        )


def _confirm_erased(organization: Organization, address: str, name: str, job_title: str) -> None:
    try:
        emails.send_to_candidate(
            organization=organization, to=address, name=name, kind="erased", job=job_title
        )
    except Exception:  # logged; the erasure itself is done and recorded
        logger.exception("erasure confirmation to the candidate not sent")


def erasure_notify(*, request_id: int, job_id: int | None, held: bool = False) -> int:
    """The emails about an erasure request, from the worker (`compliance.notify_rights_erasure`):
    held, to the candidate and the admins; carried out, to the admins, so that they tell
    anyone else they shared the data with (Art. 19). Returns how many admins were told."""
    request = (
        RightsRequest.objects.select_related("organization", "invitation__job")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    organization = request.organization
    # django-stubs refuses None for a pk lookup; Django takes it (no row matches).
    job = Job.objects.filter(pk=job_id).values_list("title", flat=True).first() or ""  # type: ignore[misc]
    if not held:
        return emails.send_to_admins(
            organization=organization,
            subject=f"A candidate's data was erased ({job or 'erasure request'})",
            lines=[
                f"An erasure request for an application to {job or 'a job'} was "
                "carried out: the recordings, transcripts, scores and personal details "
                "are deleted from Palantrix.",
                "If you shared this candidate's data outside Palantrix (an applicant "
                "tracking system, email, a colleague's notes), tell those holders to "
                "delete it too (GDPR Art. 19).",
            ],
            request=request,
        )
    invitation = request.invitation
    if invitation is not None:
        emails.send_to_candidate(
            organization=organization,
            to=invitation.email,
            name=invitation.name,
            kind="erasure_held",
            job=job,
            due_on=request.due_on,
        )
    return emails.send_to_admins(
        organization=organization,
        subject=f"An erasure request is on hold ({job})",
        lines=[
            f"An erasure request for an application to {job} cannot run: {request.hold_reason}",
            f"It is due on {request.due_on:%d %B %Y}. Release the hold or answer the "
            "candidate; Palantrix tries again every hour.",
        ],
        request=request,
    )
