"""One definition of a candidate's overall (`scoring.ranking`): every view shows the same
figures, blind first review hides them the same way everywhere, and the value stored for
the shortlist follows every change that moves it."""

import pytest
from django.test import Client
from django.urls import reverse

from api.services import api_key_create
from compliance import lifecycle
from compliance.rights import selectors as rights_selectors
from compliance.rights import services as rights
from compliance.selectors import ai_scores
from interviews.models import Invitation, Question
from palantrix import audit
from review import brief as briefs
from review import services
from scoring import ranking
from scoring.models import Score, ScoreStatus
from scoring.scorer import CompetencyResult
from scoring.services import scores as scoring_scores
from tests.api.conftest import Api
from tests.factories import current_version, scored_answer, scored_candidates

pytestmark = pytest.mark.django_db


def api_client(org) -> Api:
    _, secret = api_key_create(
        organization=org, actor=audit.SYSTEM, name="ATS", access="read_write"
    )
    return Api(Client(), secret)


def shortlist_rows(client, org, job) -> dict[str, object]:
    response = client.get(reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id}))
    return {row.invitation.name: row for row in response.context["rows"]}


def candidate_page(client, org, invitation):
    return client.get(
        reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id})
    )


def score_of(invitation, competency="Customer focus") -> Score:
    return Score.objects.get(
        answer__invitation=invitation, competency_name=competency, status=ScoreStatus.ACTIVE
    )


def assert_stored_is_computed(*invitations) -> None:
    for invitation in invitations:
        invitation.refresh_from_db()
        assert ranking.stored(invitation) == ranking.computed([invitation.pk])[invitation.pk]


def test_the_shortlist_candidate_page_brief_api_and_explanation_show_the_same_figures(
    client_for, admin, org, job
):
    # Given candidates with a halves-up rounding, an override, no AI score (human review),
    # a withdrawal from AI assessment and a plain score:
    rounded, overridden, waiting, withdrawn, plain = scored_candidates(
        job, [(97, 100), (60, 60), None, (90, 90), (50, 80)]
    )
    services.score_override(
        score=score_of(overridden), actor=admin, value=100, reason="Strong call-back story."
    )
    rights.ai_assessment_withdraw(invitation=withdrawn)
    # (AI, with overrides) as a reviewer would read them: (4·97 + 100) / 5 = 97.6 -> 98;
    # (4·100 + 60) / 5 = 92 over the AI's 60; (4·50 + 80) / 5 = 56.
    expected = {
        rounded.name: (98, 98),
        overridden.name: (60, 92),
        waiting.name: (None, None),
        withdrawn.name: (None, None),
        plain.name: (56, 56),
    }

    client = client_for(admin)
    rows = shortlist_rows(client, org, job)
    assert list(rows)[:3] == [rounded.name, overridden.name, plain.name]  # by the value used
    api = api_client(org)
    audited = ai_scores(organization=org, invitation_ids=[i.pk for i in rows_of(job)])
    for invitation in (rounded, overridden, waiting, withdrawn, plain):
        ai, value = expected[invitation.name]
        row = rows[invitation.name].shown
        page = candidate_page(client, org, invitation).context["shown"]
        brief = briefs.candidate_brief(invitation=invitation)
        interview = api.get(f"interviews/{invitation.public_id}/").json()
        explained = rights_selectors.explanation(invitation=invitation)
        assert (row.ai, row.value) == (ai, value), invitation.name
        assert (page.ai, page.value, page.confidence) == (row.ai, row.value, row.confidence)
        assert (brief.overall, brief.human_overall) == (ai, value if value != ai else None)
        assert (interview["overall_score"], interview["overall_score_with_overrides"]) == (
            ai,
            value,
        )
        assert interview["overall_confidence"] == (row.confidence or 0.0)
        assert explained.overall == ai
        assert audited.get(invitation.pk) == ai
        assert_stored_is_computed(invitation)
    # An override is marked where it moved the value, beside the AI's own figure.
    assert rows[overridden.name].shown.override_changed
    assert not rows[rounded.name].shown.override_changed
    html = client.get(reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id}))
    assert html.content.decode().count("override; AI 60") == 1
    # The competency columns agree with the brief's competency figures.
    brief = briefs.candidate_brief(invitation=overridden)
    by_name = {c.name: c for c in brief.competencies}
    assert rows[overridden.name].competencies == [
        by_name["Customer focus"].value,
        by_name["Teamwork"].value,
    ]
    assert (by_name["Customer focus"].ai, by_name["Customer focus"].human) == (60, 100)


def rows_of(job):
    return Invitation.objects.filter(job=job)


def test_blind_first_review_hides_the_overall_everywhere_until_the_answers_are_rated(
    client_for, admin, hiring_manager, org, job
):
    job.blind_first_review = True
    job.save(update_fields=["blind_first_review"])
    (invitation,) = scored_candidates(job, [(40, 40)])
    first = invitation.answers.get()
    question = Question.objects.create(
        organization=org, question_set=first.question.question_set, position=2, text="And?"
    )
    # Two answers: (40·5 + 80·5) / 10 = 60.
    second = scored_answer(invitation, [80, 80], answer={"question": question})
    api = api_client(org)

    def seen(user):
        client = client_for(user)
        row = shortlist_rows(client, org, job)[invitation.name]
        return row.shown.hidden, candidate_page(client, org, invitation).context["shown"].hidden

    def api_seen():
        interview = api.get(f"interviews/{invitation.public_id}/").json()
        return (
            interview["overall_hidden"],
            interview["overall_score"],
            [a["scores_hidden"] for a in interview["answers"]],
        )

    assert seen(hiring_manager) == (True, True)
    assert api_seen() == (True, None, [True, True])

    # One answer rated: that answer's scores show, the overall still not (anywhere).
    services.rating_record(answer=first, reviewer=hiring_manager, value=2)
    assert seen(hiring_manager) == (True, True)
    page = candidate_page(client_for(hiring_manager), org, invitation)
    assert [row["scores_hidden"] for row in page.context["rows"]] == [False, True]
    assert api_seen()[:2] == (True, None)

    # Every answer rated by the manager: the manager sees it, the admin still does not,
    # and the API (a machine, with no ratings of its own) counts any member's rating.
    services.rating_record(answer=second, reviewer=hiring_manager, value=4)
    assert seen(hiring_manager) == (False, False)
    assert shortlist_rows(client_for(hiring_manager), org, job)[invitation.name].shown.value == 60
    assert seen(admin) == (True, True)
    assert api_seen() == (False, 60, [False, False])


# --- The stored value follows every change ------------------------------------------------------


def result(key, name, weight, score) -> CompetencyResult:
    return CompetencyResult(
        key=str(key),
        name=name,
        weight=weight,
        score=score,
        confidence=0.7,
        insufficient=False,
        reason="",
        evidence=(),
        level=3,
    )


def test_the_stored_value_follows_new_scores_overrides_human_review_withdrawal_and_erasure(
    admin, org, job, s3_bucket
):
    scored, sent, withdrawn, erased, untouched = scored_candidates(
        job, [(50, 50), (70, 70), (80, 80), (90, 90), (30, 30)]
    )
    scored.refresh_from_db()
    assert ranking.stored(scored).value == 50

    # New scores (the scorer's save, as a re-score or a corrected transcript makes them).
    answer = scored.answers.get()
    transcript = answer.transcripts.get()
    version = current_version(job)
    competencies = list(version.competencies.order_by("position"))
    scoring_scores._save_scores(
        answer,
        transcript,
        version,
        [result(c.key, c.name, c.weight, 100) for c in competencies],
    )
    # An override.
    services.score_override(score=score_of(untouched), actor=admin, value=80, reason="Misread.")
    # An answer sent to people: its scores stop counting.
    scoring_scores._send_to_people(sent.answers.get(), code="too_short", reason="Too little.")
    # A withdrawal from AI assessment.
    rights.ai_assessment_withdraw(invitation=withdrawn)
    # An erasure.
    lifecycle.candidate_purge(erased, reason="erasure", actor=admin)

    for invitation in (scored, sent, withdrawn, erased, untouched):
        invitation.refresh_from_db()
    assert ranking.stored(scored).value == 100
    assert ranking.stored(untouched).value == (4 * 80 + 30) / 5
    assert ranking.stored(untouched).ai == 30
    assert ranking.stored(untouched).overridden
    for gone in (sent, withdrawn, erased):
        assert ranking.stored(gone) == ranking.NOTHING
    assert_stored_is_computed(scored, sent, withdrawn, erased, untouched)
