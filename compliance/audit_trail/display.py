"""What people read of an audit event: a label for its code, and who acted.

The log holds ids; a member's name is looked up at reading time, and only among the
members of the organisation whose log it is (a user who left shows as an id)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from palantrix.models import ActorType, AuditEvent, Membership, Organization

# Codes whose last two parts do not read well on their own; the rest read as
# "<entity> <verb>" ("interviews.share_link.viewed": "Share link viewed").
LABELS = {
    "api.media_url.issued": "Recording link issued (API)",
    "compliance.ai_assessment.withdrawn": "AI assessment withdrawn by the candidate",
    "compliance.ai_scoring.resumed": "AI scoring resumed",
    "compliance.audit_log.exported": "Audit log exported (CSV)",
    "compliance.candidate.purged": "Candidate's data erased",
    "compliance.explanation.viewed": "Explanation of the scores viewed",
    "compliance.instructions.acknowledged": "Instructions for use read",
    "compliance.overseer.granted": "Made an overseer",
    "compliance.readiness.recorded": "Readiness for AI scoring recorded",
    "interviews.answer.chosen": "Choice question answered",
    "interviews.answer.knockout_flagged": "Knock-out answer flagged for a person to check",
    "interviews.answer.submitted": "Answer submitted",
    "interviews.candidate.decided": "Decision recorded",
    "interviews.candidate.viewed": "Candidate's answers viewed",
    "interviews.consent.given": "Consent given",
    "interviews.interview.completed": "Interview completed",
    "interviews.job.ai_scoring_resumed": "AI scoring resumed for the job",
    "interviews.questions.drawn": "Questions drawn from pools",
    "palantrix.invitation.revoked": "Team invitation revoked",
    "palantrix.member.invited": "Teammate invited",
    "palantrix.member.joined": "Teammate joined",
    "palantrix.member.removed": "Teammate removed",
    "palantrix.member.role_changed": "Teammate's role changed",
    "scoring.answer.needs_review": "Sent to human review",
    "scoring.answer.rated": "Answer rated by a reviewer",
    "scoring.answer.requeued": "Processing queued again",
    "scoring.answer.scored": "Answer scored by the AI",
    "scoring.rescore.requested": "Re-scoring requested",
    "scoring.score.overridden": "AI score overridden",
    "scoring.transcript.corrected": "Transcript corrected",
    "scoring.transcript.created": "Transcript made",
}


def label(action: str) -> str:
    if action in LABELS:
        return LABELS[action]
    parts = action.split(".")
    if len(parts) < 3:
        return action
    words = f"{parts[-2]} {parts[-1]}".replace("_", " ")
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Actor:
    kind: str  # "Admin", "Recruiter", "Candidate", "System", ...
    name: str  # a member's name (same organisation only), else ""
    ref: str  # the id the log holds


def _members(organization: Organization, user_ids: set[str]) -> dict[str, Membership]:
    numbers = [int(i) for i in user_ids if i.isdigit()]
    return {
        str(m.user_id): m
        for m in Membership.objects.for_organization(organization)
        .filter(user_id__in=numbers)
        .select_related("user")
    }


def _actor(event: AuditEvent, members: dict[str, Membership]) -> Actor:
    if event.actor_type == ActorType.USER:
        member = members.get(event.actor_id)
        if member is None:
            return Actor("Former member or staff", "", f"user {event.actor_id}")
        name = member.user.get_full_name() or member.user.email
        return Actor(member.get_role_display(), name, f"user {event.actor_id}")
    if event.actor_type == ActorType.CANDIDATE:
        return Actor("Candidate", "", event.actor_id)
    if event.actor_type == ActorType.API_KEY:
        return Actor("API key", "", event.actor_id)
    return Actor("System", "", event.actor_id)


def _details(data: Any) -> list[tuple[str, str]]:
    if not isinstance(data, dict):
        return []
    return [
        (
            key.replace("_", " "),
            ", ".join(map(str, value)) if isinstance(value, list) else str(value),
        )
        for key, value in data.items()
        if key != "reason"
    ]


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    label: str
    actor: Actor
    reason: str
    details: list[tuple[str, str]]


def rows(*, organization: Organization, events: Iterable[AuditEvent]) -> list[Row]:
    """The events as people read them (one query for the members, whatever the number)."""
    events = list(events)
    members = _members(organization, {e.actor_id for e in events if e.actor_type == ActorType.USER})
    return [
        Row(
            event=event,
            label=label(event.action),
            actor=_actor(event, members),
            reason=str(event.data.get("reason", "")) if isinstance(event.data, dict) else "",
            details=_details(event.data),
        )
        for event in events
    ]
