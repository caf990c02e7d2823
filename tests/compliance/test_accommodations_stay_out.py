"""An adjustment is between the candidate and the recruiters: it never reaches the scorer,
the bias report (NYC LL144) or the API reviewers' tools read. Each test compares a
candidate with adjustments to the same candidate without them."""

import pytest
from django.urls import reverse

from api.services import api_key_create
from compliance.models import RaceEthnicity, Sex
from compliance.selectors import bias_report
from interviews import services
from interviews.models import Accommodation, AccommodationStatus, AnswerKind, AnswerStatus
from palantrix import audit
from scoring import services as scoring
from scoring.models import Score
from scoring.services.scores import scoring_input
from tests.compliance.test_fairness_report import last_year, scored_candidate, scored_job
from tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db

WORDS = "I am autistic and a quiet room and more time help me."
SAID = (
    "A customer was charged twice and was upset. I listened, refunded the duplicate myself "
    "and stayed late to find the bug in our billing export. I phoned him on Monday to "
    "confirm the refund had arrived and he thanked the team."
)


def adjust(invitation, actor):
    """Every kind of adjustment, asked for in the candidate's words and granted."""
    for kind, percent in (("extra_time", 100), ("written", None), ("other", None)):
        request = services.accommodation_request(invitation=invitation, kind=kind, details=WORDS)
        services.accommodation_decide(
            accommodation=request,
            actor=actor,
            grant=True,
            reason="Granted for a fair interview.",
            extra_time_percent=percent,
        )


@pytest.mark.usefixtures("ai_ready")
def test_the_scorer_gives_an_adjusted_candidate_the_same_scores_for_the_same_words(org, admin):
    profile = services.profile_create(
        organization=org,
        actor=admin,
        name="Support",
        competencies=[
            services.CompetencyInput(
                "Customer focus",
                "Puts the customer first.",
                4,
                ["I called the customer back the same day and fixed the order myself."],
                ["I told the customer to read the FAQ."],
            )
        ],
    )
    job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
    question = services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a customer.")
    )
    assert question.kind == AnswerKind.VIDEO
    plain = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="a@x.test")
    adjusted = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="b@x.test")
    adjust(adjusted, admin)
    services.interview.consent_record(invitation=adjusted, ai_assessment=True, user_agent="t")

    # The same words: one typed as a written question's answer would be, one typed instead
    # of a recording, as granted.
    first = AnswerFactory(
        invitation=plain, question=question, kind="written", status=AnswerStatus.UPLOADED, text=SAID
    )
    second = services.interview.answer_submit_text(
        invitation=adjusted, question_id=question.public_id, text=SAID
    )
    for n, answer in enumerate((first, second)):
        assert scoring.answer_transcribe(answer_id=answer.pk, task_id=f"t{n}")
        assert scoring.answer_score(answer_id=answer.pk, task_id=f"s{n}") == 1

    def scored(answer):
        score = Score.objects.get(transcript__answer=answer)
        transcript = score.transcript
        evidence = sorted(e.sentence for e in score.evidence.all())
        return scoring_input(answer, transcript).text, score.value, score.confidence, evidence

    assert scored(second) == scored(first)
    assert WORDS not in scored(second)[0]


def test_the_bias_report_is_the_same_with_or_without_adjustments(
    org, admin, client_for, hiring_manager
):
    job = scored_job(org)
    women = [
        scored_candidate(job, [value], sex=Sex.FEMALE, race=RaceEthnicity.BLACK)
        for value in (8, 5, 3, 2)
    ]
    for value in (9, 7, 6, 4):
        scored_candidate(job, [value], sex=Sex.MALE, race=RaceEthnicity.WHITE)
    start, end = last_year()
    url = reverse("job_bias_report_csv", kwargs={"org": org.slug, "job_id": job.public_id})
    before = bias_report(organization=org, start=start, end=end, job=job)
    csv_before = client_for(hiring_manager).get(url).content

    # Their interviews are finished: the adjustments they had, as stored.
    for invitation in women:
        for kind, percent in (("extra_time", 100), ("written", None), ("other", None)):
            Accommodation.objects.create(
                organization=org,
                invitation=invitation,
                kind=kind,
                status=AccommodationStatus.GRANTED,
                extra_time_percent=percent,
                details=WORDS,
            )

    after = bias_report(organization=org, start=start, end=end, job=job)
    assert after == before
    csv_after = client_for(hiring_manager).get(url).content
    assert csv_after == csv_before
    assert b"djust" not in csv_after
    assert b"ccommodat" not in csv_after


def test_the_api_shows_no_adjustment_of_a_candidate(org, admin, client):
    job = scored_job(org)
    invitation = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="a@x.test")
    adjust(invitation, admin)
    _, secret = api_key_create(organization=org, actor=audit.SYSTEM, name="ATS", access="read")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for path in (
        f"/api/v1/invitations/{invitation.public_id}/",
        f"/api/v1/interviews/{invitation.public_id}/",
    ):
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        body = response.content.decode()
        for hint in (WORDS, "Granted for a fair interview", "extra_time", "accommodation"):
            assert hint not in body, (path, hint)
