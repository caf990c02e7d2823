"""The ranked shortlist: every candidate listed, AI score advisory, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db


def names(response):
    return [row.name for row, _ in response.context["rows"]]


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
