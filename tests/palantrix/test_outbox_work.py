"""Post-commit work that a broker refusing at commit does not lose (#23), through the real
worker: the change commits, its outbox row stays with the refusal noted, the relay (the
beat's work, run here) sends it again once the broker answers, the worker does the work
and the row is done. A second delivery of the row does nothing more."""

import pytest

from compliance import organization_data
from compliance.models import OrganizationDeletion, RightsRequest, RightsRequestStatus
from compliance.rights import services as rights
from interviews import selectors
from interviews import services as interviews
from palantrix.events import outbox
from palantrix.models import Organization, OutboxMessage
from review.services import live as live_services
from scoring import services as scoring
from scoring.models import RescoreRun, Score
from tests import media
from tests.compliance.rights_data import scored_application, support_job
from tests.factories import scored_candidates, with_transcript
from tests.interviews.test_live_interview import START, advanced, job
from tests.outbox import broker_refusing, deliver
from tests.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

__all__ = ["advanced", "job"]  # fixtures, used by name


def refused_at_commit(task: str) -> OutboxMessage:
    (row,) = OutboxMessage.objects.filter(topic=f"task:{task}")
    assert row.dispatched_at is None
    assert row.last_error == "send: OperationalError"
    return row


def relay_until(done, *, what: str) -> None:
    """The beat's relay, run here until `done()`."""
    wait_until(lambda: outbox.outbox_relay_pending() >= 0 and done(), timeout=300, what=what)


def row_done(row: OutboxMessage) -> None:
    wait_until(
        lambda: OutboxMessage.objects.get(pk=row.pk).dispatched_at is not None,
        what="the worker's task to mark its row done",
    )


def subjects(mail_sink, address: str, part: str) -> list[str]:
    return [m["Subject"] for m in mail_sink.messages_to(address) if part in m["Subject"]]


def test_a_copy_asked_for_while_the_broker_refuses_is_built_and_announced_once(
    org, admin, s3_bucket, tmp_path, celery_worker, mail_sink
):
    application = scored_application(
        support_job(org, admin),
        admin,
        name="Ines Okafor",
        email="ines.copy@example.test",
        sentences=("I called the customer back the same day.", "I paired with a peer."),
        recording=media.recording(tmp_path / "answer.webm", silent=True, seconds=2),
    )
    with broker_refusing():
        request = rights.access_request(invitation=application)
    row = refused_at_commit("compliance.build_export")

    relay_until(
        lambda: RightsRequest.objects.get(pk=request.pk).status == RightsRequestStatus.DONE,
        what="the copy to be built",
    )
    wait_until(
        lambda: subjects(mail_sink, "ines.copy@example.test", "is ready"),
        what="the candidate to be told the copy is ready",
    )
    row_done(row)
    request.refresh_from_db()
    built = request.export_key
    assert built

    assert deliver("compliance.build_export", again=True) == 1  # delivered again: nothing
    assert deliver("compliance.notify_export_ready", again=True) == 1
    celery_worker.wait_idle()
    request.refresh_from_db()
    assert request.export_key == built
    assert len(subjects(mail_sink, "ines.copy@example.test", "is ready")) == 1


def test_an_organisation_deleted_while_the_broker_refuses_is_erased_once(org, admin, celery_worker):
    with broker_refusing():
        deletion = organization_data.organization_delete_request(
            organization=org, actor=admin, confirmation=org.name
        )
    row = refused_at_commit("compliance.erase_organization")

    relay_until(
        lambda: OrganizationDeletion.objects.get(pk=deletion.pk).finished_at is not None,
        what="the organisation to be erased",
    )
    row_done(row)  # the row names no organisation: it outlives the erasure
    assert not Organization.objects.filter(pk=org.pk).exists()
    deletion.refresh_from_db()
    erased = (deletion.finished_at, deletion.rows_deleted)
    assert deletion.rows_deleted > 0

    assert deliver("compliance.erase_organization", again=True) == 1  # finds nothing left
    deletion.refresh_from_db()
    assert (deletion.finished_at, deletion.rows_deleted) == erased


def test_a_live_interview_scheduled_while_the_broker_refuses_is_emailed_once(
    advanced, hiring_manager, celery_worker, mail_sink
):
    with broker_refusing():
        live_services.live_interview_schedule(
            invitation=advanced,
            actor=hiring_manager,
            starts_at=START,
            duration_minutes=45,
            location="https://meet.example.test/abc",
            interviewers=["lead@acme.test"],
        )
    row = refused_at_commit("interviews.send_live_interview")

    relay_until(
        lambda: subjects(mail_sink, "lead@acme.test", "Live interview"),
        what="the interviewer's email",
    )
    row_done(row)
    assert deliver("interviews.send_live_interview", again=True) == 1
    celery_worker.wait_idle()
    assert len(subjects(mail_sink, "lead@acme.test", "Live interview")) == 1


@pytest.mark.usefixtures("ai_ready")
def test_a_rescore_asked_for_while_the_broker_refuses_runs_once(
    org, admin, recruiter, celery_worker
):
    job = support_job(org, admin)
    (candidate,) = scored_candidates(job, [(72, 35)])
    with_transcript(
        candidate,
        [(0.0, 6.0, "A customer was charged twice, so I called him back the same day.")],
    )
    interviews.profile_save_version(
        profile=job.profile,
        actor=recruiter,
        competencies=[
            interviews.CompetencyInput(
                c.name, c.description, 2, c.strong_examples, c.weak_examples, key=c.key
            )
            for c in selectors.profile_current_competencies(profile=job.profile)
        ],
    )
    job.refresh_from_db()
    with broker_refusing():
        run = scoring.job_rescore(job=job, actor=recruiter)
    row = refused_at_commit("scoring.rescore_job")

    relay_until(
        lambda: RescoreRun.objects.get(pk=run.pk).status == RescoreRun.Status.DONE,
        what="the re-score to run",
    )
    row_done(row)
    scores = Score.objects.filter(answer__invitation=candidate).count()
    assert scores == 4  # two competencies, scored against both versions

    assert deliver("scoring.rescore_job", again=True) == 1  # delivered again: nothing
    run.refresh_from_db()
    assert (run.status, run.done) == (RescoreRun.Status.DONE, 1)
    assert Score.objects.filter(answer__invitation=candidate).count() == scores
