"""Question pools: a slot holds equivalent questions, each candidate is asked one drawn at
random when the interview starts (the same on every reload), reviewers see which, and the
scorer reads the drawn question's competencies and type."""

import json

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import AnswerKind, Question, QuestionDraw, QuestionType
from interviews.privacy import candidate_erase, candidate_export
from palantrix.errors import DomainError
from palantrix.models import AuditEvent
from palantrix.privacy import CandidateCopy
from scoring.services.scores import other_questions
from tests.factories import AnswerFactory
from tests.interviews.conftest import link_token

pytestmark = pytest.mark.django_db

FIRST = "Tell us about a time you calmed an angry customer."
SECOND = "Describe a customer who was upset with you, and what you did."
WRITTEN = (FIRST, SECOND)


def pooled_job(org, actor, *, open_it=True):
    """One written slot holding two equivalent questions, then a plain written question."""
    job = services.job_create(organization=org, actor=actor, title="Support engineer")
    slot = services.question_add(
        job=job, actor=actor, question=services.QuestionInput(FIRST, kind=AnswerKind.WRITTEN)
    )
    services.question_add_alternative(
        question=slot, actor=actor, text=SECOND, question_type=QuestionType.SITUATIONAL
    )
    services.question_add(
        job=job,
        actor=actor,
        question=services.QuestionInput("Why this team?", kind=AnswerKind.WRITTEN),
    )
    if open_it:
        services.job_set_status(job=job, actor=actor, status="open")
    return job


def start(job, actor, n):
    invitation = services.invitation_send(
        job=job, actor=actor, name=f"Candidate {n}", email=f"c{n}@example.test"
    )
    services.interview.consent_record(invitation=invitation, ai_assessment=True, user_agent="t")
    return invitation


def asked(invitation) -> str:
    return services.interview.interview_questions(invitation)[0].text


def two_who_differ(job, actor):
    """Start interviews until two candidates got different questions of the pool. With a
    fair draw the chance of 40 alike in a row is 2^-39; a draw that never varies fails."""
    first = start(job, actor, 0)
    for n in range(1, 41):
        other = start(job, actor, n)
        if asked(other) != asked(first):
            return first, other
    pytest.fail("40 candidates in a row got the same question of a pool of two")


# --- The recruiter's editor --------------------------------------------------------------------


def test_a_recruiter_adds_an_alternative_to_a_slot_in_the_editor(client_for, recruiter, org):
    job = services.job_create(organization=org, actor=recruiter, title="Support engineer")
    slot = services.question_add(job=job, actor=recruiter, question=services.QuestionInput(FIRST))
    client = client_for(recruiter)
    url = reverse(
        "question_alternative_add",
        kwargs={"org": org.slug, "job_id": job.public_id, "question_id": slot.public_id},
    )
    assert client.post(url, {"text": SECOND, "question_type": "situational"}).status_code == 302

    alternative = Question.objects.get(question_set__job=job, variant=1)
    assert (alternative.position, alternative.text) == (0, SECOND)
    assert alternative.question_type == QuestionType.SITUATIONAL
    # It shares the slot's timing; the slot still counts as one question.
    assert (alternative.kind, alternative.answer_seconds) == (slot.kind, slot.answer_seconds)
    page = client.get(
        reverse("question_set_edit", kwargs={"org": org.slug, "job_id": job.public_id})
    ).content.decode()
    assert SECOND in page
    assert "2 questions in this pool" in page
    assert "<strong>1 question</strong>" in page
    assert AuditEvent.objects.filter(action="interviews.question.alternative_added").exists()


def test_another_organisations_slot_takes_no_alternative(
    client_for, admin, other_admin, org, other_org
):
    foreign = services.job_create(organization=other_org, actor=other_admin, title="Theirs")
    slot = services.question_add(
        job=foreign, actor=other_admin, question=services.QuestionInput(FIRST)
    )
    url = reverse(
        "question_alternative_add",
        kwargs={"org": org.slug, "job_id": foreign.public_id, "question_id": slot.public_id},
    )
    assert client_for(admin).post(url, {"text": SECOND}).status_code == 404
    assert not Question.objects.filter(variant=1).exists()


def test_a_choice_question_takes_no_alternatives(org, recruiter):
    job = services.job_create(organization=org, actor=recruiter, title="Driver")
    choice = services.question_add(
        job=job,
        actor=recruiter,
        question=services.QuestionInput(
            "Licence?", kind=AnswerKind.CHOICE, options=[("Yes", True), ("No", False)]
        ),
    )
    with pytest.raises(DomainError, match="no alternatives"):
        services.question_add_alternative(question=choice, actor=recruiter, text="Permit?")


def test_editing_a_used_set_keeps_the_pool_in_the_new_version(org, recruiter):
    job = pooled_job(org, recruiter)
    start(job, recruiter, 0)  # pins version 1
    slot = services.job_current_questions(job=job).get(position=0)
    services.question_update(
        question=slot,
        actor=recruiter,
        data=services.QuestionInput(FIRST, kind=AnswerKind.WRITTEN, answer_seconds=180),
    )
    current = services.job_current_question_set(job=job)
    assert current.number == 2
    pool = current.questions.filter(position=0).order_by("variant")
    assert [q.text for q in pool] == [FIRST, SECOND]
    assert [q.answer_seconds for q in pool] == [180, 180]  # the slot's timing goes to all


# --- The draw --------------------------------------------------------------------------------


def test_each_candidate_is_asked_one_question_of_the_pool_drawn_once(client, org, recruiter):
    job = pooled_job(org, recruiter)
    invitation = start(job, recruiter, 0)
    (draw,) = QuestionDraw.objects.filter(invitation=invitation)
    assert draw.question.text in WRITTEN
    event = AuditEvent.objects.get(action="interviews.questions.drawn")
    assert event.data == {"drawn": [[1, draw.question.variant]]}

    # The candidate's page asks it, on every load; consenting again draws nothing new.
    client.get(reverse("candidate_link", args=[link_token(invitation)]))
    for _ in range(3):
        questions = client.get(reverse("candidate_state")).json()["questions"]
        assert [q["text"] for q in questions] == [draw.question.text, "Why this team?"]
    services.interview.consent_record(invitation=invitation, ai_assessment=False, user_agent="t")
    assert list(QuestionDraw.objects.filter(invitation=invitation)) == [draw]

    # The other question of the pool is not the candidate's to answer.
    not_drawn = Question.objects.exclude(pk=draw.question_id).get(
        question_set=invitation.question_set, position=0
    )
    response = client.post(
        reverse("candidate_written", args=[not_drawn.public_id]),
        json.dumps({"text": "An answer."}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "not part of your interview" in response.json()["error"]


def test_two_candidates_get_different_questions_and_the_reviewer_sees_which(
    client_for, org, recruiter
):
    job = pooled_job(org, recruiter)
    first, second = two_who_differ(job, recruiter)
    reviewer = client_for(recruiter)
    for invitation in (first, second):
        question = services.interview.interview_questions(invitation)[0]
        AnswerFactory(invitation=invitation, question=question, text="I listened first.")
        page = reviewer.get(
            reverse("candidate_detail", args=[org.slug, invitation.public_id])
        ).content.decode()
        assert f"Question 1: {question.text}" in page
        assert "Drawn at random for this candidate from 2 equivalent questions" in page
        other = SECOND if question.text == FIRST else FIRST
        assert other not in page


def test_the_scorer_reads_the_drawn_question_and_the_candidates_other_questions(org, recruiter):
    job = pooled_job(org, recruiter)
    services.question_add(
        job=job,
        actor=recruiter,
        question=services.QuestionInput(
            "Right to work?", kind=AnswerKind.CHOICE, options=[("Yes", True), ("No", False)]
        ),
    )
    invitation = start(job, recruiter, 0)
    drawn, plain, _choice = services.interview.interview_questions(invitation)
    answer = AnswerFactory(invitation=invitation, question=drawn)
    # The answer is the drawn question's: its text, type and competencies are what is scored.
    assert answer.question == QuestionDraw.objects.get(invitation=invitation).question
    # Off-topic checks compare with the questions this candidate was asked, spoken or
    # written ones only: not the pool's other question, not the choice question.
    assert other_questions(answer) == (plain.text,)


def test_the_candidates_copy_says_which_question_was_drawn_and_erasure_forgets_it(org, recruiter):
    job = pooled_job(org, recruiter)
    invitation = start(job, recruiter, 0)
    drawn = QuestionDraw.objects.get(invitation=invitation).question
    copy = CandidateCopy()
    candidate_export(invitation=invitation, copy=copy)
    assert copy.data["questions_drawn"] == [{"question_number": 1, "question": drawn.text}]
    candidate_erase(invitation=invitation)
    assert not QuestionDraw.objects.filter(invitation=invitation).exists()
