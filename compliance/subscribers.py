"""What compliance does after its own changes commit (registered in ComplianceConfig)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from palantrix.models import Membership, OutboxMessage, Role
from review.models import NotificationKind
from review.services import notifications

from .models import RightsRequest


def on_rights_request_reminded(message: OutboxMessage) -> None:
    """A request falls due within a week: the admins and its re-reviewer are notified."""
    organization = message.organization
    if organization is None:  # every reminder is an organisation's: none to look up
        return
    request = (
        RightsRequest.objects.for_organization(organization)
        .select_related("invitation", "invitation__job")
        .filter(public_id=message.payload["request"])
        .first()
    )
    if request is None:
        return
    admins = Membership.objects.for_organization(organization).filter(role=Role.ADMIN)
    ids = set(admins.values_list("user_id", flat=True))
    if request.assigned_to_id:
        ids.add(request.assigned_to_id)
    job = request.invitation.job.title if request.invitation else "an erased application"
    notifications.notify(
        organization=organization,
        recipients=get_user_model().objects.filter(pk__in=ids),
        kind=NotificationKind.REQUEST_DUE,
        source=message.public_id,
        text=f"A candidate's request ({request.get_kind_display().lower()}, {job}) is due "
        f"on {request.due_on:%d %B %Y}",
        path=reverse(
            "rights_request_detail",
            kwargs={"org": organization.slug, "request_id": request.public_id},
        ),
        invitation=request.invitation,
    )
