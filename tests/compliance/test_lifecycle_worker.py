"""Round trips through the real worker: the nightly purge, the organisation's export and
deleting an organisation with everything it has in the bucket."""

import io
import json
import os
import signal
import urllib.request
import zipfile

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from compliance.models import CandidateTombstone, DataExport, OrganizationDeletion
from compliance.tasks import purge_expired_task
from interviews.models import Answer, Invitation
from interviews.selectors import job_funnel
from palantrix import audit
from palantrix.celery import app
from palantrix.models import AuditEvent, Membership, Organization
from palantrix.storage import s3_client
from tests.conftest import _database_url, worker_start
from tests.waiting import seconds, wait_until

from .lifecycle_data import (
    age,
    bucket_hits,
    bucket_keys,
    candidate,
    closed_job,
    database_hits,
    enable_versioning,
    unfinished_uploads,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.usefixtures("s3_bucket"),
]


def test_the_purge_is_scheduled_nightly():
    assert (
        app.conf.beat_schedule["purge-expired-candidate-data"]["task"] == "compliance.purge_expired"
    )


def test_the_nightly_task_on_the_worker_purges_what_is_past_retention(celery_worker, org, admin):
    enable_versioning()
    job = closed_job(org, admin)
    old = candidate(job, admin, first="Evangeline", score=70)
    recent_job = closed_job(org, admin)
    recent = candidate(recent_job, admin, first="Leopold", score=40)
    age(job, 13)  # the job closed 13 months ago: past the default 12 months
    funnel = job_funnel(job=job)
    events = AuditEvent.objects.filter(organization=org).count()

    result = purge_expired_task.delay().get(timeout=seconds(120))

    assert result.startswith("1 due, 1 purged")
    assert database_hits(old.needles) == []
    assert bucket_hits(old.needles) == []
    assert unfinished_uploads(f"orgs/{org.public_id}/invitations/{old.invitation.public_id}/") == []
    assert database_hits([recent.name]) != []  # within retention: untouched
    assert job_funnel(job=job) == funnel
    # Every audit event stays (they hold no personal data); the purge adds its own.
    assert AuditEvent.objects.filter(organization=org).count() == events + 1
    assert audit.verify_chain(org).ok


def _purge_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE 'DELETE%%'"
        )
        return cursor.fetchone()[0] > 0


def test_a_purge_killed_half_way_on_a_real_worker_finishes_on_the_next_run(
    celery_worker, org, admin
):
    """The worker process is killed (SIGKILL) after the bucket is emptied, inside the
    transaction that removes the rows; the next nightly run finishes the purge."""
    job = closed_job(org, admin)
    person = candidate(job, admin, first="Ignatius", score=60)
    age(job, 13)
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-purge-kill"
    db = connection.settings_dict
    # Another session holds the candidate's answers: the purge's row transaction waits there.
    blocker = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"] or None, host=db["HOST"], port=db["PORT"] or 5432
    )
    with blocker.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Answer._meta.db_table} WHERE invitation_id = %s FOR UPDATE",
            [person.invitation.pk],
        )
    worker = worker_start(
        "purge-killed-worker",
        [queue],
        {"DATABASE_URL": _database_url(), "DATABASE_CONN_MAX_AGE": "0"},
    )
    try:
        purge_expired_task.apply_async(queue=queue)
        wait_until(
            lambda: bucket_hits(person.needles) == [] and _purge_waits_on_a_lock(),
            timeout=300,
            what="the purge to empty the bucket and wait on the locked rows",
        )
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        blocker.rollback()
        blocker.close()

    # The killed transaction left the rows as they were; only the objects are gone.
    assert database_hits(person.needles)
    assert not CandidateTombstone.objects.filter(invitation=person.invitation).exists()

    result = purge_expired_task.delay().get(timeout=seconds(120))  # the next nightly run

    assert result.startswith("1 due, 1 purged")
    assert database_hits(person.needles) == []
    assert bucket_hits(person.needles) == []
    assert AuditEvent.objects.filter(action="compliance.candidate.purged").count() == 1
    assert audit.verify_chain(org).ok


def test_an_admin_exports_all_the_organisations_data_as_a_zip(
    celery_worker, client_for, admin, org
):
    job = closed_job(org, admin)
    person = candidate(job, admin, first="Cosima", score=70)
    client = client_for(admin)

    client.post(reverse("organization_export", kwargs={"org": org.slug}))
    export = DataExport.objects.get(organization=org)
    wait_until(
        lambda: DataExport.objects.get(pk=export.pk).status in {"ready", "failed"},
        what="the export to be built",
    )
    export.refresh_from_db()
    assert export.status == "ready"

    response = client.get(
        reverse(
            "organization_export_download", kwargs={"org": org.slug, "export_id": export.public_id}
        )
    )
    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    with urllib.request.urlopen(response["Location"], timeout=seconds(30)) as download:
        archive = zipfile.ZipFile(io.BytesIO(download.read()))
    names = archive.namelist()
    invitations = json.loads(archive.read("data/interviews.invitation.json"))
    assert person.email in {row["fields"]["email"] for row in invitations}
    assert f"media/{person.recording_key}" in names
    assert person.phrase.encode() in archive.read(f"media/{person.recording_key}")
    assert "data/palantrix.auditevent.json" in names
    assert {m["email"] for m in json.loads(archive.read("members.json"))} == {admin.email}
    actions = set(
        AuditEvent.objects.filter(organization=org, target_id=str(export.public_id)).values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "compliance.organization.export_requested",
        "compliance.organization.exported",
        "compliance.organization.export_downloaded",
    }


def test_deleting_an_organisation_needs_its_exact_name_and_removes_everything(
    celery_worker, client_for, admin, org, other_org, other_admin
):
    enable_versioning()
    job = closed_job(org, admin)
    person = candidate(job, admin, first="Thaddeus", score=70)
    other = candidate(closed_job(other_org, other_admin), other_admin, first="Hortense", score=50)
    client = client_for(admin)
    page_url = reverse("organization_delete", kwargs={"org": org.slug})

    refused = client.post(page_url, {"confirmation": "acme robotics"})
    assert "Type the organisation&#x27;s name exactly" in refused.content.decode()
    assert Organization.objects.filter(pk=org.pk).exists()

    response = client.post(page_url, {"confirmation": "Acme Robotics"})
    assert response.status_code == 302
    assert not Membership.objects.filter(organization=org).exists()  # access ends at once
    assert client.get(reverse("dashboard", kwargs={"org": org.slug})).status_code == 404

    wait_until(
        lambda: not Organization.objects.filter(pk=org.pk).exists(),
        what="the organisation to be deleted",
    )
    deletion = OrganizationDeletion.objects.get(organization_public_id=org.public_id)
    wait_until(
        lambda: OrganizationDeletion.objects.get(pk=deletion.pk).finished_at is not None,
        what="the deletion to finish",
    )
    deletion.refresh_from_db()
    assert deletion.requested_by_id == str(admin.pk)
    assert deletion.objects_deleted >= 3
    assert bucket_keys(f"orgs/{org.public_id}/") == []
    assert unfinished_uploads(f"orgs/{org.public_id}/") == []
    assert bucket_hits(person.needles) == []
    assert database_hits(person.needles) == []
    assert not AuditEvent.objects.filter(organization_id=org.pk).exists()
    # The other organisation keeps everything, and its chain still verifies.
    assert Invitation.objects.filter(pk=other.invitation.pk).exists()
    assert bucket_keys(f"orgs/{other_org.public_id}/")
    assert audit.verify_chain(other_org).ok
    assert settings.S3_BUCKET  # the bucket itself stays for the other organisations
    assert s3_client().head_bucket(Bucket=settings.S3_BUCKET)
