import pytest
from django.urls import reverse

from interviews import services
from interviews.models import AnswerKind, InvitationToken
from palantrix.tokens import new_token


@pytest.fixture
def interview_job(org, recruiter):
    """An open job with two recorded questions and one written one."""
    job = services.job_create(organization=org, actor=recruiter, title="Support engineer")
    for text, kind in [
        ("Tell us about a difficult customer.", AnswerKind.VIDEO),
        ("How do you find the cause of a bug?", AnswerKind.VIDEO),
        ("Why this team?", AnswerKind.WRITTEN),
    ]:
        services.question_add(
            job=job,
            actor=recruiter,
            question=services.QuestionInput(text, answer_seconds=30, think_seconds=0, kind=kind),
        )
    services.job_set_status(job=job, actor=recruiter, status="open")
    return job


@pytest.fixture
def invitation(interview_job, recruiter):
    return services.invitation_send(
        job=interview_job, actor=recruiter, name="Ana Lima", email="ana.lima@example.test"
    )


def link_token(invitation) -> str:
    """A working emailed link's token (as an email would carry it)."""
    token, digest = new_token()
    InvitationToken.objects.create(
        organization=invitation.organization, invitation=invitation, token_hash=digest
    )
    return token


@pytest.fixture
def candidate(client, invitation):
    """A test client holding the candidate's session, as after clicking the emailed link."""
    response = client.get(reverse("candidate_link", args=[link_token(invitation)]))
    assert response.status_code == 302
    return client


@pytest.fixture
def consented(candidate, invitation):
    services.interview.consent_record(invitation=invitation, ai_assessment=True, user_agent="t")
    return candidate
