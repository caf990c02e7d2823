"""Retention (GDPR Art. 5(1)(e)): which candidates were kept longer than their
organisation's policy says, and the nightly run that purges them
(`compliance.lifecycle.candidate_purge`) unless a legal hold or an open request of the
candidate keeps them."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone

from interviews.models import Invitation
from palantrix import privacy
from palantrix.models import Organization

from .data_policy import policy_get
from .legal_holds import PurgeBlocked
from .lifecycle import PurgeReport, candidate_purge
from .models import (
    OPEN_REQUEST_STATUSES,
    CandidateTombstone,
    LegalHold,
    PurgeReason,
    RightsRequest,
    RightsRequestKind,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueCandidate:
    invitation: Invitation
    due_since: datetime
    hold: LegalHold | None
    # A request of the candidate still being answered (a copy, a contest): the purge
    # waits for it, or the answer would be lost (an erasure request is no reason to wait).
    open_request: bool = False


@dataclass
class PurgeRun:
    due: list[DueCandidate] = field(default_factory=list)
    purged: list[PurgeReport] = field(default_factory=list)
    held: list[DueCandidate] = field(default_factory=list)
    waiting: list[DueCandidate] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.due)} due, {len(self.purged)} purged, {len(self.held)} on legal hold, "
            f"{len(self.waiting)} waiting for an open request, {len(self.failed)} failed"
        )


def due_candidates(
    *, organization: Organization, now: datetime | None = None
) -> list[DueCandidate]:
    """Candidates kept longer than the organisation's retention: past N months after the
    job closed and after their last activity (each app's `candidate_activity`: answers,
    decisions, live interviews), whichever is later. An open job keeps its candidates (it
    has not closed yet); purged ones are not listed again."""
    now = now or timezone.now()
    months = policy_get(organization=organization).candidate_months
    cutoff = now - relativedelta(months=months)
    # The dates each app knows of the candidate's activity (answers, decisions, ...).
    activity = privacy.candidate_activity(organization=organization)
    open_requests = (
        RightsRequest.objects.for_organization(organization)
        .filter(invitation=OuterRef("pk"), status__in=OPEN_REQUEST_STATUSES)
        .exclude(kind=RightsRequestKind.ERASURE)
    )
    candidates = (
        Invitation.objects.for_organization(organization)
        .filter(job__closed_at__isnull=False)
        .exclude(
            pk__in=CandidateTombstone.objects.for_organization(organization).values("invitation")
        )
        .annotate(**activity)
        .annotate(
            # PostgreSQL's GREATEST skips NULLs: the latest of the dates that exist.
            last_activity=Greatest(F("job__closed_at"), *(F(name) for name in activity)),
            open_request=Exists(open_requests),
        )
        .filter(last_activity__lte=cutoff)
        .select_related("job", "organization")
        .order_by("last_activity")
    )
    holds = list(LegalHold.objects.for_organization(organization).filter(released_at__isnull=True))
    by_invitation = {h.invitation_id: h for h in holds if h.invitation_id}
    by_job = {h.job_id: h for h in holds if h.job_id}
    return [
        DueCandidate(
            invitation=invitation,
            due_since=invitation.last_activity + relativedelta(months=months),
            hold=by_invitation.get(invitation.pk) or by_job.get(invitation.job_id),
            open_request=invitation.open_request,
        )
        for invitation in candidates
    ]


def purge_due(now: datetime | None = None, dry_run: bool = False) -> PurgeRun:
    """Purge every candidate past retention in every organisation (the nightly task).
    A dry run only lists them. One candidate's failure does not stop the others: it stays
    due and is tried again next run."""
    run = PurgeRun()
    for organization in Organization.objects.order_by("pk"):
        for item in due_candidates(organization=organization, now=now):
            run.due.append(item)
            if item.hold is not None:
                run.held.append(item)
                continue
            if item.open_request:
                run.waiting.append(item)
                continue
            if dry_run:
                continue
            try:
                run.purged.append(candidate_purge(item.invitation, reason=PurgeReason.RETENTION))
            except PurgeBlocked as blocked:  # a hold placed during the run
                run.held.append(DueCandidate(item.invitation, item.due_since, blocked.hold))
            except Exception as error:  # logged; the candidate stays due and is retried
                logger.exception("purge invitation=%s failed", item.invitation.public_id)
                run.failed.append((str(item.invitation.public_id), type(error).__name__))
    return run
