"""People override and decide, with reasons; only overseers may; both are audited."""

from pathlib import Path

import pytest
from django.urls import reverse

from compliance.services import instructions_acknowledge, overseer_set
from interviews.models import Decision
from palantrix.errors import DomainError
from palantrix.models import AuditEvent, Membership
from scoring.models import Score, ScoreOverride
from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def overseer(hiring_manager, admin, org):
    membership = Membership.objects.get(user=hiring_manager, organization=org)
    with pytest.raises(DomainError, match="read the current instructions"):
        overseer_set(membership=membership, actor=admin, granted=True)
    instructions_acknowledge(membership=membership, actor=hiring_manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    return hiring_manager


def shortlist_names(client, org, job):
    response = client.get(reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id}))
    return [row.invitation.name for row in response.context["rows"]]


def test_without_the_overseer_permission_override_and_decide_are_refused(
    client_for, recruiter, org, job
):
    (invitation,) = scored_candidates(job, [(50, 50)])
    score = Score.objects.first()
    client = client_for(recruiter)
    override = reverse("score_override", kwargs={"org": org.slug, "score_id": score.public_id})
    assert client.post(override, {"value": 90, "reason": "x"}).status_code == 403
    decide = reverse("decide", kwargs={"org": org.slug, "invitation_id": invitation.public_id})
    assert client.post(decide, {"outcome": "reject", "reason": "x"}).status_code == 403
    assert not Decision.objects.exists()
    assert not ScoreOverride.objects.exists()


def test_an_override_needs_a_reason_reranks_and_keeps_the_ai_score(client_for, overseer, org, job):
    scored_candidates(job, [(50, 50), (70, 70)])
    client = client_for(overseer)
    assert shortlist_names(client, org, job) == ["Candidate 001", "Candidate 000"]
    score = Score.objects.get(answer__invitation__name="Candidate 000", weight=4)
    url = reverse("score_override", kwargs={"org": org.slug, "score_id": score.public_id})

    refused = client.post(url, {"value": 95, "reason": " "}, follow=True)
    assert "Give the reason" in refused.content.decode()
    client.post(url, {"value": 95, "reason": "Strong example the AI missed"})

    score.refresh_from_db()
    assert (score.value, score.overridden_value) == (50, 95)
    assert shortlist_names(client, org, job) == ["Candidate 000", "Candidate 001"]
    event = AuditEvent.objects.get(action="scoring.score.overridden")
    assert event.data == {"ai": 50, "from": 50, "to": 95, "reason": "Strong example the AI missed"}
    page = client.get(
        reverse(
            "candidate_detail",
            kwargs={"org": org.slug, "invitation_id": score.answer.invitation.public_id},
        )
    ).content.decode()
    assert 'data-override><span class="label">Reviewer</span><span class="value">95<' in page


def test_decisions_are_human_with_a_reason_one_by_one_or_in_bulk(client_for, overseer, org, job):
    first, second, third = scored_candidates(job, [(50, 50), (70, 70), None])
    client = client_for(overseer)
    client.post(
        reverse("decide", kwargs={"org": org.slug, "invitation_id": first.public_id}),
        {"outcome": "reject", "reason": "Little evidence of customer focus"},
    )
    client.post(
        reverse("decide_many", kwargs={"org": org.slug, "job_id": job.public_id}),
        {
            "candidates": [str(second.public_id), str(third.public_id)],
            "outcome": "advance",
            "reason": "Invite to the live interview",
        },
    )
    outcomes = dict(Decision.objects.values_list("invitation__name", "outcome"))
    assert outcomes == {
        "Candidate 000": "reject",
        "Candidate 001": "advance",
        "Candidate 002": "advance",
    }
    assert all(d.decided_by == overseer for d in Decision.objects.all())
    events = AuditEvent.objects.filter(action="interviews.candidate.decided")
    assert events.count() == 3
    assert {e.actor_id for e in events} == {str(overseer.pk)}
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    advanced = client.get(url, {"decision": "advance"})
    assert len(advanced.context["rows"]) == 2


def test_nothing_but_the_decision_service_creates_decisions():
    """No code path advances or rejects anyone on its own."""
    creators = [
        str(path.relative_to(ROOT))
        for folder in ("palantrix", "interviews", "scoring", "review", "compliance", "api", "web")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and "Decision.objects.create" in path.read_text()
    ]
    assert creators == ["review/services/decisions.py"]


def test_a_reason_that_names_the_candidate_is_recorded_without_the_name(
    client_for, overseer, org, job
):
    (invitation,) = scored_candidates(job, [(50, 50)])
    invitation.name = "Zelda Quintero-Hart"
    invitation.save(update_fields=["name"])
    score = Score.objects.get(weight=4)
    client = client_for(overseer)
    client.post(
        reverse("score_override", kwargs={"org": org.slug, "score_id": score.public_id}),
        {"value": 80, "reason": "zelda gave a clear example; Quintero-Hart led the team"},
    )
    client.post(
        reverse("decide", kwargs={"org": org.slug, "invitation_id": invitation.public_id}),
        {"outcome": "hold", "reason": "Waiting for Zelda's references"},
    )

    override = AuditEvent.objects.get(action="scoring.score.overridden")
    assert override.data["reason"] == "[name] gave a clear example; [name] led the team"
    decided = AuditEvent.objects.filter(target_id=str(invitation.public_id)).last()
    assert "Zelda" not in str(decided.data)
    assert "[name]" in str(decided.data)
    # What the reviewers see keeps their own words; only the permanent log is masked.
    assert ScoreOverride.objects.get().reason.startswith("zelda gave")
