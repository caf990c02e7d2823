"""The dashboard says how many undecided candidates wait for a person, per job."""

import pytest
from django.urls import reverse

from review.services import decision_record
from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db


def test_undecided_candidates_needing_review_are_counted_per_job_and_linked(
    client_for, recruiter, org, job, admin
):
    waiting, decided, _scored = scored_candidates(job, [None, None, (60, 60)])
    decision_record(invitation=decided, actor=admin, outcome="hold", reason="Called references")
    client = client_for(recruiter)

    response = client.get(reverse("dashboard", kwargs={"org": org.slug}))

    assert response.context["review_waiting_count"] == 1
    shortlist = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    assert f'href="{shortlist}?needs_review=1"' in response.content.decode()
    filtered = client.get(shortlist, {"needs_review": "1"})
    assert {row.invitation.name for row in filtered.context["rows"]} == {waiting.name, decided.name}
