"""The ranked shortlist: every candidate listed, AI score advisory, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db


def names(response):
    return [row.invitation.name for row in response.context["rows"]]


def test_candidates_are_ranked_by_weighted_ai_score_and_unscored_ones_listed_last(
    client_for, hiring_manager, org, job
):
    scored_candidates(job, [(50, 100), (80, 0), None, (90, 90)])  # overall 60, 64, -, 90
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    response = client_for(hiring_manager).get(url)
    assert names(response) == ["Candidate 003", "Candidate 001", "Candidate 000", "Candidate 002"]
    page = response.content.decode()
    assert "advisory AI assessment" in page
    assert "needs human review" in page
    ascending = client_for(hiring_manager).get(url, {"sort": "score", "dir": "asc"})
    assert names(ascending)[:3] == ["Candidate 000", "Candidate 001", "Candidate 003"]
    assert names(ascending)[-1] == "Candidate 002"  # no score: still listed, last


def test_filters_narrow_the_list(client_for, hiring_manager, org, job):
    scored_candidates(job, [(50, 100), (80, 0), None, (90, 90)])
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    client = client_for(hiring_manager)
    assert names(client.get(url, {"min": 62})) == ["Candidate 003", "Candidate 001"]
    assert names(client.get(url, {"needs_review": "1"})) == ["Candidate 002"]
    assert names(client.get(url, {"status": "expired"})) == []


def test_the_number_of_queries_does_not_grow_with_candidates(client_for, hiring_manager, org, job):
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    client = client_for(hiring_manager)

    def queries_for_page() -> int:
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), len(response.context["rows"])

    scored_candidates(job, [(n % 100, (n * 7) % 100) if n % 5 else None for n in range(10)])
    at_10, rows_10 = queries_for_page()
    scored_candidates(job, [(n % 100, (n * 3) % 100) if n % 5 else None for n in range(490)])
    at_500, rows_500 = queries_for_page()
    assert (rows_10, rows_500) == (10, 50)  # paginated
    assert at_10 == at_500
    assert at_500 <= 20


def test_the_shortlist_and_the_candidate_page_show_the_same_rounded_score(
    client_for, hiring_manager, org, job
):
    (invitation,) = scored_candidates(job, [(97, 100)])  # (4·97 + 1·100) / 5 = 97.6
    client = client_for(hiring_manager)
    shortlist = client.get(reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id}))
    row, *_ = shortlist.context["rows"]
    candidate = client.get(
        reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id})
    )
    assert (row.shown.value, candidate.context["shown"].value) == (98, 98)
    assert "Score (overrides applied)" in shortlist.content.decode()


def test_an_override_that_changes_the_ranking_value_is_marked_with_the_ais_own(
    client_for, admin, org, job
):
    from review import services
    from scoring.models import Score

    first, _ = scored_candidates(job, [(60, 60), (70, 70)])
    score = Score.objects.get(answer__invitation=first, competency_name="Customer focus")
    services.score_override(score=score, actor=admin, value=100, reason="Strong call-back story.")
    response = client_for(admin).get(
        reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    )
    assert names(response) == ["Candidate 000", "Candidate 001"]  # (4·100 + 60) / 5 = 92
    page = response.content.decode()
    assert "override; AI 60" in page
    assert page.count("override; AI") == 1
    candidate = client_for(admin).get(
        reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": first.public_id})
    )
    assert (candidate.context["shown"].ai, candidate.context["shown"].value) == (60, 92)


def test_blind_first_review_hides_scores_on_the_shortlist_until_ones_own_ratings(
    client_for, hiring_manager, org, job
):
    from review import services

    job.blind_first_review = True
    job.save(update_fields=["blind_first_review"])
    low, _ = scored_candidates(job, [(40, 40), (90, 90)])
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    client = client_for(hiring_manager)

    before = client.get(url)
    assert [
        (row.shown.value, row.shown.confidence, row.competencies) for row in before.context["rows"]
    ] == [(None, None, [None, None])] * 2
    assert names(before) == ["Candidate 000", "Candidate 001"]  # no order leaks the AI's view
    assert names(client.get(url, {"min": 50})) == []

    services.rating_record(answer=low.answers.get(), reviewer=hiring_manager, value=2)
    after = client.get(url)
    assert [(row.invitation.name, row.shown.value) for row in after.context["rows"]] == [
        ("Candidate 000", 40),
        ("Candidate 001", None),
    ]
