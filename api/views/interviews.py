"""Interviews with transcripts and scores, human decisions, recordings and the audit log."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from interviews import selectors as interview_selectors
from interviews.models import Invitation
from review import selectors as scoring_selectors
from review import services as review_services

from .. import selectors, serializers, services
from ..idempotency import idempotent
from .base import IDEMPOTENCY, ApiView, ListView

MEDIA_URL_SECONDS = 300


# --- Interviews, decisions and media --------------------------------------------------------------


def _interview(invitation: Invitation, answers) -> dict:
    """An API key is a machine: it has no ratings of its own. On a blind first review job it
    gets an answer's AI scores once a member has rated that answer (the first review is then
    done by a person), and the overall once every answer was (`scoring.ranking`); before
    that the answer comes with no scores and `scores_hidden`, so an integration cannot show
    the AI's view to reviewers ahead of their own judgement."""
    shown, hidden = scoring_selectors.candidate_shown(
        invitation=invitation, answers=answers, viewer=None
    )
    for answer in answers:
        answer.scores_hidden = answer.pk in hidden
        if answer.scores_hidden:
            answer.active_scores = []
    decision = scoring_selectors.decisions_of(invitation=invitation).first()
    return {
        "id": invitation.public_id,
        "job": invitation.job.public_id,
        "status": invitation.status,
        "human_review_only": invitation.human_review_only,
        "completed_at": invitation.completed_at,
        "overall_score": shown.ai,
        "overall_confidence": shown.confidence or 0.0,
        "overall_score_with_overrides": shown.value,
        "overall_hidden": shown.hidden,
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
        review_services.candidate_viewed(
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
                {
                    "on_behalf_of": [
                        "No active member of this organisation has that user id or email."
                    ]
                }
            )
        if not membership.is_overseer:
            raise exceptions.PermissionDenied(
                "That member is not an overseer: only overseers decide (an admin grants it "
                "after they read the instructions for use)."
            )
        decision = review_services.decision_record(
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
