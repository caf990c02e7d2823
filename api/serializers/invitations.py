"""Invitations, one or in bulk, and the filters of their lists."""

from rest_framework import serializers

from interviews.models import (
    Invitation,
    InvitationStatus,
    JobStatus,
)

from .jobs import api_url


class InvitationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    job = serializers.UUIDField(source="job.public_id")
    question_set_version = serializers.IntegerField(source="question_set.number")
    interview_url = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "job",
            "name",
            "email",
            "status",
            "deadline",
            "question_set_version",
            "send_count",
            "last_sent_at",
            "opened_at",
            "started_at",
            "completed_at",
            "closed_at",
            "human_review_only",
            "created_at",
            "interview_url",
        ]

    def get_interview_url(self, invitation: Invitation) -> str:
        return api_url(f"interviews/{invitation.public_id}/")


class InvitationInput(serializers.Serializer):
    job = serializers.UUIDField()
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()


class CandidateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()


class InvitationBulkInput(serializers.Serializer):
    job = serializers.UUIDField()
    candidates = CandidateInput(many=True, allow_empty=False, max_length=100)


class InvitationBulkRow(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in `candidates`, from 0.")
    invitation = InvitationSerializer(allow_null=True)
    error = serializers.CharField(allow_null=True)


class InvitationBulkResult(serializers.Serializer):
    sent = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = InvitationBulkRow(many=True)


class InvitationFilter(serializers.Serializer):
    job = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=InvitationStatus.choices, required=False)
    email = serializers.EmailField(required=False)
    created_after = serializers.DateTimeField(required=False)
    created_before = serializers.DateTimeField(required=False)


class JobFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=JobStatus.choices, required=False)


class ExtendInput(serializers.Serializer):
    deadline = serializers.DateTimeField()


class RevokeInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
