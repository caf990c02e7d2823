"""Reads of notifications, follows and comments for the member asking."""

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from interviews.models import Invitation, Job
from palantrix.models import Organization
from palantrix.tenancy import tenant_get

from .models import Comment, JobFollower, Notification


def notification_list(*, organization: Organization, user, limit: int = 100) -> list:
    return list(
        Notification.objects.for_organization(organization)
        .filter(recipient=user)
        .order_by("-created_at", "-pk")[:limit]
    )


def notification_unread_count(*, organization: Organization, user) -> int:
    return (
        Notification.objects.for_organization(organization)
        .filter(recipient=user, read_at__isnull=True)
        .count()
    )


def notification_get(*, organization: Organization, user, public_id: UUID) -> Notification:
    """One of the member's own notifications (another member's is a 404, like another
    organisation's)."""
    notification = tenant_get(Notification, organization=organization, public_id=public_id)
    if notification.recipient_id != user.pk:
        raise Http404("No such notification.")
    return notification


def is_following(*, job: Job, user) -> bool:
    row = JobFollower.objects.for_organization(job.organization).filter(job=job, user=user).first()
    if row is not None:
        return row.following
    return job.created_by_id == user.pk


def comment_get(*, organization: Organization, public_id: UUID) -> Comment:
    return tenant_get(Comment, organization=organization, public_id=public_id)


def comment_threads(*, invitation: Invitation) -> QuerySet[Comment]:
    """Top-level comments, oldest first, each with its replies."""
    return (
        Comment.objects.for_organization(invitation.organization)
        .filter(invitation=invitation, parent__isnull=True)
        .select_related("author", "deleted_by")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.select_related("author", "deleted_by").order_by(
                    "created_at", "pk"
                ),
            )
        )
    )
