"""Jobs, their question sets and Team DNA Profiles."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from interviews import selectors as interview_selectors
from interviews import services as interview_services

from .. import selectors, serializers
from ..idempotency import idempotent
from .base import IDEMPOTENCY, ApiView, ListView

# --- Jobs -------------------------------------------------------------------------------------


class JobListApi(ListView):
    serializer_class = serializers.JobSerializer
    ordering_fields = ["created_at"]  # only what never changes keeps cursors stable

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
