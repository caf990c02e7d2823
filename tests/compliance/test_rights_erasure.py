"""Erasure on request through the real worker, legal holds, the copy of one's data in the
bucket, and rectification of a transcript."""

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from compliance import legal_holds, lifecycle
from compliance.models import (
    CandidateTombstone,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)
from compliance.rights import services as rights
from compliance.rights.erasure import erasure_execute
from compliance.rights.export import export_build, export_data
from interviews.models import Answer, AnswerStatus
from interviews.notice import NOTICE_VERSION
from palantrix.models import AuditEvent, Role
from palantrix.storage import s3_client
from review import services as review_services
from scoring import services as scoring
from scoring.models import Score, ScoreStatus, Transcript
from tests import media
from tests.compliance.lifecycle_data import bucket_keys, database_hits
from tests.compliance.rights_data import scored_application, support_job
from tests.outbox import deliver
from tests.waiting import wait_until

SENTENCES = (
    "When the marmalade incident hit our warehouse I called every customer back that day.",
    "I paired with a colleague from logistics to rebuild the order list.",
)


def erasure_without_task(invitation) -> RightsRequest:
    """An erasure request whose task is not queued: the test runs the service itself (a
    worker started by an earlier test would otherwise race it)."""
    from django.db import transaction

    from compliance.rights.requests import _new_request  # after services: they import it

    with transaction.atomic():
        return _new_request(invitation, RightsRequestKind.ERASURE)


@pytest.fixture
def application(org, admin, s3_bucket, tmp_path):
    job = support_job(org, admin)
    return scored_application(
        job,
        admin,
        name="Zora Quill-Nakamura",
        email="zora.quill@example.test",
        sentences=SENTENCES,
        recording=media.recording(tmp_path / "answer.webm", silent=True, seconds=2),
    )


def rights_session(client, invitation):
    from tests.compliance.test_rights import one_time_link

    assert client.get(one_time_link(invitation)).status_code == 302
    return client


# --- Erasure -------------------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_erasure_runs_in_the_worker_and_leaves_only_a_tombstone(
    client, client_for, org, admin, application, celery_worker, mail_sink
):
    key = application.answers.get().object_key
    rights_session(client, application)
    client.post(reverse("rights_erase", args=[application.public_id]), {"confirm": "yes"})
    request = RightsRequest.objects.get(kind=RightsRequestKind.ERASURE)

    wait_until(
        lambda: RightsRequest.objects.get(pk=request.pk).status == "done", what="the erasure"
    )

    assert CandidateTombstone.objects.filter(invitation_id=application.pk).exists()
    assert not Answer.objects.filter(invitation_id=application.pk).exists()
    assert bucket_keys(key) == []
    assert database_hits(["Zora Quill-Nakamura", "zora.quill@example.test", "marmalade"]) == []
    request.refresh_from_db()
    assert (request.invitation, request.invitation_ref) == (None, application.public_id)
    # The candidate is told, and the admins, who may have to tell others (Art. 19).
    (confirmation,) = mail_sink.wait_for("zora.quill@example.test")
    assert "was deleted" in confirmation["Subject"]
    (notice,) = mail_sink.wait_for("admin@acme.test")
    assert "tell those holders to delete it" in notice.get_body(("plain",)).get_content()
    actions = list(AuditEvent.objects.filter(organization=org).values_list("action", flat=True))
    assert "compliance.candidate.purged" in actions
    assert actions.count("compliance.rights_request.completed") == 1
    # The session that asked is over for this application.
    assert "Support engineer" not in client.get(reverse("rights_home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_erasure_run_twice_erases_and_notifies_once(application, mail_sink):
    request = erasure_without_task(application)
    assert erasure_execute(request_id=request.pk) == "erased"
    assert erasure_execute(request_id=request.pk) == "done"
    # The candidate's confirmation leaves at commit; the admins' through the outbox, once
    # however often its row is delivered.
    assert len(mail_sink.messages_to("zora.quill@example.test")) == 1
    deliver("compliance.notify_rights_erasure")
    deliver("compliance.notify_rights_erasure", again=True)
    assert len(mail_sink.messages_to("admin@acme.test")) == 1
    assert (
        AuditEvent.objects.filter(action="compliance.candidate.purged").count()
        == AuditEvent.objects.filter(
            action="compliance.rights_request.completed", target_id=str(request.public_id)
        ).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_a_legal_hold_keeps_the_data_and_says_why(client_for, org, admin, application, mail_sink):
    legal_holds.legal_hold_place(
        organization=org, actor=admin, reason="Case 2026-114 (tribunal)", invitation=application
    )
    request = erasure_without_task(application)
    assert erasure_execute(request_id=request.pk) == "on_hold"
    request.refresh_from_db()
    assert request.status == RightsRequestStatus.ON_HOLD
    assert request.hold_reason == "Legal hold: Case 2026-114 (tribunal)"
    assert Answer.objects.filter(invitation=application).exists()

    deliver("compliance.notify_rights_erasure")  # the emails, through the outbox
    (held,) = mail_sink.wait_for("zora.quill@example.test")
    assert "on hold" in held["Subject"]
    assert "Case 2026-114" not in held.get_body(("plain",)).get_content()  # internal
    queue = client_for(admin).get(reverse("rights_queue", args=[org.slug])).content.decode()
    assert "On hold" in queue
    assert request.hold_reason in queue
    # Run again while held: nobody is told twice.
    assert erasure_execute(request_id=request.pk) == "on_hold"
    deliver("compliance.notify_rights_erasure")
    assert len(mail_sink.messages_to("zora.quill@example.test")) == 1

    legal_holds.legal_hold_release(
        hold=legal_holds.legal_hold_blocks(application), actor=admin, reason="Case closed"
    )
    assert erasure_execute(request_id=request.pk) == "erased"
    assert CandidateTombstone.objects.filter(invitation_id=application.pk).exists()


# --- The copy ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_copy_holds_everything_and_the_recording_as_uploaded(org, admin, make, application):
    overseer = make.member(org, Role.HIRING_MANAGER)
    score = Score.objects.filter(answer__invitation=application).order_by("competency_name")[0]
    review_services.score_override(score=score, actor=overseer, value=91, reason="Clear follow-up")
    review_services.decision_record(
        invitation=application, actor=overseer, outcome="advance", reason="Strong ownership"
    )
    request = rights.access_request(invitation=application)

    assert export_build(request_id=request.pk)
    assert not export_build(request_id=request.pk)  # done: a second run does nothing

    request.refresh_from_db()
    assert request.status == "done"
    client = s3_client()
    archive = zipfile.ZipFile(
        io.BytesIO(
            client.get_object(Bucket=settings.S3_BUCKET, Key=request.export_key)["Body"].read()
        )
    )
    data = json.loads(archive.read("data.json"))
    answer = application.answers.get()
    transcript = Transcript.objects.get(answer=answer)
    (exported,) = data["answers"]
    assert exported["transcripts"][0]["text"] == transcript.text
    assert [s["text"] for s in exported["transcripts"][0]["segments"]] == list(SENTENCES)
    assert {s["competency"]: s["value"] for s in exported["scores"]} == {
        s.competency_name: s.value for s in Score.objects.filter(answer=answer)
    }
    overridden = next(s for s in exported["scores"] if s["overrides"])
    assert overridden["overrides"][0] == {
        "from": score.value,
        "to": 91,
        "reason": "Clear follow-up",
        "by_role": "hiring manager",
        "at": overridden["overrides"][0]["at"],
    }
    assert all(s["evidence"][0]["sentence"] in SENTENCES for s in exported["scores"])
    assert data["decisions"][0]["reason"] == "Strong ownership"
    assert data["decisions"][0]["decided_by_role"] == "hiring manager"
    assert data["consents"][0]["notice_version"] == NOTICE_VERSION
    actions = {event["action"] for event in data["audit_events"]}
    assert {"scoring.score.overridden", "compliance.rights_request.received"} <= actions
    assert "interviews.candidate.decided" in actions
    original = client.get_object(Bucket=settings.S3_BUCKET, Key=answer.object_key)["Body"].read()
    assert archive.read(exported["recording"]) == original
    assert request.export_key.startswith(lifecycle.candidate_prefix(application))


@pytest.mark.django_db
def test_the_copy_holds_no_other_candidate(org, admin, application):
    other = scored_application(
        application.job,
        admin,
        name="Other Person",
        email="other@example.test",
        sentences=("A different story entirely.", "Nothing to see."),
    )
    text = json.dumps(export_data(application))
    assert "Other Person" not in text
    assert "A different story" not in text
    assert str(other.public_id) not in text


@pytest.mark.django_db
def test_building_the_copy_takes_as_many_queries_for_a_long_history_as_for_a_short(
    org, admin, make, application
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def loaded():
        return (
            type(application).objects.select_related("organization", "job").get(pk=application.pk)
        )

    invitation = loaded()
    with CaptureQueriesContext(connection) as short:
        export_data(invitation)
    overseer = make.member(org, Role.HIRING_MANAGER)
    for score in Score.objects.filter(answer__invitation=application):
        review_services.score_override(score=score, actor=overseer, value=90, reason="Clear")
        review_services.score_override(score=score, actor=admin, value=80, reason="Less clear")
    review_services.rating_record(answer=application.answers.get(), reviewer=overseer, value=4)
    review_services.decision_record(
        invitation=application, actor=overseer, outcome="advance", reason="Strong"
    )

    invitation = loaded()
    with CaptureQueriesContext(connection) as long:
        data = export_data(invitation)

    assert len(data["answers"][0]["scores"][0]["overrides"]) == 2
    assert len(long.captured_queries) == len(short.captured_queries)


@pytest.mark.django_db
def test_a_copy_finished_after_the_erasure_is_deleted_and_the_request_ends(
    org, admin, application, monkeypatch
):
    """The erasure ran while the copy was being built: the ZIP uploaded afterwards would
    sit under the purged candidate's folder, downloadable, for a week."""
    from compliance.rights import export

    request = rights.access_request(invitation=application)
    upload = export._upload

    def erased_just_before_the_upload(*args):
        lifecycle.candidate_purge(application, reason="erasure", actor=admin)
        upload(*args)

    monkeypatch.setattr(export, "_upload", erased_just_before_the_upload)

    assert not export_build(request_id=request.pk)

    request.refresh_from_db()
    assert (request.status, request.export_key) == ("done", "")
    assert bucket_keys(lifecycle.candidate_prefix(application)) == []
    assert database_hits(["Zora Quill-Nakamura", "zora.quill@example.test"]) == []


@pytest.mark.django_db
def test_a_copy_asked_for_before_the_erasure_ends_instead_of_failing_for_ever(
    org, admin, application
):
    """The purge took the recordings the copy would download: the request ends, it does
    not stay in progress with a download error."""
    request = rights.access_request(invitation=application)
    lifecycle.candidate_purge(application, reason="erasure", actor=admin)
    # As a build that had started would have left it (the purge ends waiting ones).
    RightsRequest.objects.filter(pk=request.pk).update(status=RightsRequestStatus.IN_PROGRESS)

    assert not export_build(request_id=request.pk)

    request.refresh_from_db()
    assert (request.status, request.export_key) == ("done", "")
    assert request.completed_at is not None
    assert bucket_keys(lifecycle.candidate_prefix(application)) == []


# --- Rectification -------------------------------------------------------------------------------


@pytest.fixture
def overseer_admin(org, admin):
    from compliance.services import instructions_acknowledge, overseer_set
    from palantrix.models import Membership

    membership = Membership.objects.get(user=admin, organization=org)
    instructions_acknowledge(membership=membership, actor=admin)
    overseer_set(membership=membership, actor=admin, granted=True)
    return admin


@pytest.mark.django_db
def test_only_overseers_correct_a_transcript(client_for, org, recruiter, application):
    answer = application.answers.get()
    url = reverse("transcript_correct", args=[org.slug, answer.public_id])
    response = client_for(recruiter).post(url, {"text": "Other words", "reason": "misheard"})
    assert response.status_code == 403
    assert Transcript.objects.filter(answer=answer).count() == 1


@pytest.mark.django_db
def test_a_corrected_transcript_keeps_both_versions_and_is_scored_again(
    client_for, org, overseer_admin, application, django_capture_on_commit_callbacks
):
    admin = overseer_admin
    answer = application.answers.get()
    old = Transcript.objects.get(answer=answer)
    url = reverse("transcript_correct", args=[org.slug, answer.public_id])
    lines = "\n".join([SENTENCES[0].replace("marmalade", "marmot"), SENTENCES[1]])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(admin).post(url, {"text": lines, "reason": "misheard word"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the score stage is queued for the worker

    versions = list(Transcript.objects.filter(answer=answer).order_by("version"))
    assert [(t.version, t.is_current) for t in versions] == [(1, False), (2, True)]
    assert versions[0].text == old.text
    assert "marmot incident" in versions[1].text
    assert versions[1].corrected_by == admin
    assert [s.start for s in versions[1].segments.order_by("index")] == [0.0, 2.0]
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SCORING
    event = AuditEvent.objects.get(action="scoring.transcript.corrected")
    assert event.data["from_sha256"] == old.sha256
    assert event.data["to_sha256"] == versions[1].sha256
    assert event.data["reason"] == "misheard word"
    assert "marmot" not in json.dumps(event.data)


@pytest.mark.django_db
def test_an_empty_correction_is_refused_and_changes_nothing(
    client_for, org, overseer_admin, application
):
    admin = overseer_admin
    answer = application.answers.get()
    response = client_for(admin).post(
        reverse("transcript_correct", args=[org.slug, answer.public_id]),
        {"text": "   ", "reason": "oops"},
        follow=True,
    )
    assert "The corrected transcript is empty" in response.content.decode()
    assert Transcript.objects.filter(answer=answer).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("ai_ready")
def test_a_correction_made_while_the_answer_is_scored_is_scored_too(
    org, overseer_admin, application, monkeypatch, django_capture_on_commit_callbacks
):
    """The scorer read the old words; the correction lands before it saves. Its scores
    would be of the old words: none are saved and the corrected transcript is scored."""
    from review.services import corrections
    from scoring import services as scoring_services

    answer = application.answers.get()
    old = Transcript.objects.get(answer=answer)
    Answer.objects.filter(pk=answer.pk).update(status=AnswerStatus.SCORING)
    score_answer = scoring_services.scorer.score_answer

    def corrected_while_scoring(**kwargs):
        results = score_answer(**kwargs)
        corrections.transcript_correct(
            answer=answer,
            actor=overseer_admin,
            # Long enough to score (a few words would go to people instead).
            lines=[
                "When the marmalade incident hit I called every customer back that day, "
                "explained what went wrong and refunded each of them before the evening."
            ],
            reason="misheard word",
        )
        return results

    monkeypatch.setattr(scoring_services.scorer, "score_answer", corrected_while_scoring)
    with django_capture_on_commit_callbacks() as queued:
        assert scoring.answer_score(answer_id=answer.pk, task_id="t1") == 0
    monkeypatch.undo()

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SCORING  # scored again, not left with old scores
    assert len(queued) == 1
    assert not Score.objects.filter(transcript=old, status=ScoreStatus.SUPERSEDED).exists()
    assert scoring.answer_score(answer_id=answer.pk, task_id="t2") > 0  # the queued run
    current = Transcript.objects.get(answer=answer, is_current=True)
    assert current != old
    active = Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE)
    assert active.exists()
    assert set(active.values_list("transcript", flat=True)) == {current.pk}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("ai_ready")
def test_the_worker_scores_the_corrected_transcript(
    client_for, org, overseer_admin, application, celery_worker
):
    admin = overseer_admin
    answer = application.answers.get()
    old_scores = set(Score.objects.filter(answer=answer).values_list("pk", flat=True))
    corrected = (
        "When the marmot incident hit our warehouse I called every customer back that same day "
        "and explained what had gone wrong.\nI paired with a colleague from logistics to rebuild "
        "the order list, and we checked each order together before the evening."
    )
    client_for(admin).post(
        reverse("transcript_correct", args=[org.slug, answer.public_id]),
        {"text": corrected, "reason": "misheard word"},
    )
    wait_until(
        lambda: Answer.objects.get(pk=answer.pk).status == AnswerStatus.SCORED,
        timeout=300,
        what="the corrected transcript to be scored",
    )
    current = Transcript.objects.get(answer=answer, is_current=True)
    active = Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE)
    assert active.exists()
    assert set(active.values_list("transcript_id", flat=True)) == {current.pk}
    assert set(Score.objects.filter(pk__in=old_scores).values_list("status", flat=True)) == {
        ScoreStatus.SUPERSEDED
    }


@pytest.mark.django_db(transaction=True)
def test_an_erasure_sends_the_candidate_erased_webhook(org, admin, application, settings):
    from api.models import WebhookEvent
    from api.services import webhook_endpoint_create
    from palantrix.events import outbox

    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    webhook_endpoint_create(
        organization=org, actor=admin, url="http://127.0.0.1:9/hook", events=["candidate.erased"]
    )
    request = erasure_without_task(application)
    assert erasure_execute(request_id=request.pk) == "erased"
    outbox.outbox_relay_pending()  # what the worker does after commit
    (event,) = WebhookEvent.objects.filter(organization=org, type="candidate.erased")
    assert event.data == {"interview": str(application.public_id), "reason": "erasure"}
    assert erasure_execute(request_id=request.pk) == "done"  # a repeat sends nothing more
    outbox.outbox_relay_pending()
    assert WebhookEvent.objects.filter(type="candidate.erased").count() == 1


@pytest.mark.django_db
def test_an_admin_tries_a_held_erasure_again(
    client_for, org, admin, recruiter, application, django_capture_on_commit_callbacks
):
    request = rights.erasure_request(invitation=application)
    RightsRequest.objects.filter(pk=request.pk).update(status="on_hold", hold_reason="Legal hold")
    url = reverse("rights_request_retry", args=[org.slug, request.public_id])
    assert client_for(recruiter).post(url).status_code == 403
    with django_capture_on_commit_callbacks() as queued:
        client_for(admin).post(url)
    assert len(queued) == 1  # the erasure task, once
    assert AuditEvent.objects.filter(
        action="compliance.rights_request.retried", target_id=str(request.public_id)
    ).exists()
