"""The REST API under /api/v1/: thin views over the same selectors and services as the pages.

Every view acts inside the API key's organisation (`request.organization`, set by
`ApiKeyAuthentication`); objects are looked up through the tenancy selectors first, so
another organisation's id is a 404 before anything else is checked.
"""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from interviews import selectors as interview_selectors
from interviews import services as interview_services
from interviews.models import Invitation
from palantrix.errors import DomainError
from scoring import selectors as scoring_selectors
from scoring import services as scoring_services

from . import selectors, serializers, services
from .authentication import ApiKeyActor, ApiKeyAuthentication, ApiKeyThrottle, HasApiKey
from .idempotency import HEADER as IDEMPOTENCY_HEADER
from .idempotency import idempotent
from .pagination import ApiCursorPagination

IDEMPOTENCY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Any unique string (1-255 characters): a retry with the same key returns the "
    "first answer and does the work once.",
)
MEDIA_URL_SECONDS = 300


@csrf_exempt
def not_found(request, *args, **kwargs):
    """No such API URL: the same problem+json 404 as a missing object."""
    from django.http import JsonResponse

    from .problems import PROBLEM_TYPE, TYPE_BASE

    return JsonResponse(
        {
            "type": TYPE_BASE + "not-found",
            "title": "Not found",
            "status": 404,
            "detail": "No such API URL or object.",
        },
        status=404,
        content_type=PROBLEM_TYPE,
    )


class ApiView(GenericAPIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [ApiKeyThrottle]
    pagination_class = None
    filter_backends: list = []

    @property
    def actor(self) -> ApiKeyActor:
        return self.request.user

    def query(self, filter_class) -> dict:
        data = filter_class(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        return {key: value for key, value in data.validated_data.items() if value not in ("", None)}

    def paginated(self, queryset, serializer_class, context=None):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)


class ListView(ApiView):
    pagination_class = ApiCursorPagination
    filter_backends = [OrderingFilter]
    ordering = "-created_at"


# --- Jobs -------------------------------------------------------------------------------------


class JobListApi(ListView):
    serializer_class = serializers.JobSerializer
    ordering_fields = ["created_at", "updated_at"]

    @extend_schema(
        summary="List jobs",
        parameters=[serializers.JobFilter],
        responses=serializers.JobSerializer(many=True),
    )
    def get(self, request):
        jobs = interview_selectors.job_list(organization=request.organization)
        jobs = jobs.filter(**self.query(serializers.JobFilter))
        return self.paginated(self.filter_queryset(jobs), serializers.JobSerializer)

    @extend_schema(
        summary="Create a job",
        parameters=[IDEMPOTENCY],
        request=serializers.JobInput,
        responses={201: serializers.JobSerializer},
    )
    @idempotent
    def post(self, request):
        data = serializers.JobInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        profile_id = fields.pop("profile")
        profile = (
            interview_selectors.profile_get(organization=request.organization, public_id=profile_id)
            if profile_id
            else None
        )
        job = interview_services.job_create(
            organization=request.organization, actor=self.actor, profile=profile, **fields
        )
        return Response(serializers.JobSerializer(job).data, status=status.HTTP_201_CREATED)


class JobDetailApi(ApiView):
    serializer_class = serializers.JobSerializer

    @extend_schema(summary="Read a job")
    def get(self, request, job_id):
        job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
        return Response(serializers.JobSerializer(job).data)


class QuestionSetListApi(ApiView):
    serializer_class = serializers.QuestionSetSerializer

    @extend_schema(
        summary="The job's question sets, newest version first",
        responses=serializers.QuestionSetSerializer(many=True),
    )
    def get(self, request, job_id):
        job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
        sets = selectors.question_sets_of(job=job)
        return Response(serializers.QuestionSetSerializer(sets, many=True).data)


# --- Team DNA Profiles --------------------------------------------------------------------------


class ProfileListApi(ListView):
    serializer_class = serializers.ProfileSerializer
    ordering = "name"
    ordering_fields = ["name", "created_at"]

    @extend_schema(
        summary="List Team DNA Profiles", responses=serializers.ProfileSerializer(many=True)
    )
    def get(self, request):
        profiles = interview_selectors.profile_list(organization=request.organization)
        return self.paginated(self.filter_queryset(profiles), serializers.ProfileSerializer)


class ProfileDetailApi(ApiView):
    serializer_class = serializers.ProfileDetailSerializer

    @extend_schema(summary="Read a Team DNA Profile with every version")
    def get(self, request, profile_id):
        profile = interview_selectors.profile_get(
            organization=request.organization, public_id=profile_id
        )
        profile.version_list = list(interview_selectors.profile_versions(profile=profile))
        return Response(serializers.ProfileDetailSerializer(profile).data)


# --- Invitations ------------------------------------------------------------------------------


class InvitationListApi(ListView):
    serializer_class = serializers.InvitationSerializer
    ordering_fields = ["created_at", "deadline", "updated_at"]

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


# --- Interviews, decisions and media --------------------------------------------------------------


def _interview(invitation: Invitation, answers) -> dict:
    overall, confidence = scoring_selectors.candidate_overall(answers)
    decision = scoring_selectors.decisions_of(invitation=invitation).first()
    return {
        "id": invitation.public_id,
        "job": invitation.job.public_id,
        "status": invitation.status,
        "human_review_only": invitation.human_review_only,
        "completed_at": invitation.completed_at,
        "overall_score": overall,
        "overall_confidence": confidence,
        "answers": answers,
        "decision": decision,
    }


class InterviewDetailApi(ApiView):
    serializer_class = serializers.InterviewSerializer

    @extend_schema(summary="An interview: answers, transcripts, scores with evidence (audited)")
    def get(self, request, interview_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=interview_id
        )
        answers = list(selectors.interview_answers(invitation=invitation))
        scoring_services.candidate_viewed(
            invitation=invitation, actor=self.actor, answers=len(answers)
        )
        return Response(serializers.InterviewSerializer(_interview(invitation, answers)).data)


class DecisionListApi(ApiView):
    serializer_class = serializers.DecisionSerializer

    @extend_schema(
        summary="Decisions on the candidate, newest first",
        responses=serializers.DecisionSerializer(many=True),
    )
    def get(self, request, interview_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=interview_id
        )
        decisions = scoring_selectors.decisions_of(invitation=invitation)
        return Response(serializers.DecisionSerializer(decisions, many=True).data)

    @extend_schema(
        summary="Record a member's decision (advance, hold, reject) with the reason",
        description="The API never decides: it records the decision of the named member, who "
        "must be an overseer of the organisation. The audit log shows that member as the one "
        "who decided, through this API key.",
        parameters=[IDEMPOTENCY],
        request=serializers.DecisionInput,
        responses={201: serializers.DecisionSerializer},
    )
    @idempotent
    def post(self, request, interview_id):
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=interview_id
        )
        data = serializers.DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = selectors.member_find(
            organization=request.organization, who=data.validated_data["on_behalf_of"]
        )
        if membership is None:
            raise exceptions.ValidationError(
                {"on_behalf_of": ["No member of this organisation has that user id or email."]}
            )
        if not membership.is_overseer:
            raise exceptions.PermissionDenied(
                "That member is not an overseer: only overseers decide (an admin grants it "
                "after they read the instructions for use)."
            )
        decision = interview_services.decision_record(
            invitation=invitation,
            actor=membership.user,
            outcome=data.validated_data["outcome"],
            reason=data.validated_data["reason"],
            api_key=request.auth,
        )
        return Response(
            serializers.DecisionSerializer(decision).data, status=status.HTTP_201_CREATED
        )


class AnswerMediaApi(ApiView):
    serializer_class = serializers.MediaUrlSerializer

    @extend_schema(summary="A short-lived signed link to the recording (audited)")
    def get(self, request, answer_id):
        answer = scoring_selectors.answer_get(
            organization=request.organization, public_id=answer_id
        )
        if not answer.object_key:
            raise exceptions.NotFound("This answer has no recording.")
        url = services.media_url_issue(answer=answer, actor=self.actor, ttl=MEDIA_URL_SECONDS)
        expires_at = timezone.now() + timedelta(seconds=MEDIA_URL_SECONDS)
        body = {"url": url, "expires_at": expires_at, "content_type": answer.content_type}
        return Response(serializers.MediaUrlSerializer(body).data)


# --- Audit log ----------------------------------------------------------------------------------


class AuditEventListApi(ListView):
    serializer_class = serializers.AuditEventSerializer
    ordering = "-sequence"
    ordering_fields = ["sequence"]

    @extend_schema(
        summary="The organisation's audit events, filtered by time, action and target",
        parameters=[serializers.AuditFilter],
        responses=serializers.AuditEventSerializer(many=True),
    )
    def get(self, request):
        events = selectors.audit_event_list(
            organization=request.organization, **self.query(serializers.AuditFilter)
        )
        return self.paginated(self.filter_queryset(events), serializers.AuditEventSerializer)
