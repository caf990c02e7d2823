"""Jobs, question sets and Team DNA Profiles, as the API shows and accepts them."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interviews.models import (
    Competency,
    Job,
    Profile,
    ProfileVersion,
    PublicLink,
    Question,
    QuestionSet,
)


def api_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/v1/{path}"


class PublicLinkSerializer(serializers.ModelSerializer):
    """A job's public link, read-only: it is published, capped and closed on the job page."""

    url = serializers.SerializerMethodField()
    open = serializers.BooleanField(source="is_open")

    class Meta:
        model = PublicLink
        fields = ["url", "open", "cap", "registered"]
        read_only_fields = fields

    def get_url(self, link: PublicLink) -> str:
        return settings.PUBLIC_BASE_URL + reverse("public_apply", args=[link.public_id])


class JobSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    profile = serializers.UUIDField(source="profile.public_id", read_only=True, allow_null=True)
    public_link = serializers.SerializerMethodField()

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
            "auto_extension_days",
            "language",
            "public_link",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["auto_extension_days"]

    @extend_schema_field(PublicLinkSerializer(allow_null=True))
    def get_public_link(self, job: Job) -> dict | None:
        link = getattr(job, "public_link", None)
        return PublicLinkSerializer(link).data if link is not None else None


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


class OptionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What a choice answer names (`choices`).")
    text = serializers.CharField()
    acceptable = serializers.BooleanField(
        help_text="Knock-out: an answer with an option not acceptable flags the candidate for "
        "a person to look at; it rejects no one and is never scored."
    )


class AlternativeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    competency_keys = serializers.ListField(child=serializers.UUIDField())

    class Meta:
        model = Question
        fields = ["id", "variant", "text", "question_type", "competency_keys"]


class QuestionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    competency_keys = serializers.ListField(child=serializers.UUIDField())
    options = OptionSerializer(many=True, read_only=True, help_text="A choice question's options.")
    alternatives = serializers.SerializerMethodField(
        help_text="Equivalent questions of this slot: each candidate is asked one of the slot's "
        "questions (this one or an alternative), drawn at random when the interview starts."
    )

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
            "options",
            "multiple",
            "knockout",
            "purpose",
            "alternatives",
        ]
        read_only_fields = ["multiple", "knockout", "purpose"]

    @extend_schema_field(AlternativeSerializer(many=True))
    def get_alternatives(self, question: Question):
        siblings = [
            q
            for q in question.question_set.questions.all()
            if q.position == question.position and q.variant
        ]
        return AlternativeSerializer(sorted(siblings, key=lambda q: q.variant), many=True).data


class QuestionSetSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    version = serializers.IntegerField(source="number")
    questions = serializers.SerializerMethodField(
        help_text="One per slot, in order (a slot's alternatives inside it)."
    )

    class Meta:
        model = QuestionSet
        fields = ["id", "version", "intro", "created_at", "questions"]

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, question_set: QuestionSet):
        slots = [q for q in question_set.questions.all() if not q.variant]
        return QuestionSerializer(sorted(slots, key=lambda q: q.position), many=True).data


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
