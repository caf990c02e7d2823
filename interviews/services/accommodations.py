"""Adjustments of a candidate's interview: asked for by the candidate (or granted up front
by a recruiter), granted or declined by a recruiter with a reason the candidate reads.

Audit events hold ids, kinds and numbers only: what the candidate writes and the
recruiter's reason may touch on health, and stay on the row (shown to the two of them)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.errors import DomainError, InvalidField
from palantrix.models import user_or_none

from ..candidates import CandidateActor
from ..models import (
    EXTRA_TIME_CHOICES,
    Accommodation,
    AccommodationKind,
    AccommodationStatus,
    Invitation,
)
from .invitations import check_invitation_usable

MAX_DETAILS_CHARS = 2000
MAX_REASON_CHARS = 1000
PERCENTS = tuple(percent for percent, _ in EXTRA_TIME_CHOICES)


def _kind(kind: str) -> str:
    if kind not in AccommodationKind.values:
        raise InvalidField("kind", "Choose which adjustment you need.")
    return kind


def _percent(kind: str, extra_time_percent: int | None) -> int | None:
    if kind != AccommodationKind.EXTRA_TIME:
        return None
    if extra_time_percent not in PERCENTS:
        raise InvalidField(
            "extra_time_percent", "Choose how much more time: +25 %, +50 % or +100 %."
        )
    return extra_time_percent


def _data(accommodation: Accommodation, **extra: Any) -> dict[str, Any]:
    return {
        "invitation": str(accommodation.invitation.public_id),
        "kind": accommodation.kind,
        **extra,
    }


@transaction.atomic
def accommodation_request(*, invitation: Invitation, kind: str, details: str) -> Accommodation:
    """The candidate asks; the recruiters see it among the pending requests."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_usable(invitation)
    kind = _kind(kind)
    details = details.strip()
    if kind == AccommodationKind.OTHER and not details:
        raise InvalidField("details", "Tell us which adjustment you need.")
    if len(details) > MAX_DETAILS_CHARS:
        raise InvalidField("details", f"Please keep it under {MAX_DETAILS_CHARS} characters.")
    if invitation.accommodations.filter(kind=kind, status=AccommodationStatus.PENDING).exists():
        raise DomainError("You already asked for this adjustment: we will answer soon.")
    accommodation = Accommodation.objects.create(
        organization=invitation.organization, invitation=invitation, kind=kind, details=details
    )
    audit.record(
        organization=invitation.organization,
        actor=CandidateActor(invitation),
        action="interviews.accommodation.requested",
        target=accommodation,
        data=_data(accommodation),
    )
    return accommodation


@transaction.atomic
def accommodation_decide(
    *,
    accommodation: Accommodation,
    actor,
    grant: bool,
    reason: str,
    extra_time_percent: int | None = None,
) -> Accommodation:
    """Grant or decline a pending request; the candidate is emailed the outcome."""
    accommodation = (
        Accommodation.objects.select_for_update()
        .select_related("invitation")
        .get(pk=accommodation.pk)
    )
    if accommodation.status != AccommodationStatus.PENDING:
        raise DomainError("This request was already answered.")
    reason = reason.strip()
    if not reason:
        raise InvalidField("reason", "Give the candidate a reason: they read it.")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidField("reason", f"Keep the reason under {MAX_REASON_CHARS} characters.")
    accommodation.extra_time_percent = (
        _percent(accommodation.kind, extra_time_percent) if grant else None
    )
    accommodation.status = AccommodationStatus.GRANTED if grant else AccommodationStatus.DECLINED
    accommodation.decision_reason = reason
    accommodation.decided_by = user_or_none(actor)
    accommodation.decided_at = timezone.now()
    accommodation.save()
    audit.record(
        organization=accommodation.organization,
        actor=actor,
        action=f"interviews.accommodation.{accommodation.status}",
        target=accommodation,
        data=_data(accommodation, extra_time_percent=accommodation.extra_time_percent),
    )
    if accommodation.invitation.is_open:
        events.later(
            "interviews.send_accommodation_email",
            organization=accommodation.organization,
            accommodation_id=accommodation.pk,
        )
    return accommodation


@transaction.atomic
def accommodation_grant(
    *,
    invitation: Invitation,
    actor,
    kind: str,
    reason: str = "",
    extra_time_percent: int | None = None,
) -> Accommodation:
    """A recruiter grants an adjustment up front (the candidate sees it on their page)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_usable(invitation)
    kind = _kind(kind)
    percent = _percent(kind, extra_time_percent)
    reason = reason.strip()
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidField("reason", f"Keep the note under {MAX_REASON_CHARS} characters.")
    accommodation = Accommodation.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        kind=kind,
        status=AccommodationStatus.GRANTED,
        requested_by_candidate=False,
        extra_time_percent=percent,
        decision_reason=reason,
        decided_by=user_or_none(actor),
        decided_at=timezone.now(),
    )
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.accommodation.granted",
        target=accommodation,
        data=_data(accommodation, extra_time_percent=percent, up_front=True),
    )
    return accommodation
