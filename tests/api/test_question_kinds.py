"""The API shows choice questions, knock-out flags and pools read-only, in the shapes it
had: one question per slot, with the slot's alternatives inside it."""

import json

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import AnswerKind
from tests.interviews.conftest import link_token

pytestmark = pytest.mark.django_db


def test_choices_flags_and_pools_read_through_the_api(api, client, org, admin):
    job = services.job_create(organization=org, actor=admin, title="Driver")
    slot = services.question_add(
        job=job, actor=admin, question=services.QuestionInput("A hard day?", kind="written")
    )
    alternative = services.question_add_alternative(
        question=slot, actor=admin, text="A day that went wrong?"
    )
    choice = services.question_add(
        job=job,
        actor=admin,
        question=services.QuestionInput(
            "Licence?",
            kind=AnswerKind.CHOICE,
            options=[("Yes", True), ("No", False)],
            knockout=True,
        ),
    )
    services.job_set_status(job=job, actor=admin, status="open")
    invitation = services.invitation_send(job=job, actor=admin, name="Bo", email="bo@example.test")
    client.get(reverse("candidate_link", args=[link_token(invitation)]))
    services.interview.consent_record(invitation=invitation, ai_assessment=True, user_agent="t")
    response = client.post(
        reverse("candidate_choice", args=[choice.public_id]),
        json.dumps({"choices": ["2"]}),
        content_type="application/json",
    )
    assert response.status_code == 200

    (question_set,) = api.get(f"jobs/{job.public_id}/question-sets/").json()
    first, second = question_set["questions"]  # one per slot
    assert [a["id"] for a in first["alternatives"]] == [str(alternative.public_id)]
    assert first["alternatives"][0]["text"] == "A day that went wrong?"
    assert second["kind"] == "choice"
    assert second["knockout"] is True
    assert second["options"] == [
        {"key": "1", "text": "Yes", "acceptable": True},
        {"key": "2", "text": "No", "acceptable": False},
    ]
    interview = api.get(f"interviews/{invitation.public_id}/").json()
    (answer,) = interview["answers"]
    assert answer["choices"] == ["2"]
    assert answer["knockout_mismatch"] is True
    assert answer["question_text"] == "Licence?"
    assert answer["scores"] == []
    assert answer["transcript"] is None
    assert interview["status"] == "started"
    assert interview["decision"] is None
