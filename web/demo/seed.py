"""The demo's jobs and candidates, made through the product's own services.

Candidates answer the way a browser would: a take is counted, the recording goes to the
bucket as a multipart upload, the upload is completed (which queues the normal processing
after commit) and the interview finished. The worker started by `make run` then checks,
transcribes and scores each answer. What people do (rate, override, decide, schedule, share)
is done by the demo reviewers as actors, audited as usual; an override waits for the AI
score it corrects (tasks.demo_override_task).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from compliance.services import self_identification_record
from interviews import services as interview_services
from interviews.candidates import CandidateActor
from interviews.jobtemplates import catalogue
from interviews.jobtemplates.services import job_create_from_template
from interviews.models import Invitation, Job
from interviews.services import interview
from palantrix import events
from palantrix.emails import absolute_url
from palantrix.models import Organization
from palantrix.storage import s3_client
from review.services.decisions import decision_record
from review.services.live import live_interview_schedule
from review.services.outcomes import grace_period, outcome_email_send
from review.services.scores import rating_record
from review.services.sharing import share_link_create

from . import media, people
from .models import DemoOrganization

CONTENT_TYPE = "video/webm"
USER_AGENT = "Palantrix demo (seed_demo)"
OVERRIDE_REASON = (
    "Demo: in the recording the candidate describes a second step the transcript misses; "
    "I rate the evidence higher."
)


@dataclass
class Reviewers:
    admin: object
    recruiter: object
    manager: object


@dataclass
class Seeded:
    demo: DemoOrganization
    recordings: int
    share_url: str


def _record(invitation: Invitation, question, text: str, voice: str) -> None:
    made = media.recording(text, voice=voice)
    data = made.path.read_bytes()
    interview.answer_take_start(invitation=invitation, question_id=question.public_id)
    answer = interview.answer_upload_start(
        invitation=invitation,
        question_id=question.public_id,
        content_type=CONTENT_TYPE,
        size=len(data),
    )
    etag = s3_client().upload_part(
        Bucket=settings.S3_BUCKET,
        Key=answer.object_key,
        UploadId=answer.upload_id,
        PartNumber=1,
        Body=data,
    )["ETag"]
    interview.answer_upload_complete(
        invitation=invitation,
        question_id=question.public_id,
        parts=[(1, etag)],
        duration=made.seconds,
    )


def _candidate(job: Job, candidate: people.Candidate, reviewers: Reviewers) -> Invitation:
    invitation = interview_services.invitation_send(
        job=job, actor=reviewers.recruiter, name=candidate.name, email=candidate.email
    )
    if candidate.stage == people.INVITED:
        return invitation
    interview.consent_record(
        invitation=invitation, ai_assessment=candidate.ai_assessment, user_agent=USER_AGENT
    )
    questions = interview.interview_questions(invitation)
    for index, (question, text) in enumerate(zip(questions, candidate.answers, strict=False)):
        _record(invitation, question, text, candidate.voices.get(index, "en-us"))
    if len(candidate.answers) < len(questions):
        return invitation  # still answering
    invitation = interview.interview_finish(invitation=invitation)
    self_identification_record(
        invitation=invitation,
        actor=CandidateActor(invitation),
        sex=candidate.sex,
        race_ethnicity=candidate.race_ethnicity,
        consent=(candidate.sex, candidate.race_ethnicity) != ("prefer_not", "prefer_not"),
    )
    return invitation


def _next_weekday_at_ten(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone())


def _reviews(invitations: dict[str, Invitation], reviewers: Reviewers) -> str:
    """What the demo reviewers did; returns the share link's address."""
    manager, recruiter = reviewers.manager, reviewers.recruiter
    for name, reviewer, values in (
        ("Priya Raman", manager, (5, 4, 4)),
        ("Amara Nwosu", manager, (5, 5, 4)),
        ("Tom Becker", recruiter, (2, 3, 2)),
        ("Sofia Costa", manager, (4, 4, 3)),
    ):
        answers = invitations[name].answers.order_by("question__position")
        for answer, value in zip(answers, values, strict=False):
            rating_record(answer=answer, reviewer=reviewer, value=value, comment="Demo rating.")
    decision_record(
        invitation=invitations["Amara Nwosu"],
        actor=manager,
        outcome="advance",
        reason="Demo: specific customer stories with results and what she changed afterwards.",
    )
    live_interview_schedule(
        invitation=invitations["Amara Nwosu"],
        actor=manager,
        starts_at=_next_weekday_at_ten(3),
        duration_minutes=45,
        location="Video call: https://meet.example/acme-demo",
        interviewers=[manager.email],
        time_zone=settings.TIME_ZONE,
    )
    rejection = decision_record(
        invitation=invitations["Mark Ellis"],
        actor=manager,
        outcome="reject",
        reason="Demo: general claims without an example in any answer; read and heard in full.",
        email="yes",
    )
    # The demo's decision is an old one: its email went out, past the grace period.
    outcome_email_send(email_id=rejection.email.pk, now=timezone.now() + grace_period())
    link = share_link_create(
        invitation=invitations["Amara Nwosu"], actor=manager, days=14, label="Demo: team lead"
    )
    # The override corrects an AI score, so it waits (retries) for the worker to have
    # scored; through the outbox, and one override at most however often it is delivered.
    first = invitations["Tom Becker"].answers.order_by("question__position").first()
    events.later(
        "demo.override_when_scored",
        organization=first.organization,
        answer_id=first.pk,
        reviewer_id=manager.pk,
        points=12,
    )
    return absolute_url(reverse("shared_candidate", args=[link.token]))


def demo_seed(*, organization: Organization, reviewers: Reviewers) -> Seeded | None:
    """Make the demo's jobs and candidates once; None when the organisation has them."""
    if DemoOrganization.objects.for_organization(organization).exists():
        return None
    recruiter = reviewers.recruiter
    jobs = {}
    for key, title in (
        ("customer-success", "Customer success manager (demo)"),
        ("software-engineering", "Software engineer (demo)"),
    ):
        job = job_create_from_template(
            organization=organization,
            actor=recruiter,
            blueprint=catalogue.TEMPLATES[key],
            template=f"library:{key}",
            title=title,
            location="Lisbon or remote",
        )
        interview_services.job_set_status(job=job, actor=recruiter, status="open")
        jobs[key] = job
    invitations: dict[str, Invitation] = {}
    recordings = 0
    for key, candidates in (
        ("customer-success", people.CUSTOMER_SUCCESS),
        ("software-engineering", people.SOFTWARE_ENGINEERING),
    ):
        for candidate in candidates:
            invitations[candidate.name] = _candidate(jobs[key], candidate, reviewers)
            recordings += len(candidate.answers)
    share_url = _reviews(invitations, reviewers)
    demo = DemoOrganization.objects.create(
        organization=organization, job=jobs["customer-success"], recordings=recordings
    )
    return Seeded(demo=demo, recordings=recordings, share_url=share_url)
