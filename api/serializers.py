"""What the API answers with (ids are public UUIDs) and what it accepts."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interviews.models import (
    Answer,
    Competency,
    Decision,
    DecisionOutcome,
    Invitation,
    InvitationStatus,
    Job,
    JobStatus,
    Profile,
    ProfileVersion,
    Question,
    QuestionSet,
)
from scoring.models import Evidence, Score, ScoreOverride, TranscriptSegment


def api_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/v1/{path}"


# --- Jobs, question sets and profiles ---------------------------------------------------------


class JobSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    profile = serializers.UUIDField(source="profile.public_id", read_only=True, allow_null=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "description",
            "location",
            "status",
            "profile",
            "invitation_days",
            "reminder_hours",
            "language",
            "created_at",
            "updated_at",
        ]


class JobInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    profile = serializers.UUIDField(required=False, allow_null=True, default=None)
    invitation_days = serializers.IntegerField(min_value=1, max_value=60, default=7)
    reminder_hours = serializers.IntegerField(min_value=0, max_value=720, default=48)
    language = serializers.RegexField(r"^[a-z]{2}$", default="en", help_text="ISO 639-1.")

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give the job a title.")
        return value


class QuestionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    competency_keys = serializers.ListField(child=serializers.UUIDField())

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "text",
            "kind",
            "question_type",
            "answer_seconds",
            "think_seconds",
            "retakes",
            "competency_keys",
        ]


class QuestionSetSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    version = serializers.IntegerField(source="number")
    questions = QuestionSerializer(many=True)

    class Meta:
        model = QuestionSet
        fields = ["id", "version", "intro", "created_at", "questions"]


class CompetencySerializer(serializers.ModelSerializer):
    anchors = serializers.ListField(
        child=serializers.CharField(),
        help_text="Levels 1-5: what an answer at each level contains (empty in versions "
        "saved before levels existed).",
    )

    class Meta:
        model = Competency
        fields = [
            "key",
            "name",
            "description",
            "weight",
            "strong_examples",
            "weak_examples",
            "anchors",
        ]


class ProfileVersionSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="number")
    changes = serializers.ListField(child=serializers.CharField())
    competencies = CompetencySerializer(many=True)

    class Meta:
        model = ProfileVersion
        fields = ["version", "created_at", "changes", "competencies"]


class ProfileSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Profile
        fields = ["id", "name", "description", "current_version", "created_at", "updated_at"]


class ProfileDetailSerializer(ProfileSerializer):
    versions = ProfileVersionSerializer(many=True, source="version_list")

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "versions"]


# --- Invitations ------------------------------------------------------------------------------


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


# --- Interviews: answers, transcripts, scores ----------------------------------------------------


class SegmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TranscriptSegment
        fields = ["start", "end", "text"]


class TranscriptSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    text = serializers.CharField()
    language = serializers.CharField()
    engine = serializers.CharField()
    model = serializers.CharField()
    sha256 = serializers.CharField()
    segments = SegmentSerializer(many=True, source="segments.all")


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "rank",
            "sentence",
            "example",
            "example_kind",
            "similarity",
            "support",
            "start",
            "end",
            "element",
        ]


class OverrideSerializer(serializers.ModelSerializer):
    overridden_by = serializers.IntegerField(source="overridden_by_id", allow_null=True)

    class Meta:
        model = ScoreOverride
        fields = ["value", "previous", "reason", "overridden_by", "created_at"]


class ScoreSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    profile = serializers.UUIDField(source="profile_version.profile.public_id")
    profile_version = serializers.IntegerField(source="profile_version.number")
    evidence = EvidenceSerializer(many=True, source="evidence.all")
    overrides = OverrideSerializer(many=True, source="overrides.all")
    value = serializers.IntegerField(allow_null=True, help_text="The AI's advisory 0-100 score.")
    overridden_value = serializers.IntegerField(
        allow_null=True, help_text="A reviewer's latest override, if any; it wins."
    )
    level = serializers.IntegerField(
        allow_null=True, help_text="The anchored level (1-5) whose description it matched."
    )
    model_fingerprint = serializers.DictField(
        child=serializers.CharField(), help_text="Model files by name and SHA-256, and method."
    )

    class Meta:
        model = Score
        fields = [
            "id",
            "competency_key",
            "competency_name",
            "weight",
            "value",
            "overridden_value",
            "confidence",
            "insufficient",
            "reason",
            "level",
            "level_anchor",
            "needs_review",
            "review_reason",
            "scorer",
            "scorer_version",
            "method_version",
            "model_fingerprint",
            "transcriber",
            "transcript_sha256",
            "profile",
            "profile_version",
            "created_at",
            "evidence",
            "overrides",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    question = serializers.UUIDField(source="question.public_id")
    question_position = serializers.IntegerField(source="question.position")
    transcript = serializers.SerializerMethodField()
    scores = ScoreSerializer(many=True, source="active_scores")
    scores_hidden = serializers.BooleanField(
        default=False,
        help_text="Blind first review: no member has rated this answer yet, so its AI scores "
        "(and the interview's overall score) leave them out until someone has.",
    )
    media_url = serializers.SerializerMethodField(
        help_text="Ask this URL for a short-lived link to the recording (null: written answer)."
    )

    class Meta:
        model = Answer
        fields = [
            "id",
            "question",
            "question_position",
            "kind",
            "status",
            "review_reason",
            "duration_seconds",
            "submitted_at",
            "text",
            "transcript",
            "scores",
            "scores_hidden",
            "media_url",
        ]

    @extend_schema_field(TranscriptSerializer(allow_null=True))
    def get_transcript(self, answer: Answer):
        transcripts = answer.current_transcripts
        return TranscriptSerializer(transcripts[0]).data if transcripts else None

    def get_media_url(self, answer: Answer) -> str | None:
        return api_url(f"answers/{answer.public_id}/media/") if answer.object_key else None


class DecisionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    decided_by = serializers.IntegerField(source="decided_by_id", help_text="The member's user id.")

    class Meta:
        model = Decision
        fields = ["id", "outcome", "reason", "decided_by", "created_at"]


class InterviewSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    job = serializers.UUIDField()
    status = serializers.ChoiceField(choices=InvitationStatus.choices)
    human_review_only = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)
    overall_score = serializers.IntegerField(allow_null=True)
    overall_confidence = serializers.FloatField()
    answers = AnswerSerializer(many=True)
    decision = DecisionSerializer(allow_null=True, help_text="The latest decision, if any.")


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reason = serializers.CharField(max_length=5000)
    on_behalf_of = serializers.CharField(
        max_length=254,
        help_text="The member who decides: their user id or email. They must be an overseer.",
    )


class MediaUrlSerializer(serializers.Serializer):
    url = serializers.URLField()
    expires_at = serializers.DateTimeField()
    content_type = serializers.CharField()


class AuditEventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    actor_type = serializers.CharField()
    actor_id = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    data = serializers.DictField()
    hash = serializers.CharField()


class AuditFilter(serializers.Serializer):
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    action = serializers.CharField(required=False, max_length=100)
    target_type = serializers.CharField(required=False, max_length=100)
    target_id = serializers.CharField(required=False, max_length=64)
