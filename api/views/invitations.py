"""Invitations: one or many, listed with filters, resent, extended, revoked."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from interviews import selectors as interview_selectors
from interviews import services as interview_services
from palantrix.errors import DomainError

from .. import selectors, serializers
from ..idempotency import idempotent
from .base import IDEMPOTENCY, ApiView, ListView

# --- Invitations ------------------------------------------------------------------------------


class InvitationListApi(ListView):
    serializer_class = serializers.InvitationSerializer
    ordering_fields = ["created_at"]  # only what never changes keeps cursors stable

    @extend_schema(
        summary="List invitations",
        parameters=[serializers.InvitationFilter],
        responses=serializers.InvitationSerializer(many=True),
    )
    def get(self, request):
        invitations = selectors.invitation_search(
            organization=request.organization, **self.query(serializers.InvitationFilter)
        )
        return self.paginated(self.filter_queryset(invitations), serializers.InvitationSerializer)

    @extend_schema(
        summary="Invite a candidate (the invitation email goes out once)",
        parameters=[IDEMPOTENCY],
        request=serializers.InvitationInput,
        responses={201: serializers.InvitationSerializer},
    )
    @idempotent
    def post(self, request):
        data = serializers.InvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = _job_field(request, data.validated_data["job"])
        invitation = interview_services.invitation_send(
            job=job,
            actor=self.actor,
            name=data.validated_data["name"],
            email=data.validated_data["email"],
        )
        return Response(
            serializers.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED
        )


def _job_field(request, job_id):
    """A job named in the body: another organisation's job is a field error, like a typo."""
    try:
        return interview_selectors.job_get(organization=request.organization, public_id=job_id)
    except Http404 as error:
        raise exceptions.ValidationError({"job": ["No such job."]}) from error


class InvitationBulkApi(ApiView):
    serializer_class = serializers.InvitationBulkResult

    @extend_schema(
        summary="Invite up to 100 candidates; each row succeeds or fails on its own",
        parameters=[IDEMPOTENCY],
        request=serializers.InvitationBulkInput,
        responses={201: serializers.InvitationBulkResult},
    )
    @idempotent
    def post(self, request):
        data = serializers.InvitationBulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = _job_field(request, data.validated_data["job"])
        results = []
        for index, candidate in enumerate(data.validated_data["candidates"]):
            try:
                invitation = interview_services.invitation_send(
                    job=job, actor=self.actor, name=candidate["name"], email=candidate["email"]
                )
            except DomainError as error:
                results.append({"index": index, "invitation": None, "error": str(error)})
            else:
                results.append({"index": index, "invitation": invitation, "error": None})
        sent = sum(1 for row in results if row["error"] is None)
        body = {"sent": sent, "failed": len(results) - sent, "results": results}
        return Response(serializers.InvitationBulkResult(body).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(ApiView):
    serializer_class = serializers.InvitationSerializer

    @extend_schema(summary="Read an invitation")
    def get(self, request, invitation_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=invitation_id
        )
        return Response(serializers.InvitationSerializer(invitation).data)


class InvitationResendApi(ApiView):
    serializer_class = serializers.InvitationSerializer

    @extend_schema(
        summary="Send the invitation email again",
        parameters=[IDEMPOTENCY],
        request=None,
        responses={200: serializers.InvitationSerializer},
    )
    @idempotent
    def post(self, request, invitation_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=invitation_id
        )
        invitation = interview_services.invitation_resend(invitation=invitation, actor=self.actor)
        return Response(serializers.InvitationSerializer(invitation).data)


class InvitationExtendApi(ApiView):
    serializer_class = serializers.InvitationSerializer

    @extend_schema(
        summary="Move the deadline (reopens an expired invitation); the candidate is emailed",
        parameters=[IDEMPOTENCY],
        request=serializers.ExtendInput,
        responses={200: serializers.InvitationSerializer},
    )
    @idempotent
    def post(self, request, invitation_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=invitation_id
        )
        data = serializers.ExtendInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = interview_services.invitation_extend(
            invitation=invitation, actor=self.actor, deadline=data.validated_data["deadline"]
        )
        return Response(serializers.InvitationSerializer(invitation).data)


class InvitationRevokeApi(ApiView):
    serializer_class = serializers.InvitationSerializer

    @extend_schema(
        summary="Revoke an open invitation",
        parameters=[IDEMPOTENCY],
        request=serializers.RevokeInput,
        responses={200: serializers.InvitationSerializer},
    )
    @idempotent
    def post(self, request, invitation_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=invitation_id
        )
        data = serializers.RevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = interview_services.invitation_revoke(
            invitation=invitation, actor=self.actor, reason=data.validated_data["reason"]
        )
        return Response(serializers.InvitationSerializer(invitation).data)
