"""A create call retried with the same Idempotency-Key returns the first answer, and the
candidate gets one invitation email (a real worker sends them to the SMTP sink)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import IdempotencyRecord
from interviews.models import Invitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_retried_invitation_sends_one_email(celery_worker, mail_sink, api, interview_job):
    body = {"job": str(interview_job.public_id), "name": "Nia Park", "email": "nia@example.test"}
    headers = {"Idempotency-Key": "ats-invite-4711"}

    first = api.post("invitations/", body, headers)
    retried = api.post("invitations/", body, headers)

    assert first.status_code == retried.status_code == 201
    assert retried.json() == first.json()
    assert retried["Idempotent-Replayed"] == "true"
    assert Invitation.objects.count() == 1
    mail_sink.wait_for("nia@example.test")

    # The worker is sending: a deliberate resend arrives as the second email, and only it.
    api.post(f"invitations/{first.json()['id']}/resend/")
    mail_sink.wait_for("nia@example.test", count=2)
    celery_worker.wait_idle()
    assert len(mail_sink.messages_to("nia@example.test")) == 2


def test_the_same_key_with_another_request_is_refused(celery_worker, api, interview_job):
    headers = {"Idempotency-Key": "ats-invite-4712"}
    body = {"job": str(interview_job.public_id), "name": "Nia Park", "email": "nia@example.test"}
    assert api.post("invitations/", body, headers).status_code == 201
    other = api.post("invitations/", {**body, "email": "bea@example.test"}, headers)
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert Invitation.objects.count() == 1


def test_a_failed_create_can_be_retried_with_the_same_key(celery_worker, api, interview_job):
    headers = {"Idempotency-Key": "ats-job-1"}
    assert api.post("jobs/", {"title": " "}, headers).status_code == 400
    assert not IdempotencyRecord.objects.exists()
    created = api.post("jobs/", {"title": "Engineer"}, headers)
    assert created.status_code == 201
    assert api.post("jobs/", {"title": "Engineer"}, headers).json() == created.json()


def test_stored_answers_are_forgotten_after_a_day(api, interview_job):
    from datetime import timedelta

    from django.utils import timezone

    from api.idempotency import idempotency_records_purge

    api.post("jobs/", {"title": "Old"}, {"Idempotency-Key": "old"})
    api.post("jobs/", {"title": "New"}, {"Idempotency-Key": "new"})
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert idempotency_records_purge() == 1
    assert idempotency_records_purge() == 0
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_a_retry_while_the_first_request_works_is_told_to_wait_and_one_after_it_died_takes_over(
    api, interview_job
):
    """The first request holds its record's row lock while it works (here a second database
    connection in a thread holds it); a retry then gets 409 however long the work takes,
    and once the lock is gone without an answer, the retry does the work, once."""
    import threading
    from types import SimpleNamespace

    from django.db import connection, transaction

    from api.idempotency import _fingerprint
    from interviews.models import Job

    body = {"title": "Engineer"}
    headers = {"Idempotency-Key": "ats-job-slow"}
    request = SimpleNamespace(method="POST", path="/api/v1/jobs/", data=body)
    record = IdempotencyRecord.objects.create(
        organization=api.key.organization,
        api_key=api.key,
        key="ats-job-slow",
        method="POST",
        path="/api/v1/jobs/",
        request_hash=_fingerprint(request),
    )
    # Long work: older than any grace period a clock-based check would allow.
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    locked, release = threading.Event(), threading.Event()

    def first_request_working():
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.select_for_update().get(pk=record.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=first_request_working)
    worker.start()
    try:
        assert locked.wait(10)
        retried = api.post("jobs/", body, headers)
        assert retried.status_code == 409
        assert retried["Content-Type"] == "application/problem+json"
        assert "in progress" in retried.json()["detail"]
        assert not Job.objects.filter(title="Engineer").exists()
    finally:
        release.set()
        worker.join(10)

    # The first request died without an answer: the retry takes over and does it once.
    taken_over = api.post("jobs/", body, headers)
    assert taken_over.status_code == 201
    again = api.post("jobs/", body, headers)
    assert again.json() == taken_over.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Job.objects.filter(title="Engineer").count() == 1
