"""Staff answers in the request queue: assigning and resolving contests, retrying a held
erasure, and the reminders of requests that fall due."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Membership, user_or_none

from .. import tasks
from ..models import (
    OPEN_REQUEST_STATUSES,
    ContestOutcome,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)
from .requests import complete_request
from .rules import RIGHTS, ineligible_reviewers


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
    # The actor is the assigned re-reviewer (checked above).
    if request.invitation and request.assigned_to_id in ineligible_reviewers(request.invitation):
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
    request.resolved_by = user_or_none(actor)  # the assigned re-reviewer, a user
    request.save(update_fields=["outcome", "outcome_reason", "resolved_by", "updated_at"])
    audit.record(
        organization=request.organization,
        actor=actor,
        action="compliance.rights_request.resolved",
        target=request,
        data={"outcome": outcome, "reason": reason},
    )
    complete_request(request, actor=actor, outcome=outcome)
    events.later(
        "compliance.send_contest_outcome", organization=request.organization, request_id=request.pk
    )
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
    events.later(
        "compliance.erase_candidate", organization=request.organization, request_id=request.pk
    )
    return request


REMIND_DAYS_BEFORE = 7


def rights_requests_remind_due() -> int:
    """Remind the admins of each open request due within a week, once: the reminder is
    claimed with a conditional UPDATE, so a restarted or doubled beat never sends twice."""
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
            events.later(
                "compliance.notify_rights_admins",
                organization=request.organization,
                request_id=request.pk,
                reminder=True,
            )
        sent += 1
    # Held erasures are tried again at each run: a released hold lets them finish.
    for pk in RightsRequest.objects.filter(
        kind=RightsRequestKind.ERASURE, status=RightsRequestStatus.ON_HOLD
    ).values_list("pk", flat=True):
        tasks.erase_candidate_task.delay(request_id=pk)
    return sent
