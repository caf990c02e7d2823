"""What the review app holds about a candidate, for their copy (palantrix.privacy).

Erasure deletes the comments and notifications about the candidate (compliance's purge
rules); the audit chain has only their ids."""

from typing import Any

from palantrix.models import Membership

from .models import Comment


def candidate_export(*, invitation) -> dict[str, Any]:
    roles = dict(
        Membership.objects.for_organization(invitation.organization).values_list("user_id", "role")
    )
    comments = Comment.objects.for_organization(invitation.organization).filter(
        invitation=invitation
    )
    return {
        "comments": [
            {
                "id": str(comment.public_id),
                "reply_to": str(comment.parent.public_id) if comment.parent else None,
                "author_role": roles.get(comment.author_id, "former member"),
                "text": comment.body,
                "at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
                "deleted_at": comment.deleted_at.isoformat() if comment.deleted_at else None,
            }
            for comment in comments.select_related("parent").order_by("created_at", "pk")
        ]
    }
