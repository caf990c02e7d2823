"""Comments on a candidate: threads, @mentions of members, a 10-minute edit window, and
deletions that leave a trace. Audited by ids only; the text is the candidate's data
(exported with it and erased with it), never the audit chain's."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from interviews.models import Answer, Invitation
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError, InvalidField
from palantrix.models import Membership, Role
from scoring.models import Rating

from ..models import Comment

MAX_LENGTH = 4000
# "@hana" (the part of a member's address before the @) or "@hana@acme.test".
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def comments_visible(*, invitation: Invitation, user) -> bool:
    """Members see a candidate's comments; on a blind-first-review job only once they rated
    every answer themselves (others' views would anchor theirs, as ratings would)."""
    if not invitation.job.blind_first_review:
        return True
    answers = Answer.objects.for_organization(invitation.organization).filter(invitation=invitation)
    rated = Rating.objects.for_organization(invitation.organization).filter(
        answer__in=answers, reviewer=user
    )
    return answers.exists() and rated.values("answer").distinct().count() == answers.count()


def _check_visible(invitation: Invitation, user) -> None:
    if not comments_visible(invitation=invitation, user=user):
        raise DomainError("Rate every answer first: on this job comments show after that.")


def mentioned_members(*, invitation: Invitation, body: str) -> list[int]:
    """User ids of the members named in `body` ("@hana" or "@hana@acme.test")."""
    names = {name.lower() for name in MENTION.findall(body)}
    if not names:
        return []
    members = get_user_model().objects.filter(
        pk__in=Membership.objects.for_organization(invitation.organization).values("user_id")
    )
    found = []
    for user in members:
        email = user.email.lower()
        if email in names or email.partition("@")[0] in names:
            found.append(user.pk)
    return sorted(found)


def _clean(body: str) -> str:
    body = body.strip()
    if not body:
        raise InvalidField("body", "Write something first.")
    if len(body) > MAX_LENGTH:
        raise InvalidField("body", f"Keep a comment under {MAX_LENGTH} characters.")
    return body


@transaction.atomic
def comment_post(
    *, invitation: Invitation, actor: Actor, body: str, parent: Comment | None = None
) -> Comment:
    _check_visible(invitation, actor)
    body = _clean(body)
    if parent is not None:
        if parent.invitation_id != invitation.pk:
            raise DomainError("Reply on the same candidate.")
        parent = parent.parent or parent  # threads stay one level deep
    mentions = [pk for pk in mentioned_members(invitation=invitation, body=body) if pk != actor.pk]
    comment = Comment.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        parent=parent,
        author=actor,
        body=body,
        mentions=mentions,
    )
    events.publish(
        events.Event(
            organization=invitation.organization,
            actor=actor,
            action="review.comment.posted",
            target=comment,
            data={
                "interview": str(invitation.public_id),
                "mentions": len(mentions),
                **({"reply_to": str(parent.public_id)} if parent else {}),
            },
            payload={
                "comment": str(comment.public_id),
                "interview": str(invitation.public_id),
                "mentioned": mentions,
            },
        )
    )
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, actor: Actor, body: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != actor.pk or comment.deleted_at is not None:
        raise DomainError("Only its author can edit a comment.")
    if timezone.now() > comment.created_at + timedelta(minutes=Comment.EDIT_MINUTES):
        raise DomainError(f"A comment can be edited for {Comment.EDIT_MINUTES} minutes only.")
    comment.body = _clean(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    audit.record(
        organization=comment.organization,
        actor=actor,
        action="review.comment.edited",
        target=comment,
        data={"interview": str(comment.invitation.public_id)},
    )
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: Actor, role: str) -> Comment:
    """The author or an admin takes the text away; the row stays as a trace."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.deleted_at is not None:
        return comment
    if comment.author_id != actor.pk and role != Role.ADMIN:
        raise DomainError("Only its author or an admin can delete a comment.")
    comment.body, comment.mentions = "", []
    comment.deleted_at, comment.deleted_by = timezone.now(), actor
    comment.save(update_fields=["body", "mentions", "deleted_at", "deleted_by", "updated_at"])
    audit.record(
        organization=comment.organization,
        actor=actor,
        action="review.comment.deleted",
        target=comment,
        data={"interview": str(comment.invitation.public_id)},
    )
    return comment
