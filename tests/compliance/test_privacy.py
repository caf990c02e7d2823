"""Each app says in its own privacy.py what a candidate's copy holds of its rows and what the
purge does with them; compliance asks through palantrix.privacy. These tests hold the apps
to it: no model with a candidate's data is left out, and the copy keeps its layout."""

import pytest
from django.apps import apps
from django.db import models

from compliance.rights import services as rights
from compliance.rights.export import export_data
from interviews.models import Invitation
from palantrix import privacy
from palantrix.models import Role
from review import services as review_services
from scoring.models import Score
from tests.compliance.rights_data import scored_application, support_job


def _pointing_at(targets: set[type[models.Model]]) -> dict[type[models.Model], list[models.Field]]:
    found: dict[type[models.Model], list[models.Field]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model in targets:
                found.setdefault(model, []).append(field)
    return found


def test_every_model_holding_a_candidates_data_is_covered_by_an_apps_privacy_hooks():
    """A new model holding a candidate's data (a share link, say) must say in its app's
    privacy.py what the purge does with it: delete, blank, or keep with a reason. That
    holds for rows under the candidate's rows too (a score under an answer)."""
    declared = privacy.candidate_data()
    assert set(declared) <= {model._meta.label for model in apps.get_models()}, "no such model"
    under = {Invitation}  # the candidate, then every row that points at them, and so on
    direct = set(_pointing_at({Invitation}))
    while True:
        more = set(_pointing_at(under)) - under
        if not more:
            break
        under |= more
    missing = {model._meta.label for model in under - {Invitation}} - set(declared)
    assert missing == set(), "say what happens to these in their app's privacy.py"
    # Rows that reach the candidate only through another row go with it: their links cascade.
    for model, fields in _pointing_at(under - {Invitation}).items():
        if model in direct:
            continue
        for field in fields:
            assert field.remote_field.on_delete is models.CASCADE, (model._meta.label, field.name)


def test_every_app_holding_candidate_rows_erases_or_explains_them():
    """An app whose rows are neither kept nor gone with a lower row has an erase hook."""
    for label, module in privacy.owners().items():
        fates = getattr(module, "CANDIDATE_DATA", {}).values()
        erased = [f for f in fates if not f.startswith(("kept", "deleted with"))]
        assert not erased or hasattr(module, "candidate_erase"), label


def test_two_apps_cannot_write_the_same_section_of_the_copy():
    copy = privacy.CandidateCopy()
    copy.add("answers", [])
    with pytest.raises(ValueError, match="answers"):
        copy.add("answers", [])


@pytest.mark.django_db
def test_the_copy_keeps_every_section_and_field_in_its_order(org, admin, make, s3_bucket):
    """The copy is assembled from every app's hook; what the candidate receives stays as it
    was when one module built it."""
    application = scored_application(
        support_job(org, admin),
        admin,
        name="Ines Okafor",
        email="ines@example.test",
        sentences=("I called the customer back the same day.", "I paired with a peer."),
    )
    overseer = make.member(org, Role.HIRING_MANAGER)
    score = Score.objects.filter(answer__invitation=application).order_by("competency_name")[0]
    review_services.score_override(score=score, actor=overseer, value=91, reason="Clear follow-up")
    review_services.rating_record(
        answer=application.answers.get(), reviewer=overseer, value=4, comment="Calm"
    )
    review_services.decision_record(
        invitation=application, actor=overseer, outcome="advance", reason="Strong ownership"
    )
    rights.access_request(invitation=application)

    data = export_data(application)

    assert list(data) == [
        "generated_at",
        "organization",
        "job",
        "candidate",
        "consents",
        "answers",
        "messages",
        "adjustments",
        "extension_requests",
        "decisions",
        "comments",
        "requests",
        "audit_events",
    ]
    assert data["organization"] == org.name
    assert data["job"] == "Support engineer"
    assert data["candidate"]["name"] == "Ines Okafor"
    assert list(data["candidate"]) == [
        "name",
        "email",
        "invited_at",
        "status",
        "completed_at",
        "human_review_only",
    ]
    assert list(data["consents"][0]) == ["at", "notice_version", "ai_assessment"]
    (answer,) = data["answers"]
    assert list(answer) == [
        "question",
        "kind",
        "status",
        "submitted_at",
        "written_answer",
        "recording",
        "file",
        "transcripts",
        "scores",
        "reviewer_ratings",
    ]
    assert answer["reviewer_ratings"] == [{"value": 4, "comment": "Calm"}]
    assert list(answer["transcripts"][0]) == [
        "version",
        "current",
        "engine",
        "model",
        "language",
        "corrected_by_a_reviewer",
        "created_at",
        "sha256",
        "text",
        "segments",
    ]
    assert len(answer["scores"]) == 2
    first = answer["scores"][0]
    assert list(first)[-3:] == ["created_at", "evidence", "overrides"]
    assert list(first["evidence"][0]) == [
        "sentence",
        "closest_example",
        "example_kind",
        "similarity",
        "shows",
        "transcript_start",
        "transcript_end",
    ]
    overridden = [s for s in answer["scores"] if s["overrides"]]
    assert [s["competency"] for s in overridden] == [score.competency_name]
    assert overridden[0]["overrides"][0]["by_role"] == "hiring manager"
    assert data["decisions"] == [
        {
            "outcome": "advance",
            "reason": "Strong ownership",
            "decided_by_role": "hiring manager",
            "at": data["decisions"][0]["at"],
        }
    ]
    assert [r["kind"] for r in data["requests"]] == ["access"]
    targets = {event["target_id"] for event in data["audit_events"]}
    assert str(application.public_id) in targets
    assert str(score.public_id) in targets
    sequences = [event["sequence"] for event in data["audit_events"]]
    assert sequences == sorted(sequences)
