"""Choice and knock-out questions: added in the question editor, answered as a form, shown
to reviewers, flagged for a person on a mismatch, and never transcribed, scored or ranked."""

import json

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import (
    KNOCKOUT_PURPOSE,
    Answer,
    AnswerKind,
    AnswerStatus,
    Decision,
    InvitationStatus,
    Question,
)
from interviews.privacy import candidate_erase, candidate_export
from palantrix.errors import DomainError
from palantrix.models import AuditEvent, OutboxMessage
from palantrix.privacy import CandidateCopy
from review import selectors as review_selectors
from review import services as review_services
from scoring import ranking
from scoring.models import Score, Transcript
from scoring.services.transcription import answer_check_media
from tests.factories import AnswerFactory, InvitationFactory, job_with_profile, scored_answer
from tests.interviews.conftest import link_token

pytestmark = pytest.mark.django_db

RIGHT_TO_WORK = "Do you have the right to work in Germany?"


def knockout(text=RIGHT_TO_WORK, **fields) -> services.QuestionInput:
    return services.QuestionInput(
        text,
        kind=AnswerKind.CHOICE,
        options=[("Yes", True), ("No", False), ("Not yet: I applied for a permit", False)],
        knockout=True,
        **fields,
    )


@pytest.fixture
def job(org, recruiter):
    """An open job: one written question, then a knock-out question."""
    job = services.job_create(organization=org, actor=recruiter, title="Support engineer")
    services.question_add(
        job=job,
        actor=recruiter,
        question=services.QuestionInput("Why this team?", kind=AnswerKind.WRITTEN),
    )
    services.question_add(job=job, actor=recruiter, question=knockout())
    services.job_set_status(job=job, actor=recruiter, status="open")
    return job


@pytest.fixture
def started(client, job, recruiter):
    """A candidate's session in the started interview: (client, invitation)."""
    invitation = services.invitation_send(
        job=job, actor=recruiter, name="Ana Lima", email="ana.lima@example.test"
    )
    client.get(reverse("candidate_link", args=[link_token(invitation)]))
    services.interview.consent_record(invitation=invitation, ai_assessment=True, user_agent="t")
    return client, invitation


def post(client, name, question, body):
    return client.post(
        reverse(name, args=[question.public_id]), json.dumps(body), content_type="application/json"
    )


def answer_all(client, invitation, chosen: str) -> None:
    """Write the first answer and tick `chosen` on the knock-out question, then finish."""
    written, choice = invitation.question_set.slots()
    assert post(client, "candidate_written", written, {"text": "I like it."}).status_code == 200
    key = next(o["key"] for o in choice.options if o["text"] == chosen)
    response = post(client, "candidate_choice", choice, {"choices": [key]})
    assert response.status_code == 200, response.json()
    finish = client.post(reverse("candidate_finish"), "{}", content_type="application/json")
    assert finish.status_code == 200


def editor_url(org, job, name="question_set_edit", **kwargs):
    return reverse(name, kwargs={"org": org.slug, "job_id": job.public_id, **kwargs})


# --- The recruiter's editor --------------------------------------------------------------------


def test_a_recruiter_adds_a_knockout_question_marking_the_acceptable_options(
    client_for, recruiter, org
):
    job = services.job_create(organization=org, actor=recruiter, title="Driver")
    client = client_for(recruiter)
    response = client.post(
        editor_url(org, job, "question_add"),
        {
            "text": "Do you hold a category C licence?",
            "kind": "choice",
            "answer_seconds": 120,
            "think_seconds": 30,
            "retakes": 1,
            "options": "* Yes\nNo\n* I will by the start date",
            "knockout": "on",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(question_set__job=job)
    assert question.kind == AnswerKind.CHOICE
    assert question.knockout
    assert [(o["text"], o["acceptable"]) for o in question.options] == [
        ("Yes", True),
        ("No", False),
        ("I will by the start date", True),
    ]
    # No timer and no retakes for a form.
    assert (question.think_seconds, question.retakes) == (0, 0)
    page = client.get(editor_url(org, job)).content.decode()
    assert "Knock-out" in page
    assert KNOCKOUT_PURPOSE in page
    # The edit page gives the options back as they were typed.
    edit = client.get(editor_url(org, job, "question_edit", question_id=question.public_id))
    assert "* Yes\nNo\n* I will by the start date" in edit.content.decode()


def test_a_knockout_question_needs_an_acceptable_option(client_for, recruiter, org):
    job = services.job_create(organization=org, actor=recruiter, title="Driver")
    response = client_for(recruiter).post(
        editor_url(org, job, "question_add"),
        {
            "text": "Licence?",
            "kind": "choice",
            "answer_seconds": 120,
            "think_seconds": 30,
            "retakes": 1,
            "options": "Yes\nNo",
            "knockout": "on",
        },
        follow=True,
    )
    assert "Start at least one acceptable option with *" in response.content.decode()
    assert not Question.objects.filter(question_set__job=job).exists()


# --- The candidate ---------------------------------------------------------------------------


def test_the_candidate_sees_the_options_and_what_the_question_is_for_but_not_the_right_answer(
    started,
):
    client, _ = started
    state = client.get(reverse("candidate_state")).json()
    written, choice = state["questions"]
    assert "options" not in written
    assert choice["kind"] == "choice"
    assert choice["purpose"] == KNOCKOUT_PURPOSE
    assert [o["text"] for o in choice["options"]] == [
        "Yes",
        "No",
        "Not yet: I applied for a permit",
    ]
    assert all(set(o) == {"key", "text"} for o in choice["options"])  # acceptable stays ours
    # A form, not a recording: no device check after the notice.
    page = client.get(reverse("candidate_questions")).content.decode()
    assert 'id="choice"' in page


def test_a_choice_outside_the_options_or_two_on_a_single_choice_are_refused(started):
    client, invitation = started
    choice = invitation.question_set.slots()[1]
    assert post(client, "candidate_choice", choice, {"choices": ["9"]}).status_code == 400
    assert post(client, "candidate_choice", choice, {"choices": ["1", "2"]}).status_code == 409
    assert post(client, "candidate_choice", choice, {"choices": "1"}).status_code == 400
    written = invitation.question_set.slots()[0]
    assert post(client, "candidate_choice", written, {"choices": ["1"]}).status_code == 409
    assert not Answer.objects.filter(invitation=invitation, status=AnswerStatus.ANSWERED).exists()


def test_a_knockout_mismatch_flags_the_candidate_and_decides_nothing(
    started, client_for, recruiter, org, job
):
    client, invitation = started
    answer_all(client, invitation, "No")

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED  # every question answered
    answer = Answer.objects.get(invitation=invitation, kind=AnswerKind.CHOICE)
    assert answer.status == AnswerStatus.ANSWERED
    assert answer.knockout_mismatch
    # Nobody was rejected, nothing was scored or ranked.
    assert not Decision.objects.filter(invitation=invitation).exists()
    assert not Score.objects.filter(answer=answer).exists()
    assert invitation.ranking_value is None
    # Audited with ids and numbers only: not what the candidate chose.
    flagged = AuditEvent.objects.get(action="interviews.answer.knockout_flagged")
    assert flagged.target_id == str(answer.public_id)
    assert flagged.data == {"question": 2, "invitation": str(invitation.public_id)}
    assert "No" not in json.dumps(
        list(AuditEvent.objects.filter(target_id=str(answer.public_id)).values("data"))
    )

    reviewer = client_for(recruiter)
    shortlist = reviewer.get(reverse("shortlist", args=[org.slug, job.public_id])).content.decode()
    assert "eligibility to check" in shortlist
    flagged_only = reviewer.get(
        reverse("shortlist", args=[org.slug, job.public_id]), {"knockout": "1"}
    )
    assert "Ana Lima" in flagged_only.content.decode()
    page = reviewer.get(
        reverse("candidate_detail", args=[org.slug, invitation.public_id])
    ).content.decode()
    assert "Eligibility to check." in page
    assert "not what the job asks for" in page
    assert "No decision yet" in page


def test_an_acceptable_answer_raises_no_flag(started, client_for, recruiter, org, job):
    client, invitation = started
    answer_all(client, invitation, "Yes")
    assert not Answer.objects.get(invitation=invitation, kind=AnswerKind.CHOICE).knockout_mismatch
    assert not AuditEvent.objects.filter(action="interviews.answer.knockout_flagged").exists()
    shortlist = client_for(recruiter).get(reverse("shortlist", args=[org.slug, job.public_id]))
    assert "eligibility to check" not in shortlist.content.decode()


def test_a_choice_answer_never_reaches_transcription_or_the_scorer(started):
    client, invitation = started
    answer_all(client, invitation, "No")
    answer = Answer.objects.get(invitation=invitation, kind=AnswerKind.CHOICE)
    written = Answer.objects.get(invitation=invitation, kind=AnswerKind.WRITTEN)
    processing = [
        m.payload["answer_id"]
        for m in OutboxMessage.objects.filter(topic="interviews.answer.submitted")
    ]
    assert processing == [written.pk]  # the written answer only
    # Even asked directly, the first processing step leaves it alone.
    assert answer_check_media(answer_id=answer.pk) is False
    answer.refresh_from_db()
    assert (answer.status, answer.attempts) == (AnswerStatus.ANSWERED, 0)
    assert not Transcript.objects.filter(answer=answer).exists()


def test_a_choice_answer_cannot_be_rated_and_hides_nothing_on_a_blind_first_review(org, admin):
    job = job_with_profile(
        org,
        admin,
        competencies=[services.CompetencyInput("Customer focus", "First.", 3, ["I called."])],
    )
    services.job_update(job=job, actor=admin, blind_first_review=True)
    choice = services.question_add(job=job, actor=admin, question=knockout())
    invitation = InvitationFactory(job=job)
    spoken = scored_answer(invitation, [70])
    ticked = AnswerFactory(
        invitation=invitation,
        question=choice,
        kind=AnswerKind.CHOICE,
        status=AnswerStatus.ANSWERED,
        choices=["2"],
        knockout_mismatch=True,
    )
    review_services.rating_record(answer=spoken, reviewer=admin, value=4)
    with pytest.raises(DomainError, match="not an answer to rate"):
        review_services.rating_record(answer=ticked, reviewer=admin, value=1)
    # Rating every spoken answer shows the overall: the choice answer hides nothing.
    assert ranking.hidden_answers(job=job, answer_ids=[spoken.pk, ticked.pk], viewer=admin) == (
        frozenset()
    )
    (row,) = review_selectors.shortlist(job=job, reviewer=admin)
    assert row.scores_hidden is False
    invitation.refresh_from_db()
    assert invitation.ranking_value == 70  # the knock-out mismatch moved nothing


def test_the_candidates_copy_holds_the_chosen_options_and_erasure_removes_them(started):
    client, invitation = started
    answer_all(client, invitation, "Not yet: I applied for a permit")
    copy = CandidateCopy()
    candidate_export(invitation=invitation, copy=copy)
    choice = next(a for a in copy.data["answers"] if a["kind"] == "choice")
    assert choice["question"] == RIGHT_TO_WORK
    assert choice["chosen_options"] == ["Not yet: I applied for a permit"]
    assert choice["knockout_mismatch"] is True

    candidate_erase(invitation=invitation)
    assert not Answer.objects.filter(invitation=invitation).exists()


def test_another_organisations_question_cannot_be_edited(
    client_for, admin, other_admin, org, other_org
):
    foreign = services.job_create(organization=other_org, actor=other_admin, title="Theirs")
    services.question_add(job=foreign, actor=other_admin, question=knockout())
    question = Question.objects.get(question_set__job=foreign)
    url = editor_url(org, foreign, "question_edit", question_id=question.public_id)
    assert client_for(admin).get(url).status_code == 404
    assert client_for(admin).post(editor_url(org, foreign, "question_add"), {}).status_code == 404
