"""The candidate's requests: a copy of their data, erasure, withdrawal from AI assessment,
an explanation, and contesting a score or the decision.

Slow work (building a copy, erasing) runs in the worker; each task claims its request
with a conditional UPDATE, so running it twice has one effect."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from interviews.candidates import CandidateActor
from interviews.models import Consent, Invitation
from interviews.notice import NOTICE_VERSION
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from scoring import ranking
from scoring.models import Score, ScoreStatus

from ..models import OPEN_REQUEST_STATUSES, RightsRequest, RightsRequestKind, RightsRequestStatus
from .rules import due_date


def _open_request(invitation: Invitation, kind: str) -> RightsRequest | None:
    return (
        RightsRequest.objects.for_organization(invitation.organization)
        .filter(invitation=invitation, kind=kind, status__in=OPEN_REQUEST_STATUSES)
        .first()
    )


def _new_request(invitation: Invitation, kind: str, **fields: Any) -> RightsRequest:
    request = RightsRequest.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        invitation_ref=invitation.public_id,
        kind=kind,
        due_on=due_date(kind, timezone.localdate()),
        **fields,
    )
    audit.record(
        organization=invitation.organization,
        actor=CandidateActor(invitation),
        action="compliance.rights_request.received",
        target=request,
        data={
            "kind": kind,
            "invitation": str(invitation.public_id),
            "due_on": request.due_on.isoformat(),
        },
    )
    return request


def complete_request(request: RightsRequest, *, actor: Actor, **data: Any) -> None:
    request.status = RightsRequestStatus.DONE
    request.completed_at = timezone.now()
    request.save(update_fields=["status", "completed_at", "updated_at"])
    audit.record(
        organization=request.organization,
        actor=actor,
        action="compliance.rights_request.completed",
        target=request,
        data={"kind": request.kind, **data},
    )


@transaction.atomic
def access_request(*, invitation: Invitation) -> RightsRequest:
    """A copy of the candidate's data, built in the worker (an open request is reused)."""
    request = _open_request(invitation, RightsRequestKind.ACCESS)
    if request is None:
        request = _new_request(invitation, RightsRequestKind.ACCESS)
        events.later(
            "compliance.build_export", organization=invitation.organization, request_id=request.pk
        )
    return request


@transaction.atomic
def erasure_request(*, invitation: Invitation) -> RightsRequest:
    """Erase everything about this application, in the worker, unless a legal hold applies."""
    request = _open_request(invitation, RightsRequestKind.ERASURE)
    if request is None:
        request = _new_request(invitation, RightsRequestKind.ERASURE)
        events.later(
            "compliance.erase_candidate",
            organization=invitation.organization,
            request_id=request.pk,
        )
    return request


@transaction.atomic
def ai_assessment_withdraw(*, invitation: Invitation) -> RightsRequest:
    """Withdrawal of consent to AI assessment, or objection (GDPR Art. 7(3), 21): human
    review only from now on; existing AI scores are kept as history, marked withdrawn,
    and no longer count anywhere. Scoring in flight sees the flag and stops."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.human_review_only:  # a second click, or two tabs: already withdrawn
        earlier: RightsRequest | None = (
            RightsRequest.objects.for_organization(invitation.organization)
            .filter(invitation=invitation, kind=RightsRequestKind.WITHDRAWAL)
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return earlier
    actor = CandidateActor(invitation)
    request = _new_request(invitation, RightsRequestKind.WITHDRAWAL)
    Consent.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        notice_version=NOTICE_VERSION,
        ai_assessment=False,
        user_agent="withdrawn on the rights page",
    )
    invitation.human_review_only = True
    invitation.save(update_fields=["human_review_only", "updated_at"])
    withdrawn = (
        Score.objects.for_organization(invitation.organization)
        .filter(answer__invitation=invitation, status=ScoreStatus.ACTIVE)
        .update(status=ScoreStatus.WITHDRAWN, updated_at=timezone.now())
    )
    ranking.refresh(invitation_ids=[invitation.pk])
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="compliance.ai_assessment.withdrawn",
        target=invitation,
        data={"scores_withdrawn": withdrawn, "notice_version": NOTICE_VERSION},
    )
    complete_request(request, actor=actor, scores_withdrawn=withdrawn)
    return request


@transaction.atomic
def explanation_request(*, invitation: Invitation) -> RightsRequest:
    """The explanation is generated at once from the records (see selectors)."""
    request = _new_request(invitation, RightsRequestKind.EXPLANATION)
    complete_request(request, actor=CandidateActor(invitation))
    return request


def explanation_viewed(*, invitation: Invitation) -> None:
    audit.record(
        organization=invitation.organization,
        actor=CandidateActor(invitation),
        action="compliance.explanation.viewed",
        target=invitation,
    )


@transaction.atomic
def contest_request(
    *, invitation: Invitation, message: str, score: Score | None = None
) -> RightsRequest:
    """Contest a score or the decision (GDPR Art. 22(3)): a different person re-reviews."""
    message = message.strip()
    if not message:
        raise DomainError("Tell us briefly what you think is wrong, so the re-reviewer can look.")
    if len(message) > 4000:
        raise DomainError("Please keep it under 4,000 characters.")
    if score is not None and score.answer.invitation_id != invitation.pk:
        raise DomainError("That score is not part of your application.")
    request = _new_request(invitation, RightsRequestKind.CONTEST, message=message, score=score)
    events.later(
        "compliance.notify_rights_admins",
        organization=invitation.organization,
        request_id=request.pk,
    )
    return request
