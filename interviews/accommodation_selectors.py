"""Reads of candidates' adjustments: what a candidate's interview allows, and the
requests recruiters answer. Never used by review pages a hiring manager sees, the scorer
or the bias report: an adjustment is between the candidate and the recruiters."""

import math
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from palantrix.models import Organization

from .models import (
    EXTRA_TIME_CHOICES,
    Accommodation,
    AccommodationKind,
    AccommodationStatus,
    AnswerKind,
    Invitation,
    Job,
    Question,
)


@dataclass(frozen=True)
class Adjustments:
    """What the granted adjustments change in one invitation's interview."""

    extra_time_percent: int = 0
    written: bool = False

    def seconds(self, seconds: int) -> int:
        """A think or answer time with the extra time granted."""
        return math.ceil(seconds * (100 + self.extra_time_percent) / 100)

    def kind(self, question: Question) -> str:
        """How the candidate answers: a recorded question in writing, once granted."""
        if self.written and question.kind == AnswerKind.VIDEO:
            return AnswerKind.WRITTEN
        return question.kind


def adjustments_for(*, invitation: Invitation) -> Adjustments:
    granted = Accommodation.objects.filter(
        invitation_id=invitation.pk, status=AccommodationStatus.GRANTED
    )
    percents = [
        a.extra_time_percent or 0 for a in granted if a.kind == AccommodationKind.EXTRA_TIME
    ]
    return Adjustments(
        extra_time_percent=max(percents, default=0),
        written=any(a.kind == AccommodationKind.WRITTEN for a in granted),
    )


def invitation_accommodations(*, invitation: Invitation) -> QuerySet[Accommodation]:
    return (
        Accommodation.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("decided_by")
        .order_by("created_at")
    )


def accommodation_get(*, organization: Organization, public_id) -> Accommodation:
    return get_object_or_404(
        Accommodation.objects.select_related("invitation__job"),
        organization=organization,
        public_id=public_id,
    )


def accommodation_list(
    *, organization: Organization, job: Job | None = None, pending_only: bool = True
) -> QuerySet[Accommodation]:
    """Requests of the organisation (or one job), oldest pending first."""
    rows = (
        Accommodation.objects.for_organization(organization)
        .filter(requested_by_candidate=True)
        .select_related("invitation__job", "decided_by")
    )
    if job is not None:
        rows = rows.filter(invitation__job=job)
    if pending_only:
        return rows.filter(status=AccommodationStatus.PENDING).order_by("created_at")
    return rows.order_by("-created_at")


def accommodation_panel(*, invitation: Invitation) -> dict:
    """What a candidate's page shows a recruiter of their adjustments (the template
    interviews/accommodations/_panel.html)."""
    return {
        "accommodations": list(invitation_accommodations(invitation=invitation)),
        "extra_time_choices": EXTRA_TIME_CHOICES,
        "accommodation_kinds": AccommodationKind.choices,
    }
