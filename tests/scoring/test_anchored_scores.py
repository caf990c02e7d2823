"""Scorer 3 around the product: the levels and question type reach the scorer, every score
is stamped and names its level, evidence is highlighted as its exact span, an answer the
scorer cannot place goes to people, and re-scoring with a new scorer keeps history.

The scorer itself is replaced by a small fake giving scorer-3-shaped results (its method
is tested on its own); everything else is the real database, services and pages."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import Answer, AnswerStatus
from palantrix.models import AuditEvent
from review import services as review_services
from scoring import scorer
from scoring import services as scoring
from scoring.models import Evidence, Score, ScoreStatus
from scoring.scorer import CompetencyResult, EvidenceItem
from tests.compliance.rights_data import scored_application, support_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ai_ready")]

SAID = (
    "My manager said: Ana Lima, please handle it. A customer was charged twice, so I "
    "refunded the duplicate myself and stayed late to find the bug in our billing export. "
    "I phoned him on Monday and he thanked the team."
)
QUOTE = "I refunded the duplicate myself"
FINGERPRINT = {"model": "evidence-judge.gguf", "model_sha256": "ab" * 32, "method": "3.0"}


class FakeScorer3:
    """Scorer-3-shaped results: level 4 with one quoted own action (or unsure)."""

    def __init__(self, *, unsure: bool = False):
        self.unsure = unsure
        self.calls: list[dict] = []

    def __call__(self, *, text, question, competencies, question_type="behavioural", **_):
        self.calls.append({"text": text, "competencies": competencies, "type": question_type})
        start = text.index(QUOTE)
        return [
            CompetencyResult(
                c.key,
                c.name,
                c.weight,
                71,
                0.8,
                False,
                "",
                (
                    EvidenceItem(
                        QUOTE, 1, "", "", 0.0, 0.9, start, start + len(QUOTE), "own_action"
                    ),
                ),
                level=4,
                level_anchor=c.anchors[3],
                needs_review=self.unsure,
                review_reason="between level 2 and level 4: the episode may be someone else's"
                if self.unsure
                else "",
            )
            for c in competencies
        ]


@pytest.fixture
def scorer3(monkeypatch):
    fake = FakeScorer3()
    monkeypatch.setattr(scorer, "score_answer", fake)
    monkeypatch.setattr(scorer, "SCORER_VERSION", "palantrix-dna-scorer 3")
    monkeypatch.setattr(scorer, "METHOD_VERSION", "3.0")
    monkeypatch.setattr(scorer, "model_fingerprint", lambda: dict(FINGERPRINT))
    return fake


@pytest.fixture
def job(org, admin):
    profile = services.profile_create(
        organization=org,
        actor=admin,
        name="Support",
        competencies=[
            services.CompetencyInput(
                "Customer focus", "Puts the customer first.", 4, ["I called back the same day."]
            )
        ],
    )
    return services.job_create(organization=org, actor=admin, title="Support", profile=profile)


def written_answer(job, admin, *, question_type="behavioural", name="Ana Lima"):
    question = services.question_add(
        job=job,
        actor=admin,
        question=services.QuestionInput("Tell us about a customer.", question_type=question_type),
    )
    invitation = services.invitation_send(job=job, actor=admin, name=name, email="a@x.test")
    answer = Answer.objects.create(
        organization=job.organization,
        invitation=invitation,
        question=question,
        kind="written",
        status=AnswerStatus.UPLOADED,
        text=SAID,
    )
    assert scoring.answer_transcribe(answer_id=answer.pk, task_id="t1")
    return answer


def page_of(client, org, answer) -> str:
    url = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": answer.invitation.public_id}
    )
    return client.get(url).content.decode()


def test_the_scorer_gets_the_levels_and_question_type_and_every_score_is_stamped(
    scorer3, org, admin, job
):
    answer = written_answer(job, admin, question_type="situational")

    assert scoring.answer_score(answer_id=answer.pk, task_id="t2") == 1

    (call,) = scorer3.calls
    assert call["type"] == "situational"
    (spec,) = call["competencies"]
    assert len(spec.anchors) == 5
    assert spec.anchors[4].startswith("A specific customer episode")  # the library's levels
    assert "Ana" not in call["text"]
    assert "[name]" in call["text"]
    score = Score.objects.get(answer=answer)
    assert score.scorer_version == "palantrix-dna-scorer 3"
    assert score.method_version == "3.0"
    assert score.model_fingerprint == FINGERPRINT
    assert score.scorer.startswith("palantrix-dna-scorer 3; model evidence-judge.gguf")
    assert (score.level, score.level_anchor) == (4, spec.anchors[3])
    (item,) = score.evidence.all()
    # Offsets are kept in the transcript reviewers read, where the full name still stands.
    transcript = answer.transcripts.get(is_current=True)
    assert transcript.text[item.start : item.end] == QUOTE
    assert item.element == "own_action"
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SCORED
    event = AuditEvent.objects.get(action="scoring.answer.scored")
    assert event.data["method"] == "3.0"
    assert event.data["levels"] == {"Customer focus": 4}


def test_a_reviewer_sees_the_level_and_the_exact_evidence_span(
    scorer3, client_for, hiring_manager, org, admin, job
):
    answer = written_answer(job, admin)
    scoring.answer_score(answer_id=answer.pk, task_id="t2")

    page = page_of(client_for(hiring_manager), org, answer)

    anchor = Score.objects.get(answer=answer).level_anchor
    assert f"<strong>Level 4 of 5:</strong> {anchor}" in page.replace("&#x27;", "'")
    # Only the quoted words are marked, not the whole sentence around them.
    assert f"so <mark>{QUOTE}</mark> and stayed late" in page
    assert "the candidate&#x27;s own action" in page


def test_blind_first_review_hides_the_level_until_the_reviewer_rated(
    scorer3, client_for, hiring_manager, org, admin, job
):
    job.blind_first_review = True
    job.save()
    answer = written_answer(job, admin)
    scoring.answer_score(answer_id=answer.pk, task_id="t2")
    client = client_for(hiring_manager)

    page = page_of(client, org, answer)
    assert "Level 4 of 5" not in page
    assert "<mark>" not in page

    review_services.rating_record(answer=answer, reviewer=hiring_manager, value=4)
    assert "Level 4 of 5" in page_of(client, org, answer)


def test_an_answer_the_scorer_cannot_place_goes_to_people_with_the_reason(
    scorer3, client_for, hiring_manager, org, admin, job
):
    scorer3.unsure = True
    answer = written_answer(job, admin)

    scoring.answer_score(answer_id=answer.pk, task_id="t2")

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert "Customer focus: between level 2 and level 4" in answer.review_reason
    score = Score.objects.get(answer=answer)
    assert score.value is None  # no number for an unsure answer
    assert score.needs_review
    event = AuditEvent.objects.get(action="scoring.answer.needs_review")
    assert event.data == {"reason": "scorer_unsure"}  # ids and a code, never the answer's words
    page = page_of(client_for(hiring_manager), org, answer)
    assert "needs human review" in page
    assert "between level 2 and level 4" in page
    # It waits in the queue the dashboard counts, like too little speech.
    from review.selectors import needs_review_by_job

    assert needs_review_by_job(organization=org)[0].candidates == 1


def test_rescoring_with_a_new_scorer_keeps_the_old_scores_as_history(
    client_for, hiring_manager, org, admin, job, monkeypatch
):
    """The real scorer scores first; the job is then re-scored with a newer scorer against
    the same profile version and transcript: both stay, the new one counts."""
    answer = written_answer(job, admin)
    assert scoring.answer_score(answer_id=answer.pk, task_id="t2") == 1
    old = Score.objects.get(answer=answer)
    assert old.scorer_version == scorer.SCORER_VERSION == "palantrix-dna-scorer 3"

    fake = FakeScorer3()
    monkeypatch.setattr(scorer, "score_answer", fake)
    monkeypatch.setattr(scorer, "SCORER_VERSION", "palantrix-dna-scorer 4")
    monkeypatch.setattr(scorer, "METHOD_VERSION", "4.0")
    monkeypatch.setattr(scorer, "model_fingerprint", lambda: dict(FINGERPRINT))
    run = scoring.job_rescore(job=job, actor=admin)
    assert run.scorer_version == "palantrix-dna-scorer 4"
    scoring.rescore_run_process(run_id=run.pk, task_id="r1")
    scoring.rescore_run_process(run_id=run.pk, task_id="r1")  # safe to repeat

    old.refresh_from_db()
    assert old.status == ScoreStatus.SUPERSEDED
    new = Score.objects.get(answer=answer, status=ScoreStatus.ACTIVE)
    assert (new.scorer_version, new.value) == ("palantrix-dna-scorer 4", 71)
    assert Score.objects.filter(answer=answer).count() == 2
    from review.selectors import shortlist

    (row,) = shortlist(job=job)
    assert row.ranking_value == 71  # the current score ranks
    page = page_of(client_for(hiring_manager), org, answer)
    assert "Earlier scores (1)" in page
    assert "palantrix-dna-scorer 3" in page
    assert f"<td>{old.value}/100</td>" in page


def test_rescoring_sends_an_answer_with_too_little_speech_to_people(org, admin, ai_ready):
    """The not-scorable gates hold on re-scoring too: a transcript of a few words (here a
    reviewer's correction left it so) is not scored again but goes to human review."""
    job = support_job(org, admin)
    invitation = scored_application(
        job, admin, name="Bo Chen", email="bo@x.test", sentences=("Yes I did.", "It was fine.")
    )
    answer = invitation.answers.get()
    assert Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE).count() == 2

    run = scoring.job_rescore(job=job, actor=admin)
    scoring.rescore_run_process(run_id=run.pk, task_id="r1")

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason == "Too little speech to score (6 words)."
    assert not Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE).exists()
    assert Score.objects.filter(answer=answer, status=ScoreStatus.SUPERSEDED).count() == 2
    event = AuditEvent.objects.get(action="scoring.answer.needs_review")
    assert event.data == {"reason": "too_little_speech"}


def test_old_evidence_without_offsets_is_still_marked_by_its_words(
    client_for, hiring_manager, org, admin, job
):
    answer = written_answer(job, admin)
    assert scoring.answer_score(answer_id=answer.pk, task_id="t2") == 1
    # As scorer 2 left them: evidence without offsets, scores without a level.
    Evidence.objects.filter(score__answer=answer).update(start=None, end=None)
    Score.objects.filter(answer=answer).update(level=None, level_anchor="")

    page = page_of(client_for(hiring_manager), org, answer)

    assert page.count("<mark>") >= 1
    assert "Level" not in page.split("AI scores</h3>")[1].split("</section>")[0]


def test_the_interview_brief_names_the_matched_level(scorer3, org, admin, job):
    from django.template.loader import render_to_string

    from review.brief import candidate_brief

    answer = written_answer(job, admin)
    scoring.answer_score(answer_id=answer.pk, task_id="t2")

    brief = candidate_brief(invitation=answer.invitation)

    (focus,) = brief.competencies
    assert focus.level == 4
    assert focus.level_anchor == Score.objects.get(answer=answer).level_anchor
    html = render_to_string("review/live/_brief.html", {"brief": brief})
    assert "<strong>Level 4 of 5:</strong>" in html
    assert QUOTE in html
