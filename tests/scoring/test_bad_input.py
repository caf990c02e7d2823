"""A reason or score a reviewer cannot use is refused with a message naming the field."""

import pytest
from django.urls import reverse

from compliance.services import instructions_acknowledge, overseer_set
from interviews.models import Decision
from palantrix.models import AuditEvent, Membership
from scoring.models import Score, ScoreOverride
from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def overseer(hiring_manager, admin, org):
    membership = Membership.objects.get(user=hiring_manager, organization=org)
    instructions_acknowledge(membership=membership, actor=hiring_manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    return hiring_manager


def page_of(response) -> str:
    return response.content.decode()


def test_a_decision_reason_with_an_email_address_is_refused_with_a_message(
    client_for, overseer, org, job
):
    (invitation,) = scored_candidates(job, [(50, 50)])
    client = client_for(overseer)
    url = reverse("decide", kwargs={"org": org.slug, "invitation_id": invitation.public_id})

    response = client.post(
        url, {"outcome": "reject", "reason": "As agreed with sam@example.com"}, follow=True
    )

    assert response.status_code == 200
    assert "Reason: leave out email addresses" in page_of(response)
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action="interviews.candidate.decided").exists()


def test_a_bulk_decision_reason_with_an_email_address_is_refused_with_a_message(
    client_for, overseer, org, job
):
    (invitation,) = scored_candidates(job, [(50, 50)])
    client = client_for(overseer)
    url = reverse("decide_many", kwargs={"org": org.slug, "job_id": job.public_id})

    response = client.post(
        url,
        {"candidates": [invitation.public_id], "outcome": "hold", "reason": "ask a@b.org"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Reason: leave out email addresses" in page_of(response)
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Checked with sam@example.com", "Reason: leave out email addresses"),
        ("x" * 1001, "Reason: keep it to 1,000 characters (this one has 1,001)."),
    ],
)
def test_an_override_reason_that_cannot_be_kept_is_refused_with_a_message(
    client_for, overseer, org, job, reason, message
):
    scored_candidates(job, [(50, 50)])
    score = Score.objects.first()
    client = client_for(overseer)
    url = reverse("score_override", kwargs={"org": org.slug, "score_id": score.public_id})

    response = client.post(url, {"value": 80, "reason": reason}, follow=True)

    assert message in page_of(response)
    assert "Give a score." not in page_of(response)
    assert not ScoreOverride.objects.exists()


def test_an_override_without_a_number_names_the_score(client_for, overseer, org, job):
    scored_candidates(job, [(50, 50)])
    score = Score.objects.first()
    url = reverse("score_override", kwargs={"org": org.slug, "score_id": score.public_id})

    response = client_for(overseer).post(url, {"value": "lots", "reason": "ok"}, follow=True)

    assert "Score: give a whole number from 0 to 100." in page_of(response)
    assert not ScoreOverride.objects.exists()


def test_an_override_of_exactly_1000_characters_is_saved(client_for, overseer, org, job):
    scored_candidates(job, [(50, 50)])
    score = Score.objects.first()
    url = reverse("score_override", kwargs={"org": org.slug, "score_id": score.public_id})

    client_for(overseer).post(url, {"value": 80, "reason": "y" * 1000})

    assert ScoreOverride.objects.get().reason == "y" * 1000
