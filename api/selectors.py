"""Reads for the API and its settings pages; the organisation comes first."""

from datetime import datetime
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet

from interviews.models import Invitation, Job, Question, QuestionSet
from palantrix.models import AuditEvent, Membership, Organization
from palantrix.tenancy import tenant_get
from review.selectors import candidate_answers

from .models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookEndpoint


def api_key_list(*, organization: Organization) -> QuerySet[ApiKey]:
    return ApiKey.objects.for_organization(organization).select_related("created_by")


def api_key_get(*, organization: Organization, public_id: UUID) -> ApiKey:
    return tenant_get(ApiKey, organization=organization, public_id=public_id)


def webhook_endpoint_list(*, organization: Organization) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.for_organization(organization)


def webhook_endpoint_get(*, organization: Organization, public_id: UUID) -> WebhookEndpoint:
    return tenant_get(WebhookEndpoint, organization=organization, public_id=public_id)


def webhook_delivery_list(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.for_organization(endpoint.organization)
        .filter(endpoint=endpoint)
        .select_related("event")
        .order_by("-created_at")
    )


def webhook_delivery_get(*, organization: Organization, public_id: UUID) -> WebhookDelivery:
    return tenant_get(WebhookDelivery, organization=organization, public_id=public_id)


def webhook_attempts(*, deliveries) -> dict[int, list[WebhookAttempt]]:
    found: dict[int, list[WebhookAttempt]] = {delivery.pk: [] for delivery in deliveries}
    for attempt in WebhookAttempt.objects.filter(delivery__in=list(found)).order_by("number"):
        found[attempt.delivery_id].append(attempt)
    return found


def invitation_search(
    *,
    organization: Organization,
    job: UUID | None = None,
    status: str | None = None,
    email: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> QuerySet[Invitation]:
    invitations = Invitation.objects.for_organization(organization).select_related(
        "job", "question_set"
    )
    if job:
        invitations = invitations.filter(job__public_id=job)
    if status:
        invitations = invitations.filter(status=status)
    if email:
        invitations = invitations.filter(email__iexact=email)
    if created_after:
        invitations = invitations.filter(created_at__gte=created_after)
    if created_before:
        invitations = invitations.filter(created_at__lt=created_before)
    return invitations


def member_find(*, organization: Organization, who: str) -> Membership | None:
    """An active member by user id or email address (a disabled account acts for no one)."""
    members = (
        Membership.objects.for_organization(organization)
        .filter(user__is_active=True)
        .select_related("user")
    )
    condition = Q(user__email__iexact=who.strip())
    if who.strip().isdigit():
        condition |= Q(user__pk=int(who.strip()))
    return members.filter(condition).first()


def audit_event_list(
    *,
    organization: Organization,
    since: datetime | None = None,
    until: datetime | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(organization=organization)
    if since:
        events = events.filter(created_at__gte=since)
    if until:
        events = events.filter(created_at__lt=until)
    if action:
        # `interviews.invitation` matches every invitation event; a full code matches itself.
        events = events.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    return events


def question_sets_of(*, job: Job) -> QuerySet[QuestionSet]:
    return (
        QuestionSet.objects.for_organization(job.organization)
        .filter(job=job)
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .order_by("-number")
    )


def interview_answers(*, invitation: Invitation) -> QuerySet:
    """The reviewer page's answers, with what the API adds: overrides and profile ids."""
    return candidate_answers(invitation=invitation).prefetch_related(
        "active_scores__overrides", "active_scores__profile_version__profile"
    )
