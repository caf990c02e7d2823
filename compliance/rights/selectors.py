"""Reads for candidates' rights: the candidate's own applications and explanation, and
the staff request queue."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from interviews.models import Answer, Decision, Invitation
from palantrix.models import Membership, Organization, Role
from palantrix.tenancy import tenant_get
from review.privacy import role_of
from scoring import ranking
from scoring.models import Evidence, Score, ScoreOverride, ScoreStatus

from ..models import OPEN_REQUEST_STATUSES, RightsRequest
from .rules import ineligible_reviewers


def requests_of(*, invitations: list[Invitation]) -> QuerySet[RightsRequest]:
    """The candidate's own requests, newest first."""
    if not invitations:
        return RightsRequest.objects.none()
    return (
        RightsRequest.objects.for_organization(invitations[0].organization)
        .filter(invitation__in=invitations)
        .select_related("invitation__job")
        .order_by("-created_at")
    )


def candidate_request_get(*, invitations: list[Invitation], public_id: UUID) -> RightsRequest:
    request = requests_of(invitations=invitations).filter(public_id=public_id).first()
    if request is None:
        raise Http404("No such request.")
    return request


def candidate_scores(*, invitation: Invitation) -> QuerySet[Score]:
    """The scores a candidate may contest: the current ones of their own answers."""
    return (
        Score.objects.for_organization(invitation.organization)
        .filter(answer__invitation=invitation, status=ScoreStatus.ACTIVE)
        .select_related("answer__question")
        .order_by("answer__question__position", "competency_name")
    )


@dataclass
class ExplainedScore:
    competency: str
    value: int | None
    insufficient: bool
    reason: str
    status: str
    evidence: list[str]
    overridden: bool
    overrides: list[dict[str, object]] = field(default_factory=list)
    level: int | None = None
    level_anchor: str = ""
    needs_review: bool = False


@dataclass
class ExplainedAnswer:
    question: str
    status: str
    scores: list[ExplainedScore]


@dataclass
class Explanation:
    """What the candidate reads (EU AI Act Art. 86, GDPR Art. 15(1)(h)): their own data only."""

    invitation: Invitation
    answers: list[ExplainedAnswer]
    overall: int | None
    ai_withdrawn: bool
    decision: Decision | None
    decider_role: str
    earlier_decisions: int


def explanation(*, invitation: Invitation) -> Explanation:
    org = invitation.organization
    answers = (
        Answer.objects.for_organization(org)
        .filter(invitation=invitation)
        .select_related("question")
        .order_by("question__position")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.exclude(status=ScoreStatus.SUPERSEDED)
                .order_by("competency_name")
                .prefetch_related(
                    Prefetch("evidence", queryset=Evidence.objects.order_by("rank")),
                    Prefetch(
                        "overrides",
                        queryset=ScoreOverride.objects.select_related("overridden_by").order_by(
                            "created_at"
                        ),
                    ),
                ),
            )
        )
    )
    explained, active = [], []
    for answer in answers:
        scores = []
        for score in answer.scores.all():
            if score.status == ScoreStatus.ACTIVE:
                active.append(score)
            scores.append(
                ExplainedScore(
                    competency=score.competency_name,
                    value=score.value,
                    insufficient=score.insufficient,
                    reason=score.reason,
                    status=score.status,
                    evidence=[item.sentence for item in score.evidence.all()],
                    overridden=score.overridden_value is not None,
                    level=score.level,
                    level_anchor=score.level_anchor,
                    needs_review=score.needs_review,
                    overrides=[
                        {
                            "to": o.value,
                            "reason": o.reason,
                            "role": role_of(org, o.overridden_by),
                        }
                        for o in score.overrides.all()
                    ],
                )
            )
        explained.append(
            ExplainedAnswer(
                question=answer.question.text, status=answer.get_status_display(), scores=scores
            )
        )
    decisions = list(
        Decision.objects.for_organization(org)
        .filter(invitation=invitation)
        .select_related("decided_by")
        .order_by("-created_at")
    )
    latest = decisions[0] if decisions else None
    overall = ranking.standing(active).ai_shown
    return Explanation(
        invitation=invitation,
        answers=explained,
        overall=overall,
        ai_withdrawn=invitation.human_review_only,
        decision=latest,
        decider_role=role_of(org, latest.decided_by) if latest else "",
        earlier_decisions=max(0, len(decisions) - 1),
    )


# --- Staff ---------------------------------------------------------------------------------


def request_queue(
    *, organization: Organization, membership: Membership, open_only: bool = True
) -> QuerySet[RightsRequest]:
    """The organisation's requests, soonest due first. Hiring managers see only the
    contests assigned to them."""
    rows = (
        RightsRequest.objects.for_organization(organization)
        .select_related("invitation__job", "assigned_to")
        .order_by("due_on", "created_at")
    )
    if open_only:
        rows = rows.filter(status__in=OPEN_REQUEST_STATUSES)
    if membership.role == Role.HIRING_MANAGER:
        rows = rows.filter(assigned_to=membership.user)
    return rows


@dataclass(frozen=True)
class QueueSummary:
    open: int
    overdue: int
    next_due: date | None


def queue_summary(*, organization: Organization, membership: Membership) -> QueueSummary:
    """What the dashboard says of the request queue: open, past due, and the next due date."""
    rows = request_queue(organization=organization, membership=membership)
    today = timezone.localdate()
    return QueueSummary(
        open=rows.count(),
        overdue=rows.filter(due_on__lt=today).count(),
        next_due=rows.filter(due_on__gte=today).values_list("due_on", flat=True).first(),
    )


def request_get(
    *, organization: Organization, membership: Membership, public_id: UUID
) -> RightsRequest:
    request = tenant_get(RightsRequest, organization=organization, public_id=public_id)
    if membership.role == Role.HIRING_MANAGER and request.assigned_to_id != membership.user_id:
        raise PermissionDenied("Only the assigned re-reviewer and admins or recruiters see this.")
    return request


def reviewer_choices(*, request: RightsRequest) -> list[Membership]:
    """Members who may re-review this contest: anyone who neither decided nor overrode."""
    excluded = ineligible_reviewers(request.invitation) if request.invitation else set()
    return [
        m
        for m in Membership.objects.for_organization(request.organization)
        .select_related("user")
        .order_by("user__email")
        if m.user_id not in excluded and m.user.is_active
    ]


def membership_get(*, organization: Organization, public_id: UUID | str) -> Membership:
    return tenant_get(Membership, organization=organization, public_id=public_id)
