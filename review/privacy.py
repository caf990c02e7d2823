"""What the review app does with a candidate's data when compliance asks (palantrix.privacy):
reviewers' overrides, ratings and decisions, share links and live interviews.

Their rows are still models of the interviews and scoring apps (docs/architecture.md,
"Where the records live"); what happens to them is review's to say."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import OuterRef, Subquery

from interviews.models import Decision, Invitation, LiveInterview, ShareLink
from palantrix.models import Membership, Organization
from palantrix.privacy import CandidateCopy, when
from scoring.models import Rating, ScoreOverride

from .models import Comment, Notification

PURGED_REASON = "Deleted with the candidate's data."

CANDIDATE_DATA = {
    "scoring.ScoreOverride": "deleted with its score (the reason may name the candidate)",
    "scoring.Rating": "deleted with its answer, the reviewer's comment with it",
    # Bias reports count the outcomes; the free text goes.
    "interviews.Decision": "blanked: the outcome and who decided stay, the reason goes",
    "interviews.ShareLink": "deleted: nothing is left to show",
    # The funnel counts the slot.
    "interviews.LiveInterview": "blanked: where, with whom and who was emailed go",
    # The team's comments on the candidate, and notifications about them (the audit chain
    # has only their ids).
    "review.Comment": "deleted",
    "review.Notification": "deleted",
}

HIRING_TEAM = "a member of the hiring team"
FORMER_MEMBER = "a former team member"


def role_of(organization: Organization, user: User | None) -> str:
    """The role (never the name) of the person who decided or overrode."""
    if user is None:
        return HIRING_TEAM
    membership = Membership.objects.for_organization(organization).filter(user=user).first()
    return str(membership.get_role_display()).lower() if membership else FORMER_MEMBER


def candidate_export(*, invitation: Invitation, copy: CandidateCopy) -> None:
    """Adds the overrides to each score, the ratings to each answer and the decisions,
    with the role of who made them, in a fixed number of queries."""
    organization = invitation.organization
    roles: dict[int, str] = {
        m.user_id: str(m.get_role_display()).lower()
        for m in Membership.objects.for_organization(organization)
    }

    def role(user_id: int | None) -> str:  # as role_of says it, without a query per row
        if user_id is None:
            return HIRING_TEAM
        return roles.get(user_id, FORMER_MEMBER)

    scores = copy.parts("scoring.score")
    overrides: dict[Any, list[dict[str, Any]]] = {pk: [] for pk in scores}
    for o in (
        ScoreOverride.objects.for_organization(organization)
        .filter(score__answer__invitation=invitation)
        .order_by("created_at")
    ):
        overrides.setdefault(o.score_id, []).append(
            {
                "from": o.previous,
                "to": o.value,
                "reason": o.reason,
                "by_role": role(o.overridden_by_id),
                "at": when(o.created_at),
            }
        )
    for pk, score in scores.items():
        score["overrides"] = overrides[pk]

    answers = copy.parts("interviews.answer")
    ratings: dict[Any, list[dict[str, Any]]] = {pk: [] for pk in answers}
    for r in (
        Rating.objects.for_organization(organization)
        .filter(answer__invitation=invitation)
        .order_by("created_at")
    ):
        ratings.setdefault(r.answer_id, []).append({"value": r.value, "comment": r.comment})
    for pk, answer in answers.items():
        answer["reviewer_ratings"] = ratings[pk]

    copy.add(
        "decisions",
        [
            {
                "outcome": d.outcome,
                "reason": d.reason,
                "decided_by_role": role(d.decided_by_id),
                "at": when(d.created_at),
            }
            for d in Decision.objects.for_organization(organization)
            .filter(invitation=invitation)
            .order_by("created_at")
        ],
    )
    comments = Comment.objects.for_organization(organization).filter(invitation=invitation)
    copy.add(
        "comments",
        [
            {
                "id": str(comment.public_id),
                "reply_to": str(comment.parent.public_id) if comment.parent else None,
                "author_role": role(comment.author_id),
                "text": comment.body,
                "at": when(comment.created_at),
                "edited_at": when(comment.edited_at),
                "deleted_at": when(comment.deleted_at),
            }
            for comment in comments.select_related("parent").order_by("created_at", "pk")
        ],
    )


def candidate_activity(*, organization: Organization) -> dict[str, Any]:
    """The candidate's latest decision and live interview."""
    decisions = Decision.objects.for_organization(organization).filter(invitation=OuterRef("pk"))
    live = LiveInterview.objects.for_organization(organization).filter(invitation=OuterRef("pk"))
    return {
        "last_decision": Subquery(decisions.order_by("-created_at").values("created_at")[:1]),
        "last_live": Subquery(live.order_by("-starts_at").values("starts_at")[:1]),
    }


def candidate_erase(*, invitation: Invitation) -> int:
    organization = invitation.organization
    notifications = Notification.objects.for_organization(organization)
    changed = notifications.filter(invitation=invitation).delete()[0]
    comments = Comment.objects.for_organization(organization).filter(invitation=invitation)
    changed += comments.delete()[0]
    decisions = Decision.objects.for_organization(organization).filter(invitation=invitation)
    changed += decisions.update(reason=PURGED_REASON)
    links = ShareLink.objects.for_organization(organization).filter(invitation=invitation)
    changed += links.delete()[0]
    live = LiveInterview.objects.for_organization(organization).filter(invitation=invitation)
    return changed + live.update(location="", interviewers=[], emailed_to=[])
