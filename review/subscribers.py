"""What the review app does when others publish: it tells the members who follow (the
notifications), after the change committed. Registered in ReviewConfig.ready()."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from interviews.models import Answer, Invitation
from palantrix.models import OutboxMessage

from .models import NotificationKind
from .services import comments, notifications


def _invitation(message: OutboxMessage) -> Invitation | None:
    return (
        Invitation.objects.for_organization(message.organization)
        .select_related("job", "organization")
        .filter(public_id=message.payload["interview"])
        .first()
    )


def _candidate_path(invitation: Invitation) -> str:
    return reverse(
        "candidate_detail",
        kwargs={"org": invitation.organization.slug, "invitation_id": invitation.public_id},
    )


def on_interview_completed(message: OutboxMessage) -> None:
    invitation = _invitation(message)
    if invitation is None:
        return
    notifications.notify(
        organization=invitation.organization,
        recipients=notifications.job_followers(invitation.job),
        kind=NotificationKind.COMPLETED,
        source=message.public_id,
        text=f"{invitation.name} completed the interview for {invitation.job.title}",
        path=_candidate_path(invitation),
        invitation=invitation,
        job=invitation.job,
    )


def on_answer_needs_review(message: OutboxMessage) -> None:
    invitation = _invitation(message)
    answer = (
        Answer.objects.for_organization(message.organization)
        .filter(public_id=message.payload["answer"])
        .select_related("question")
        .first()
    )
    if invitation is None or answer is None:
        return
    notifications.notify(
        organization=invitation.organization,
        recipients=notifications.job_followers(invitation.job),
        kind=NotificationKind.NEEDS_REVIEW,
        source=message.public_id,
        text=f"An answer of {invitation.name} ({invitation.job.title}) needs human review",
        path=f"{_candidate_path(invitation)}#answer-{answer.public_id}",
        invitation=invitation,
        job=invitation.job,
    )


def on_comment_posted(message: OutboxMessage) -> None:
    """Members mentioned who may see the candidate's comments are told."""
    invitation = _invitation(message)
    if invitation is None:
        return
    mentioned = get_user_model().objects.filter(pk__in=message.payload["mentioned"])
    notifications.notify(
        organization=invitation.organization,
        recipients=[
            user
            for user in mentioned
            if comments.comments_visible(invitation=invitation, user=user)
        ],
        kind=NotificationKind.MENTIONED,
        source=message.public_id,
        text=f"You were mentioned in a comment on {invitation.name} ({invitation.job.title})",
        path=f"{_candidate_path(invitation)}#comments",
        invitation=invitation,
        job=invitation.job,
    )
