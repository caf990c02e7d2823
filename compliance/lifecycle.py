"""The candidate data lifecycle: retention, legal holds and the purge (GDPR Art. 5(1)(e), 17).

`candidate_purge` removes one candidate's personal data for good, in two steps:

1. every object of the candidate in the bucket: all versions and delete markers under
   `orgs/<org>/invitations/<invitation>/`, any recording key elsewhere, and unfinished
   multipart uploads (outside any transaction: S3 cannot roll back);
2. in one short transaction: the rows in `PURGE_RULES` are deleted or blanked, the
   invitation is blanked (kept, so funnel counts stay), a `CandidateTombstone` is written
   and the purge is audited.

Both steps are idempotent. A purge interrupted after step 1 leaves the rows in place, so the
candidate is still due and the next run (nightly, or the same call again) finishes it.
A purge never runs while a legal hold on the candidate or the job is active.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast, Greatest
from django.utils import timezone

from interviews.models import (
    OPEN_STATUSES,
    Decision,
    Invitation,
    InvitationStatus,
    Job,
    LiveInterview,
)
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none
from palantrix.storage import delete_keys, delete_prefix

from .models import (
    OPEN_REQUEST_STATUSES,
    CandidateTombstone,
    DataExport,
    DataPolicy,
    LegalHold,
    PurgeReason,
    RaceEthnicity,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
    SelfIdentification,
    Sex,
)
from .selectors import ai_scores

logger = logging.getLogger(__name__)

RETENTION_ACTOR = audit.SystemActor("compliance.retention")
PURGED_NAME = "Deleted candidate"
PURGED_REASON = "Deleted with the candidate's data."
STALE_EXPORT = "Removed: it held data of a candidate since deleted. Export again."


@dataclass(frozen=True)
class PurgeRule:
    """What the purge does with the rows of `model` whose `field` is the invitation:
    delete them (`blank` None) or overwrite the fields in `blank`."""

    model: str
    field: str = "invitation"
    blank: dict[str, Any] | None = None


# Every model that points at a candidate's invitation, and what the purge does with it.
# tests/compliance/test_lifecycle.py fails when a model pointing at Invitation is not here
# or in KEPT_MODELS: a new one is one line, e.g. `PurgeRule("interviews.ShareLink")`.
PURGE_RULES: list[PurgeRule] = [
    PurgeRule("interviews.InvitationToken"),
    # Answers go with their transcripts, segments, scores, evidence, overrides (their
    # free-text reasons may name the candidate) and reviewers' ratings and comments.
    PurgeRule("interviews.Answer"),
    # The categories are copied to the tombstone first (bias reports stay reproducible).
    PurgeRule("compliance.SelfIdentification"),
    # Proof of what was agreed to stays (notice version, choice, date); the browser goes.
    PurgeRule("interviews.Consent", blank={"user_agent": ""}),
    # The outcome and who decided stay (bias reports count them); free text goes.
    PurgeRule("interviews.Decision", blank={"reason": PURGED_REASON}),
    # A reviewer's link to the candidate's answers: nothing left to show.
    PurgeRule("interviews.ShareLink"),
    # The slot stays (the funnel counts it); where and with whom (and who was emailed) goes.
    PurgeRule(
        "interviews.LiveInterview",
        blank={"location": "", "interviewers": [], "emailed_to": []},
    ),
    # What the candidate was told of a decision (their name is in it) and when: goes.
    PurgeRule("interviews.OutcomeEmail"),
    # The team's comments on the candidate, and notifications about them: all go.
    PurgeRule("review.Comment"),
    PurgeRule("review.Notification"),
    # One-time links to the candidate's rights session.
    PurgeRule("compliance.RightsLink"),
    # Requests stay as the record that they were met (kind, dates, status, outcome); the
    # candidate's and reviewers' words go. Their copies lie under the candidate's prefix.
    PurgeRule(
        "compliance.RightsRequest",
        blank={"message": "", "outcome_reason": "", "hold_reason": "", "export_key": ""},
    ),
]
KEPT_MODELS = {
    "compliance.CandidateTombstone": "what stays of the candidate: ids, dates, outcome",
    "compliance.LegalHold": "an admin's short reason about a case, no candidate data",
}


class PurgeBlocked(DomainError):
    def __init__(self, hold: LegalHold):
        target = "the job" if hold.job_id else "this candidate"
        super().__init__(f"A legal hold on {target} keeps the data until an admin releases it.")
        self.hold = hold


@dataclass
class PurgeReport:
    invitation: str  # public id
    objects_deleted: int = 0
    rows_deleted: int = 0
    already_purged: bool = False
    tombstone: CandidateTombstone | None = None


def candidate_prefix(invitation: Invitation) -> str:
    return f"orgs/{invitation.organization.public_id}/invitations/{invitation.public_id}/"


def policy_get(*, organization: Organization) -> DataPolicy:
    policy, _ = DataPolicy.objects.get_or_create(organization=organization)
    return policy


# --- Legal holds -------------------------------------------------------------------------------


def legal_hold_blocks(invitation: Invitation) -> LegalHold | None:
    """The active hold on this candidate or their job, if any."""
    return (
        LegalHold.objects.for_organization(invitation.organization)
        .filter(Q(invitation=invitation) | Q(job_id=invitation.job_id), released_at__isnull=True)
        .order_by("created_at")
        .first()
    )


def _hold_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("Give the reason for the legal hold (a case number, not a name).")
    if len(reason) > 300:
        raise DomainError("Keep the reason under 300 characters.")
    return reason


@transaction.atomic
def legal_hold_place(
    *, organization: Organization, actor: Actor, reason: str, invitation=None, job=None
) -> LegalHold:
    if (invitation is None) == (job is None):
        raise DomainError("A legal hold is on one candidate or on one job.")
    reason = _hold_reason(reason)
    # The purge locks both before its last check: a hold is seen by it or waits for it.
    if invitation is not None:
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    else:
        Job.objects.select_for_update(no_key=True).filter(pk=job.pk).first()
    if (
        invitation is not None
        and CandidateTombstone.objects.for_organization(organization)
        .filter(invitation=invitation)
        .exists()
    ):
        raise DomainError("This candidate's data was already deleted.")
    hold = LegalHold.objects.create(
        organization=organization,
        invitation=invitation,
        job=job,
        reason=reason,
        placed_by=user_or_none(actor),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.legal_hold.placed",
        target=hold,
        data={
            "invitation": str(invitation.public_id) if invitation else None,
            "job": str(job.public_id) if job else None,
            "reason": reason,
        },
    )
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, actor: Actor, reason: str) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.active:
        raise DomainError("This legal hold was already released.")
    hold.released_at = timezone.now()
    hold.released_by = user_or_none(actor)
    hold.release_reason = _hold_reason(reason)
    hold.save(update_fields=["released_at", "released_by", "release_reason", "updated_at"])
    audit.record(
        organization=hold.organization,
        actor=actor,
        action="compliance.legal_hold.released",
        target=hold,
        data={"reason": hold.release_reason},
    )
    return hold


# --- The purge ---------------------------------------------------------------------------------


def candidate_purge(invitation: Invitation, *, reason: str, actor: Actor = None) -> PurgeReport:
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
    # Step 1: the bucket. Recording keys outside the candidate's folder are removed too.
    prefix = candidate_prefix(invitation)
    stray = tuple(
        key
        for key in invitation.answers.exclude(object_key="").values_list("object_key", flat=True)
        if not key.startswith(prefix)
    )
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
    identity = (
        SelfIdentification.objects.for_organization(organization)
        .filter(invitation=invitation)
        .first()
    )
    decision = (
        Decision.objects.for_organization(organization)
        .filter(invitation=invitation)
        .order_by("-created_at")
        .values_list("outcome", flat=True)
        .first()
    )
    score = ai_scores(organization=organization, invitation_ids=[invitation.pk]).get(invitation.pk)

    _access_requests_end(invitation, actor=actor)
    rows = 0
    for rule in PURGE_RULES:
        model = apps.get_model(rule.model)
        queryset = model.objects.for_organization(organization).filter(**{rule.field: invitation})
        if rule.blank is None:
            rows += queryset.delete()[0]
        else:
            rows += queryset.update(**rule.blank)
    rows += _idempotency_answers(invitation).delete()[0]
    rows += _batch_rows_remove(invitation)

    now = timezone.now()
    invitation.name, invitation.email = PURGED_NAME, ""
    fields = ["name", "email", "updated_at"]
    if invitation.status in OPEN_STATUSES:  # an erased candidate who had not finished
        invitation.status, invitation.closed_at = InvitationStatus.WITHDRAWN, now
        fields += ["status", "closed_at"]
    invitation.save(update_fields=fields)
    rows += 1

    tombstone = CandidateTombstone.objects.create(
        organization=organization,
        invitation=invitation,
        job_id=invitation.job_id,
        invited_at=invitation.created_at,
        completed_at=invitation.completed_at,
        purged_at=now,
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
    RightsRequest = apps.get_model("compliance", "RightsRequest")

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


def _batch_rows_remove(invitation: Invitation) -> int:
    """CSV imports of the organisation that still hold the candidate's row: one not sent
    yet loses it (confirming it later must not invite the person again); one already sent
    or cancelled keeps the line number only. Returns the batches changed."""
    InvitationBatch = apps.get_model("interviews", "InvitationBatch")
    email = invitation.email.strip().lower()
    if not email:
        return 0
    changed = 0
    batches = (
        InvitationBatch.objects.for_organization(invitation.organization)
        .select_for_update()
        .annotate(text=Cast("rows", TextField()))
        .filter(text__icontains=email)
    )
    for batch in batches:
        mine = [row for row in batch.rows if str(row.get("email", "")).lower() == email]
        if not mine:
            continue
        fields = {}
        if batch.status in (InvitationBatch.Status.PREVIEW, InvitationBatch.Status.SENDING):
            fields["rows"] = [row for row in batch.rows if row not in mine]
            if batch.status == InvitationBatch.Status.PREVIEW:  # the counts it shows
                fields["total_rows"] = batch.total_rows - len(mine)
                fields["valid_rows"] = batch.valid_rows - sum(1 for r in mine if not r["problems"])
        else:
            fields["rows"] = [
                {**row, "name": "", "email": ""} if row in mine else row for row in batch.rows
            ]
        InvitationBatch.objects.filter(pk=batch.pk).update(**fields, updated_at=timezone.now())
        changed += 1
    return changed


def _idempotency_answers(invitation: Invitation):
    """API create calls' stored answers (kept a day so retries get the first result) that
    repeat the candidate's name and email."""
    IdempotencyRecord = apps.get_model("api", "IdempotencyRecord")
    mentions = Q(body__contains=str(invitation.public_id))
    if invitation.email:
        mentions |= Q(body__icontains=invitation.email)
    return (
        IdempotencyRecord.objects.for_organization(invitation.organization)
        .annotate(body=Cast("response_body", TextField()))
        .filter(mentions)
    )


# --- Retention ---------------------------------------------------------------------------------


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
    job closed and after their last activity (answers, decisions, live interviews),
    whichever is later. An open job keeps its candidates (it has not closed yet); purged
    ones are not listed again."""
    now = now or timezone.now()
    months = policy_get(organization=organization).candidate_months
    cutoff = now - relativedelta(months=months)
    latest_decision = (
        Decision.objects.for_organization(organization)
        .filter(invitation=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    latest_live = (
        LiveInterview.objects.for_organization(organization)
        .filter(invitation=OuterRef("pk"))
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
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
        .annotate(
            last_answer=Max("answers__submitted_at"),
            last_decision=Subquery(latest_decision),
            last_live=Subquery(latest_live),
            # PostgreSQL's GREATEST skips NULLs: the latest of the dates that exist.
            last_activity=Greatest(
                F("job__closed_at"),
                F("created_at"),
                F("opened_at"),
                F("started_at"),
                F("completed_at"),
                F("closed_at"),
                F("last_answer"),
                F("last_decision"),
                F("last_live"),
            ),
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
