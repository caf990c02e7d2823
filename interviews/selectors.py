"""Reads over jobs, question sets, profiles and invitations; the organisation comes first."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from palantrix.models import Organization
from palantrix.tenancy import tenant_get
from palantrix.tokens import token_hash

from .models import (
    OPEN_STATUSES,
    Competency,
    Decision,
    ExtensionRequest,
    ExtensionStatus,
    Invitation,
    InvitationBatch,
    InvitationStatus,
    Job,
    JobStatus,
    LiveInterview,
    LiveInterviewStatus,
    Profile,
    ProfileVersion,
    PublicLink,
    PublicRegistration,
    Question,
    QuestionSet,
    ShareLink,
)

# Minutes a candidate spends outside the questions: notice, device check, practice.
SETUP_MINUTES = 4
WARN_QUESTIONS = 5
WARN_MINUTES = 25


def job_list(*, organization: Organization) -> QuerySet[Job]:
    return (
        Job.objects.for_organization(organization)
        .select_related("profile", "public_link")
        .annotate(
            invited=Count("invitations", filter=~Q(invitations__status=InvitationStatus.REVOKED)),
            completed=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.COMPLETED)
            ),
        )
    )


def job_open_count(*, organization: Organization) -> int:
    return Job.objects.for_organization(organization).filter(status=JobStatus.OPEN).count()


def job_get(*, organization: Organization, public_id: UUID) -> Job:
    return tenant_get(Job, organization=organization, public_id=public_id)


def question_set_current(*, job: Job) -> QuestionSet:
    return (
        QuestionSet.objects.for_organization(job.organization)
        .filter(job=job)
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .latest("number")
    )


def question_get(*, job: Job, public_id: UUID) -> Question:
    """A question of the job's *current* set (older sets are history, not editable)."""
    question = (
        Question.objects.for_organization(job.organization)
        .filter(question_set__job=job, public_id=public_id)
        .select_related("question_set", "question_set__job")
        .first()
    )
    if question is None or question.question_set.number != _current_number(job):
        raise Http404("No such question in the current question set.")
    return question


def _current_number(job: Job) -> int:
    return (
        QuestionSet.objects.for_organization(job.organization)
        .filter(job=job)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Timing:
    questions: int
    minutes: int
    max_minutes: int
    warnings: list[str]


def question_set_timing(*, question_set: QuestionSet) -> Timing:
    """How long the candidate should plan for, and warnings when the set is long.

    Longer interviews lose candidates (Tilston et al. 2024): warn above 5 questions or
    25 minutes. The maximum counts every retake used."""
    questions = list(question_set.slots())
    seconds = sum(q.think_seconds + q.answer_seconds for q in questions)
    max_seconds = sum((q.think_seconds + q.answer_seconds) * (1 + q.retakes) for q in questions)
    minutes = SETUP_MINUTES + -(-seconds // 60)
    warnings = []
    if len(questions) > WARN_QUESTIONS:
        warnings.append(
            f"{len(questions)} questions: candidates drop out more often above {WARN_QUESTIONS}."
        )
    if minutes > WARN_MINUTES:
        warnings.append(
            f"About {minutes} minutes: candidates drop out more often above {WARN_MINUTES}."
        )
    return Timing(
        questions=len(questions),
        minutes=minutes,
        max_minutes=SETUP_MINUTES + -(-max_seconds // 60),
        warnings=warnings,
    )


def profile_list(*, organization: Organization) -> QuerySet[Profile]:
    return Profile.objects.for_organization(organization).annotate(job_count=Count("jobs"))


def profile_get(*, organization: Organization, public_id: UUID) -> Profile:
    return tenant_get(Profile, organization=organization, public_id=public_id)


def profile_versions(*, profile: Profile) -> QuerySet[ProfileVersion]:
    return (
        ProfileVersion.objects.for_organization(profile.organization)
        .filter(profile=profile)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("position"))
        )
        .order_by("-number")
    )


def profile_current_competencies(*, profile: Profile) -> QuerySet[Competency]:
    return Competency.objects.for_organization(profile.organization).filter(
        version__profile=profile, version__number=profile.current_version
    )


def invitation_list(*, job: Job) -> QuerySet[Invitation]:
    return (
        Invitation.objects.for_organization(job.organization)
        .filter(job=job)
        .select_related("question_set")
        .order_by("-created_at")
    )


def invitation_get(*, organization: Organization, public_id: UUID) -> Invitation:
    return tenant_get(Invitation, organization=organization, public_id=public_id)


def invitation_batch_get(*, organization: Organization, public_id: UUID) -> InvitationBatch:
    return tenant_get(InvitationBatch, organization=organization, public_id=public_id)


FUNNEL = {
    "invited": ~Q(status=InvitationStatus.REVOKED),
    "opened": Q(opened_at__isnull=False) & ~Q(status=InvitationStatus.REVOKED),
    "started": Q(started_at__isnull=False) & ~Q(status=InvitationStatus.REVOKED),
    "completed": Q(status=InvitationStatus.COMPLETED),
    "expired": Q(status=InvitationStatus.EXPIRED),
    "withdrawn": Q(status=InvitationStatus.WITHDRAWN),
    "live_scheduled": Q(live_interviews__status=LiveInterviewStatus.SCHEDULED)
    & ~Q(status=InvitationStatus.REVOKED),
}


def job_funnel(*, job: Job) -> dict[str, int]:
    """Invited, opened, started, completed, expired, withdrawn, live interview scheduled:
    one query (distinct, as the live interviews join may repeat an invitation)."""
    return (
        Invitation.objects.for_organization(job.organization)
        .filter(job=job)
        .aggregate(
            **{
                stage: Count("pk", filter=condition, distinct=True)
                for stage, condition in FUNNEL.items()
            }
        )
    )


def live_interview_current(*, invitation: Invitation) -> LiveInterview | None:
    """The candidate's scheduled live interview, if any."""
    return (
        LiveInterview.objects.for_organization(invitation.organization)
        .filter(invitation=invitation, status=LiveInterviewStatus.SCHEDULED)
        .select_related("scheduled_by")
        .first()
    )


def live_interview_get(*, organization: Organization, public_id: UUID) -> LiveInterview:
    return tenant_get(LiveInterview, organization=organization, public_id=public_id)


def share_link_get(*, organization: Organization, public_id: UUID) -> ShareLink:
    return tenant_get(ShareLink, organization=organization, public_id=public_id)


def share_link_list(*, invitation: Invitation) -> QuerySet[ShareLink]:
    return (
        ShareLink.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("created_by", "revoked_by")
    )


def decision_latest(*, invitation: Invitation) -> Decision | None:
    return (
        Decision.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .order_by("-created_at")
        .first()
    )


# --- Public links and requests for more time -------------------------------------------------


def public_link_of(*, job: Job) -> PublicLink | None:
    return PublicLink.objects.for_organization(job.organization).filter(job=job).first()


def public_link_get(*, organization: Organization, public_id: UUID) -> PublicLink:
    return tenant_get(PublicLink, organization=organization, public_id=public_id)


def public_link_published(*, public_id: UUID) -> PublicLink:
    """The link as anyone on the internet opens it (a 404 for one never published; a
    closed one is shown as closed)."""
    link = (
        PublicLink.objects.select_related("job", "organization", "job__organization")
        .filter(public_id=public_id)
        .first()
    )
    if link is None:
        raise Http404("No such job link.")
    return link


def public_registration_waiting(*, token: str) -> PublicRegistration | None:
    """The registration a confirmation link names, if it can still be confirmed."""
    return (
        PublicRegistration.objects.select_related("organization", "link__job")
        .filter(token_hash=token_hash(token), expires_at__gt=timezone.now())
        .first()
    )


def extension_request_get(*, organization: Organization, public_id: UUID) -> ExtensionRequest:
    return tenant_get(ExtensionRequest, organization=organization, public_id=public_id)


def extension_requests_waiting(*, job: Job) -> QuerySet[ExtensionRequest]:
    return (
        ExtensionRequest.objects.for_organization(job.organization)
        .filter(
            invitation__job=job,
            status=ExtensionStatus.PENDING,
            # One finished, withdrawn or revoked meanwhile has nothing left to extend.
            invitation__status__in=[*OPEN_STATUSES, InvitationStatus.EXPIRED],
        )
        .select_related("invitation")
        .order_by("created_at")
    )
