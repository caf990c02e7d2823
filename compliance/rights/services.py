"""Writes for candidates' rights: links, requests, and staff answers to them.

Every request and every step is audited with ids and short reasons only. Slow work
(building a copy, erasing) runs in the worker; each task claims its request with a
conditional UPDATE, so running it twice has one effect."""

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from interviews.candidates import CandidateActor
from interviews.models import Consent, Decision, Invitation
from interviews.notice import NOTICE_VERSION
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Membership, Organization
from palantrix.tokens import new_token, token_hash
from scoring.models import Score, ScoreOverride, ScoreStatus

from ..models import (
    OPEN_REQUEST_STATUSES,
    ContestOutcome,
    RightsLink,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)

LINK_TTL = timedelta(hours=1)
LINKS_PER_ADDRESS_PER_HOUR = 3
RIGHTS = audit.SystemActor("compliance.rights")


class LinkInvalid(DomainError):
    pass


def add_month(day: date) -> date:
    """The same day next month, or that month's last day (31 January -> 28 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def same_address(invitation: Invitation):
    """Every invitation of the organisation sent to this invitation's address (an erased
    invitation has none left: it stands alone)."""
    invitations = Invitation.objects.for_organization(invitation.organization)
    if not invitation.email:
        return invitations.filter(pk=invitation.pk)
    return invitations.filter(email__iexact=invitation.email)


# --- The one-time link ---------------------------------------------------------------------


def rights_link_ask(*, organization: Organization, email: str) -> None:
    """Someone asked for a link: hand the address to the worker, whatever it is.

    The web request does the same work for a known and an unknown address (one message
    queued, nothing looked up), so its response time says nothing about who applied;
    `rights_link_request` decides in the worker. The address travels in the task's
    arguments because it is what was asked about; nothing stores it for an unknown one."""
    from ..tasks import request_rights_link_task

    organization_id = organization.pk
    transaction.on_commit(
        lambda: request_rights_link_task.delay(organization_id=organization_id, email=email)
    )


@transaction.atomic
def rights_link_request(*, organization: Organization, email: str) -> bool:
    """Email a one-time link if the organisation invited this address (in the worker; see
    `rights_link_ask`). True only tells tests that a link went out. Safe to repeat: a
    repeated delivery makes at most another link, within the per-address hourly cap."""
    invitation = (
        Invitation.objects.for_organization(organization)
        .filter(email__iexact=email.strip())
        .order_by("-created_at")
        .first()
    )
    if invitation is None:
        return False
    recent = (
        RightsLink.objects.for_organization(organization)
        .filter(
            invitation__in=same_address(invitation),
            created_at__gte=timezone.now() - timedelta(hours=1),
        )
        .count()
    )
    if recent >= LINKS_PER_ADDRESS_PER_HOUR:
        return False
    token, digest = new_token()
    link = RightsLink.objects.create(
        organization=organization,
        invitation=invitation,
        token_hash=digest,
        expires_at=timezone.now() + LINK_TTL,
    )
    audit.record(
        organization=organization,
        actor=RIGHTS,
        action="compliance.rights_link.sent",
        target=invitation,
        data={"link": str(link.public_id)},
    )
    from ..tasks import send_rights_link_task

    transaction.on_commit(lambda: send_rights_link_task.delay(link_id=link.pk, token=token))
    return True


@transaction.atomic
def rights_link_use(*, token: str) -> list[Invitation]:
    """Spend the link (once, before it expires) and return the invitations it opens."""
    now = timezone.now()
    digest = token_hash(token)
    used = RightsLink.objects.filter(
        token_hash=digest, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        raise LinkInvalid(
            "This link has expired or was already used. Ask for a new one: it takes a minute."
        )
    link = RightsLink.objects.select_related("invitation__organization").get(token_hash=digest)
    invitations = list(same_address(link.invitation).select_related("job", "organization"))
    audit.record(
        organization=link.organization,
        actor=CandidateActor(link.invitation),
        action="compliance.rights_link.used",
        target=link.invitation,
        data={"link": str(link.public_id), "invitations": len(invitations)},
    )
    return invitations


# --- Requests --------------------------------------------------------------------------------


def _open_request(invitation: Invitation, kind: str) -> RightsRequest | None:
    return (
        RightsRequest.objects.for_organization(invitation.organization)
        .filter(invitation=invitation, kind=kind, status__in=OPEN_REQUEST_STATUSES)
        .first()
    )


ERASURE_DAYS = 30


def due_date(kind: str, received: date) -> date:
    """One month from receipt (GDPR Art. 12(3)); an erasure within 30 days at most, which
    is shorter after a 31-day month (Illinois AI Video Interview Act Sec. 15)."""
    due = add_month(received)
    if kind == RightsRequestKind.ERASURE:
        due = min(due, received + timedelta(days=ERASURE_DAYS))
    return due


def _new_request(invitation: Invitation, kind: str, **fields) -> RightsRequest:
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


def _complete(request: RightsRequest, *, actor: Actor, **data) -> None:
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
        from ..tasks import build_export_task

        transaction.on_commit(lambda: build_export_task.delay(request_id=request.pk))
    return request


@transaction.atomic
def erasure_request(*, invitation: Invitation) -> RightsRequest:
    """Erase everything about this application, in the worker, unless a legal hold applies."""
    request = _open_request(invitation, RightsRequestKind.ERASURE)
    if request is None:
        request = _new_request(invitation, RightsRequestKind.ERASURE)
        from ..tasks import erase_candidate_task

        transaction.on_commit(lambda: erase_candidate_task.delay(request_id=request.pk))
    return request


@transaction.atomic
def ai_assessment_withdraw(*, invitation: Invitation) -> RightsRequest:
    """Withdrawal of consent to AI assessment, or objection (GDPR Art. 7(3), 21): human
    review only from now on; existing AI scores are kept as history, marked withdrawn,
    and no longer count anywhere. Scoring in flight sees the flag and stops."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.human_review_only:  # a second click, or two tabs: already withdrawn
        earlier = (
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
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="compliance.ai_assessment.withdrawn",
        target=invitation,
        data={"scores_withdrawn": withdrawn, "notice_version": NOTICE_VERSION},
    )
    _complete(request, actor=actor, scores_withdrawn=withdrawn)
    return request


@transaction.atomic
def explanation_request(*, invitation: Invitation) -> RightsRequest:
    """The explanation is generated at once from the records (see selectors)."""
    request = _new_request(invitation, RightsRequestKind.EXPLANATION)
    _complete(request, actor=CandidateActor(invitation))
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
    from .. import tasks

    transaction.on_commit(lambda: tasks.notify_admins_task.delay(request_id=request.pk))
    return request


# --- Staff: the queue ---------------------------------------------------------------------------


def ineligible_reviewers(invitation: Invitation) -> set[int]:
    """Users who decided on or overrode a score of this candidate: they cannot re-review."""
    org = invitation.organization
    deciders = (
        Decision.objects.for_organization(org)
        .filter(invitation=invitation)
        .values_list("decided_by_id", flat=True)
    )
    overriders = (
        ScoreOverride.objects.for_organization(org)
        .filter(score__answer__invitation=invitation, overridden_by__isnull=False)
        .values_list("overridden_by_id", flat=True)
    )
    return set(deciders) | set(overriders)


@transaction.atomic
def contest_assign(*, request: RightsRequest, actor: Actor, reviewer: Membership) -> RightsRequest:
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != RightsRequestKind.CONTEST or not request.is_open:
        raise DomainError("Only an open contest is assigned to a re-reviewer.")
    if reviewer.organization_id != request.organization_id:
        raise DomainError("Choose a member of your organisation.")
    if request.invitation and reviewer.user_id in ineligible_reviewers(request.invitation):
        raise DomainError(
            "This person decided on or overrode this candidate's assessment: the re-review "
            "must be done by someone else."
        )
    request.assigned_to = reviewer.user
    request.status = RightsRequestStatus.IN_PROGRESS
    request.save(update_fields=["assigned_to", "status", "updated_at"])
    audit.record(
        organization=request.organization,
        actor=actor,
        action="compliance.rights_request.assigned",
        target=request,
        data={"reviewer": str(reviewer.public_id)},
    )
    return request


@transaction.atomic
def contest_resolve(
    *, request: RightsRequest, actor: Actor, outcome: str, reason: str
) -> RightsRequest:
    """The re-reviewer's outcome: the candidate is told by email."""
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != RightsRequestKind.CONTEST or not request.is_open:
        raise DomainError("This contest is not open.")
    if request.assigned_to_id is None or request.assigned_to_id != getattr(actor, "pk", None):
        raise DomainError("Only the assigned re-reviewer records the outcome.")
    if request.invitation and actor.pk in ineligible_reviewers(request.invitation):
        # They decided or overrode meanwhile: the review is no longer independent.
        raise DomainError(
            "You decided on or overrode this candidate's assessment since the assignment: "
            "ask an admin to assign someone else."
        )
    if outcome not in ContestOutcome.values:
        raise DomainError("Say whether the assessment is upheld or changed.")
    reason = audit.reason_check(reason)
    if not reason:
        raise DomainError("Give the reason for the outcome: the candidate reads it.")
    request.outcome = outcome
    request.outcome_reason = reason
    request.resolved_by = actor
    request.save(update_fields=["outcome", "outcome_reason", "resolved_by", "updated_at"])
    audit.record(
        organization=request.organization,
        actor=actor,
        action="compliance.rights_request.resolved",
        target=request,
        data={"outcome": outcome, "reason": reason},
    )
    _complete(request, actor=actor, outcome=outcome)
    from .. import tasks

    transaction.on_commit(lambda: tasks.send_contest_outcome_task.delay(request_id=request.pk))
    return request


@transaction.atomic
def erasure_retry(*, request: RightsRequest, actor: Actor) -> RightsRequest:
    """Try a held erasure again (after the legal hold was released)."""
    if request.kind != RightsRequestKind.ERASURE or request.status != RightsRequestStatus.ON_HOLD:
        raise DomainError("Only an erasure on hold can be tried again.")
    audit.record(
        organization=request.organization,
        actor=actor,
        action="compliance.rights_request.retried",
        target=request,
    )
    from ..tasks import erase_candidate_task

    transaction.on_commit(lambda: erase_candidate_task.delay(request_id=request.pk))
    return request


REMIND_DAYS_BEFORE = 7


def rights_requests_remind_due() -> int:
    """Remind the admins of each open request due within a week, once: the reminder is
    claimed with a conditional UPDATE, so a restarted or doubled beat never sends twice."""
    from ..tasks import erase_candidate_task

    today = timezone.localdate()
    due = RightsRequest.objects.filter(
        status__in=OPEN_REQUEST_STATUSES,
        reminded_at__isnull=True,
        due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("organization")
    sent = 0
    for request in due:
        with transaction.atomic():
            claimed = RightsRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            events.publish(
                events.Event(
                    organization=request.organization,
                    actor=RIGHTS,
                    action="compliance.rights_request.reminded",
                    target=request,
                    data={"due_on": request.due_on.isoformat()},
                    payload={"request": str(request.public_id)},
                )
            )
            from .. import tasks

            transaction.on_commit(
                lambda pk=request.pk: tasks.notify_admins_task.delay(request_id=pk, reminder=True)
            )
        sent += 1
    # Held erasures are tried again at each run: a released hold lets them finish.
    for pk in RightsRequest.objects.filter(
        kind=RightsRequestKind.ERASURE, status=RightsRequestStatus.ON_HOLD
    ).values_list("pk", flat=True):
        erase_candidate_task.delay(request_id=pk)
    return sent
