"""Interviews: answers, transcripts, scores with their evidence and overrides, decisions,
media links and the audit trail."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interviews.models import (
    Answer,
    Decision,
    DecisionOutcome,
    InvitationStatus,
)
from scoring.models import Evidence, Score, ScoreOverride, TranscriptSegment

from .jobs import api_url


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
    question_text = serializers.CharField(
        source="question.text",
        help_text="The question asked: of a pool of equivalent questions, the one drawn.",
    )
    choices = serializers.ListField(
        child=serializers.CharField(),
        help_text="A choice answer: the keys of the options ticked (the question set's "
        "`options`). Never transcribed or scored.",
    )
    knockout_mismatch = serializers.BooleanField(
        help_text="A knock-out answer that does not match: a flag for a person to look at, "
        "never a rejection; it changes no score."
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
            "question_text",
            "choices",
            "knockout_mismatch",
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
    overall_score = serializers.IntegerField(
        allow_null=True, help_text="The AI's advisory overall score, 0-100."
    )
    overall_confidence = serializers.FloatField()
    overall_score_with_overrides = serializers.IntegerField(
        allow_null=True,
        help_text="The overall with reviewers' overrides in place of the AI's values: what "
        "the shortlist ranks by.",
    )
    overall_hidden = serializers.BooleanField(
        help_text="Blind first review: not every answer has been rated by a member yet, so "
        "the overall scores are left out."
    )
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
