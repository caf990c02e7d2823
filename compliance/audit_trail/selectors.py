"""Which audit events a page shows: all through the organisation's own log."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from compliance.models import RightsRequest
from interviews.models import (
    Answer,
    Consent,
    Decision,
    Invitation,
    Job,
    LiveInterview,
    ShareLink,
)
from palantrix.models import ActorType, AuditEvent, Organization
from scoring.models import Rating, Score, ScoreOverride, Transcript


def organization_events(*, organization: Organization) -> QuerySet[AuditEvent]:
    """The one way into the log for these pages: one organisation's chain."""
    return AuditEvent.objects.filter(organization=organization).annotate(
        ref_invitation=KT("data__invitation"),
        ref_interview=KT("data__interview"),
        ref_answer=KT("data__answer"),
        ref_job=KT("data__job"),
    )


def _ids(rows: QuerySet[Model]) -> QuerySet[Model, dict[str, Any]]:
    """Public ids as the log stores them (text), as a subquery."""
    # The plugin cannot type `values()` of an annotation on a model not known here.
    ids: QuerySet[Model, dict[str, Any]] = rows.annotate(
        ref=Cast("public_id", output_field=CharField())
    ).values("ref")
    return ids


def about_candidates(invitations: QuerySet[Invitation]) -> Q:
    """Events about these candidates: their invitation or any row of theirs as the target,
    the candidate as the actor, or an id of theirs in the event's data."""
    organization_rows = invitations.values("organization")
    answers = Answer.objects.filter(invitation__in=invitations)
    targets = [
        invitations,
        answers,
        Transcript.objects.filter(answer__in=answers),
        Score.objects.filter(answer__in=answers),
        ScoreOverride.objects.filter(score__answer__in=answers),
        Rating.objects.filter(answer__in=answers),
        Decision.objects.filter(invitation__in=invitations),
        ShareLink.objects.filter(invitation__in=invitations),
        LiveInterview.objects.filter(invitation__in=invitations),
        Consent.objects.filter(invitation__in=invitations),
        RightsRequest.objects.filter(
            organization__in=organization_rows, invitation_ref__in=invitations.values("public_id")
        ),
    ]
    found = Q(target_id__in=_ids(targets[0]))
    for rows in targets[1:]:
        found |= Q(target_id__in=_ids(rows))
    candidate = _ids(invitations)
    return (
        found
        | Q(actor_type=ActorType.CANDIDATE, actor_id__in=candidate)
        | Q(ref_invitation__in=candidate)
        | Q(ref_interview__in=candidate)
        | Q(ref_answer__in=_ids(answers))
    )


def candidate_timeline(*, invitation: Invitation) -> QuerySet[AuditEvent]:
    """Every event about one candidate, in the order they happened."""
    organization = invitation.organization
    one = Invitation.objects.for_organization(organization).filter(pk=invitation.pk)
    return (
        organization_events(organization=organization)
        .filter(about_candidates(one))
        .order_by("sequence")
    )


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""  # a full code, or a prefix of whole parts ("scoring.score")
    actor_type: str = ""
    actor_id: str = ""
    since: date | None = None  # from the start of this day (UTC)
    until: date | None = None  # to the end of this day (UTC)
    job: Job | None = None
    candidate: UUID | None = None

    def as_audit_data(self) -> dict[str, str]:
        """The filter as the export's audit event records it: codes, ids and dates."""
        return {
            key: value
            for key, value in {
                "action": self.action,
                "actor_type": self.actor_type,
                "actor_id": self.actor_id,
                "since": self.since.isoformat() if self.since else "",
                "until": self.until.isoformat() if self.until else "",
                "job": str(self.job.public_id) if self.job else "",
                "candidate": str(self.candidate) if self.candidate else "",
            }.items()
            if value
        }


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_fixed_timezone(0))


def audit_event_search(*, organization: Organization, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The organisation's events matching every filter given, newest first."""
    events = organization_events(organization=organization)
    if filters.action:
        events = events.filter(
            Q(action=filters.action) | Q(action__startswith=f"{filters.action}.")
        )
    if filters.actor_type:
        events = events.filter(actor_type=filters.actor_type)
    if filters.actor_id:
        events = events.filter(actor_id=filters.actor_id)
    if filters.since:
        events = events.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(created_at__lt=_day_start(filters.until + timedelta(days=1)))
    if filters.job is not None:
        job_invitations = Invitation.objects.for_organization(organization).filter(job=filters.job)
        job_id = str(filters.job.public_id)
        events = events.filter(
            Q(target_id=job_id) | Q(ref_job=job_id) | about_candidates(job_invitations)
        )
    if filters.candidate is not None:
        one = Invitation.objects.for_organization(organization).filter(public_id=filters.candidate)
        events = events.filter(about_candidates(one))
    return events.order_by("-sequence")


def actions_recorded(*, organization: Organization) -> list[str]:
    """The action codes this organisation's log holds, for the filter's choices."""
    return list(
        AuditEvent.objects.filter(organization=organization)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
