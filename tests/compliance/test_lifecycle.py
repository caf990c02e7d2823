"""Candidates past retention are purged for good: every object, version and unfinished
upload in the bucket, every row of personal data; counts, bias reports and the audit chain
stay as they were. Legal holds block it; an interrupted purge finishes on the next run."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from compliance import data_policy, lifecycle
from compliance.legal_holds import (
    PurgeBlocked,
    legal_hold_blocks,
    legal_hold_place,
    legal_hold_release,
)
from compliance.lifecycle import candidate_purge
from compliance.models import CandidateTombstone, PurgeReason
from compliance.retention import purge_due
from compliance.selectors import bias_report
from interviews.models import Answer, Consent, Decision, Invitation, InvitationToken
from interviews.selectors import job_funnel
from palantrix import audit
from palantrix.audit import checkpoints
from palantrix.models import AuditEvent
from palantrix.storage import s3_client
from scoring.models import Rating, Score, ScoreOverride, Transcript, TranscriptSegment

from .lifecycle_data import (
    bucket_hits,
    bucket_keys,
    candidate,
    closed_job,
    database_hits,
    enable_versioning,
    unfinished_uploads,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3_bucket")]

LATER = timedelta(days=31 * 13)  # past the default retention of 12 months


@pytest.fixture(autouse=True)
def _versioned_bucket(s3_bucket):
    enable_versioning()


@pytest.fixture
def job(org, admin):
    return closed_job(org, admin)


def close(job, admin):
    from interviews import services

    services.job_set_status(job=job, actor=admin, status="closed")


def report_today(org, job=None):
    today = timezone.localdate()
    return bias_report(
        organization=org, start=today - timedelta(days=1), end=today + timedelta(days=1), job=job
    )


def test_past_retention_every_object_and_row_of_personal_data_is_gone(org, admin, job):
    first = candidate(job, admin, first="Zebulon", score=80)
    second = candidate(job, admin, first="Philippa", score=30, sex="male")
    elsewhere = candidate(closed_job(org, admin), admin, first="Wilhelmina", score=55)
    close(job, admin)
    funnel, report = job_funnel(job=job), report_today(org, job)
    assert database_hits(first.needles)  # the searches find what is there
    assert bucket_hits(first.needles, "orgs/")
    assert purge_due(dry_run=True).due == []  # the job closed today: nobody is due yet

    run = purge_due(now=timezone.now() + LATER)

    assert {r.invitation for r in run.purged} == {
        str(first.invitation.public_id),
        str(second.invitation.public_id),
    }
    for person in (first, second):
        assert database_hits(person.needles) == []
        assert bucket_hits(person.needles) == []
        assert bucket_keys(lifecycle.candidate_prefix(person.invitation)) == []
        assert unfinished_uploads(lifecycle.candidate_prefix(person.invitation)) == []
    # The other job is still open: its candidate keeps everything.
    assert database_hits([elsewhere.name]) != []
    assert bucket_hits([elsewhere.name], lifecycle.candidate_prefix(elsewhere.invitation))
    assert unfinished_uploads(lifecycle.candidate_prefix(elsewhere.invitation))
    assert job_funnel(job=job) == funnel
    assert report_today(org, job) == report
    assert report.scoring == report_today(org, job).scoring
    assert audit.verify_chain(org).ok


def test_a_purged_candidate_leaves_the_chain_as_its_signed_checkpoint_says(
    org, admin, job, checkpoint_bucket
):
    candidate(job, admin, first="Zebulon", score=80)
    close(job, admin)
    assert checkpoints.checkpoint_write(org) is not None

    run = purge_due(now=timezone.now() + LATER)

    assert len(run.purged) == 1
    report = audit.verify_chain(org)
    assert report.ok, report
    assert report.checkpoints == 1
    assert report.signed_up_to < report.events  # the purge itself was recorded after


def test_what_stays_is_the_blanked_invitation_and_a_tombstone(org, admin, job):
    person = candidate(job, admin, first="Ottoline", score=64)
    invitation = person.invitation

    result = candidate_purge(invitation, reason=PurgeReason.ERASURE, actor=admin)

    invitation.refresh_from_db()
    assert (invitation.name, invitation.email) == ("Deleted candidate", "")
    assert invitation.status == "completed"
    for model in (InvitationToken, Answer, Transcript, TranscriptSegment, Score, ScoreOverride):
        assert not model.objects.filter(organization=org).exists(), model.__name__
    assert not Rating.objects.filter(organization=org).exists()
    assert Consent.objects.get(invitation=invitation).user_agent == ""
    assert Decision.objects.get(invitation=invitation).outcome == "advance"
    tombstone = CandidateTombstone.objects.get(invitation=invitation)
    assert tombstone == result.tombstone
    assert (tombstone.decision, tombstone.ai_score, tombstone.reason) == ("advance", 64, "erasure")
    assert tombstone.sex == "female"
    assert result.objects_deleted >= 3  # two versions and an unfinished upload
    event = AuditEvent.objects.get(organization=org, action="compliance.candidate.purged")
    assert event.target_id == str(invitation.public_id)
    assert event.actor_id == str(admin.pk)
    assert event.data["reason"] == "erasure"
    assert person.name not in str(event.data)


def test_share_links_slots_and_stored_api_answers_about_the_candidate_go_too(org, admin, job):
    from api.models import IdempotencyRecord
    from api.services import api_key_create
    from interviews.models import LiveInterview, ShareLink
    from review.services.sharing import share_link_create

    person = candidate(job, admin, first="Leopoldine", score=70)
    invitation = person.invitation
    share_link_create(invitation=invitation, actor=admin)
    LiveInterview.objects.create(
        organization=org,
        invitation=invitation,
        starts_at=timezone.now() + timedelta(days=2),
        location="Room Leopoldine",
        interviewers=["lead@example.test"],
        emailed_to=[f"1:{invitation.email}", "1:lead@example.test"],
    )
    key = api_key_create(organization=org, actor=admin, name="ATS", access="read_write")[0]
    stored = {"id": str(invitation.public_id), "name": person.name, "email": invitation.email}
    IdempotencyRecord.objects.create(
        organization=org,
        api_key=key,
        key="k1",
        method="POST",
        path="/",
        request_hash="0",
        status_code=201,
        response_body=stored,
    )
    IdempotencyRecord.objects.create(
        organization=org,
        api_key=key,
        key="k2",
        method="POST",
        path="/",
        request_hash="0",
        status_code=201,
        response_body={"id": "someone-else"},
    )

    candidate_purge(invitation, reason=PurgeReason.ERASURE, actor=admin)

    assert not ShareLink.objects.filter(invitation=invitation).exists()
    slot = LiveInterview.objects.get(invitation=invitation)  # the funnel still counts it
    assert (slot.location, slot.interviewers, slot.emailed_to) == ("", [], [])
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["k2"]
    assert database_hits(person.needles) == []


def test_csv_imports_lose_the_erased_candidates_row_and_never_invite_them_again(org, admin, job):
    from interviews import services
    from interviews.models import InvitationBatch

    person = candidate(job, admin, first="Anselma", score=50)
    other = closed_job(org, admin)
    csv = f"name,email\n{person.name},{person.email}\nTheodora Vance,theodora@example.test\n"
    waiting = services.invitation_batch_preview(job=other, actor=admin, content=csv.encode())
    sent = services.invitation_batch_preview(job=other, actor=admin, content=csv.encode())
    InvitationBatch.objects.filter(pk=sent.pk).update(status="done")  # as kept by an old run

    candidate_purge(person.invitation, reason=PurgeReason.ERASURE, actor=admin)

    assert database_hits(person.needles) == []
    waiting.refresh_from_db()
    assert [row["email"] for row in waiting.rows] == ["theodora@example.test"]
    assert (waiting.total_rows, waiting.valid_rows) == (1, 1)
    sent.refresh_from_db()
    assert [row["line"] for row in sent.rows] == [2, 3]
    services.invitation_batch_confirm(batch=waiting, actor=admin)
    services.invitation_batch_process(batch_id=waiting.pk)
    assert list(Invitation.objects.filter(job=other).values_list("email", flat=True)) == [
        "theodora@example.test"
    ]


def test_an_import_never_confirmed_is_emptied_after_a_week(org, admin, job):
    from interviews import services
    from interviews.models import InvitationBatch

    csv = b"name,email\nQuintus Arden,quintus@example.test\n"
    old = services.invitation_batch_preview(job=job, actor=admin, content=csv)
    recent = services.invitation_batch_preview(job=job, actor=admin, content=csv)
    InvitationBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    assert services.invitation_batches_expire() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.rows) == ("cancelled", [])
    assert recent.status == "preview"
    assert recent.rows[0]["email"] == "quintus@example.test"
    services.invitation_batch_confirm(batch=old, actor=admin)  # too late: nothing is sent
    assert not Invitation.objects.filter(email="quintus@example.test").exists()


def test_a_retention_purge_tells_the_organisations_webhooks(org, admin, job, settings):
    from api.models import WebhookEvent
    from api.services import webhook_endpoint_create
    from palantrix.events import outbox

    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    webhook_endpoint_create(
        organization=org, actor=admin, url="http://127.0.0.1:9/hook", events=["candidate.erased"]
    )
    person = candidate(job, admin, first="Araminta", score=40)
    close(job, admin)

    purge_due(now=timezone.now() + LATER)
    outbox.outbox_relay_pending()  # what the worker does after commit

    (event,) = WebhookEvent.objects.filter(organization=org, type="candidate.erased")
    assert event.data == {"interview": str(person.invitation.public_id), "reason": "retention"}


def test_a_purge_interrupted_after_the_bucket_finishes_on_the_next_run(
    org, admin, job, monkeypatch
):
    person = candidate(job, admin, first="Cressida", score=50)
    close(job, admin)

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(lifecycle, "_purge_rows", crash)
    first = purge_due(now=timezone.now() + LATER)
    assert first.failed == [(str(person.invitation.public_id), "RuntimeError")]
    assert bucket_hits(person.needles) == []  # the objects went first
    assert unfinished_uploads(lifecycle.candidate_prefix(person.invitation)) == []
    assert database_hits(person.needles)  # the rows are still there
    monkeypatch.undo()

    second = purge_due(now=timezone.now() + LATER)

    assert [r.invitation for r in second.purged] == [str(person.invitation.public_id)]
    assert database_hits(person.needles) == []
    assert purge_due(now=timezone.now() + LATER).due == []  # done: not listed again
    again = candidate_purge(person.invitation, reason=PurgeReason.RETENTION)
    assert again.already_purged
    assert AuditEvent.objects.filter(action="compliance.candidate.purged").count() == 1


def test_a_legal_hold_on_the_candidate_or_the_job_blocks_the_purge(org, admin, job):
    held = candidate(job, admin, first="Barnaby", score=50)
    close(job, admin)
    hold = legal_hold_place(
        organization=org, actor=admin, reason="Claim 2026-114", invitation=held.invitation
    )
    assert legal_hold_blocks(held.invitation) == hold

    run = purge_due(now=timezone.now() + LATER)
    assert run.purged == []
    assert [item.hold for item in run.held] == [hold]
    with pytest.raises(PurgeBlocked):
        candidate_purge(held.invitation, reason=PurgeReason.ERASURE)
    assert database_hits([held.name])
    assert bucket_hits([held.name], lifecycle.candidate_prefix(held.invitation))

    legal_hold_release(hold=hold, actor=admin, reason="Claim settled")
    job_hold = legal_hold_place(organization=org, actor=admin, reason="Audit 7", job=job)
    assert legal_hold_blocks(held.invitation) == job_hold
    assert purge_due(now=timezone.now() + LATER).purged == []
    legal_hold_release(hold=job_hold, actor=admin, reason="Audit closed")

    assert len(purge_due(now=timezone.now() + LATER).purged) == 1
    actions = list(
        AuditEvent.objects.filter(organization=org, action__startswith="compliance.legal_hold")
        .order_by("sequence")
        .values_list("action", "data__reason")
    )
    assert actions == [
        ("compliance.legal_hold.placed", "Claim 2026-114"),
        ("compliance.legal_hold.released", "Claim settled"),
        ("compliance.legal_hold.placed", "Audit 7"),
        ("compliance.legal_hold.released", "Audit closed"),
    ]


def test_a_legal_hold_placed_while_the_bucket_is_emptied_keeps_the_rows(
    org, admin, job, monkeypatch
):
    """The hold is checked again where the rows go, under the lock the hold takes."""
    person = candidate(job, admin, first="Hortensia", score=50)
    empty_bucket = lifecycle.delete_prefix
    holds = []

    def hold_arrives_meanwhile(*args, **kwargs):
        deleted = empty_bucket(*args, **kwargs)
        if not holds:
            holds.append(legal_hold_place(organization=org, actor=admin, reason="Claim 9", job=job))
        return deleted

    monkeypatch.setattr(lifecycle, "delete_prefix", hold_arrives_meanwhile)

    with pytest.raises(PurgeBlocked) as blocked:
        candidate_purge(person.invitation, reason=PurgeReason.ERASURE, actor=admin)

    assert blocked.value.hold == holds[0]
    assert not CandidateTombstone.objects.filter(invitation=person.invitation).exists()
    assert database_hits([person.name, person.email, person.phrase]) != []
    assert Answer.objects.filter(invitation=person.invitation).exists()
    assert not AuditEvent.objects.filter(action="compliance.candidate.purged").exists()


def test_an_open_job_keeps_its_candidates_and_retention_is_per_organisation(org, admin, job):
    candidate(job, admin, first="Imogen", score=50)
    assert purge_due(now=timezone.now() + timedelta(days=3650), dry_run=True).due == []
    close(job, admin)
    policy = data_policy.policy_get(organization=org)
    policy.candidate_months = 24
    policy.save()
    assert purge_due(now=timezone.now() + LATER, dry_run=True).due == []
    due = purge_due(now=timezone.now() + timedelta(days=31 * 25), dry_run=True).due
    assert len(due) == 1
    assert due[0].due_since > timezone.now() + timedelta(days=700)


def test_retention_waits_for_open_requests_and_counts_decisions_and_live_interviews(
    org, admin, job
):
    from compliance.rights import services as rights
    from interviews.models import LiveInterview

    from .lifecycle_data import age

    contesting = candidate(job, admin, first="Clementine", score=50)
    decided_lately = candidate(job, admin, first="Dorothea", score=50)
    interviewed_lately = candidate(job, admin, first="Evander", score=50)
    erasing = candidate(job, admin, first="Fenwick", score=50)
    age(job, 13)
    Decision.objects.filter(invitation=decided_lately.invitation).update(created_at=timezone.now())
    rights.contest_request(invitation=contesting.invitation, message="The score missed my point.")
    rights.erasure_request(invitation=erasing.invitation)  # no reason to wait
    LiveInterview.objects.create(
        organization=org,
        invitation=interviewed_lately.invitation,
        starts_at=timezone.now() - timedelta(days=2),
        location="Room 4",
    )

    run = purge_due()

    assert [r.invitation for r in run.purged] == [str(erasing.invitation.public_id)]
    assert [item.invitation for item in run.waiting] == [contesting.invitation]
    assert {item.invitation for item in run.due} == {contesting.invitation, erasing.invitation}
    assert database_hits([contesting.name, decided_lately.name, interviewed_lately.name]) != []
    assert not CandidateTombstone.objects.exclude(invitation=erasing.invitation).exists()
    assert "1 waiting for an open request" in str(run)


def test_the_dry_run_command_lists_without_deleting(org, admin, job, capsys):
    person = candidate(job, admin, first="Peregrine", score=50)
    from .lifecycle_data import age

    age(job, 13)

    call_command("purge_expired", "--dry-run")

    out = capsys.readouterr().out
    assert f"candidate={person.invitation.public_id}" in out
    assert "would go" in out
    assert "Dry run: 1 due, 0 purged" in out
    assert database_hits([person.name])
    key = person.recording_key
    assert s3_client().head_object(Bucket=settings.S3_BUCKET, Key=key)["ContentLength"] > 0


def test_a_stored_organisation_export_holding_the_candidate_goes_with_them(org, admin, job):
    from compliance.models import DataExport

    person = candidate(job, admin, first="Benedikta", score=50)
    key = f"orgs/{org.public_id}/exports/old.zip"
    s3_client().put_object(Bucket=settings.S3_BUCKET, Key=key, Body=person.name.encode())
    export = DataExport.objects.create(organization=org, status="ready", object_key=key)

    candidate_purge(person.invitation, reason=PurgeReason.ERASURE, actor=admin)

    assert bucket_keys(key) == []
    export.refresh_from_db()
    assert export.status == "expired"
    assert "Export again" in export.problem


def test_an_organisation_export_being_built_during_a_purge_is_discarded(
    org, admin, job, monkeypatch
):
    """The export read the candidate's rows before the purge: it must not become ready."""
    from compliance import organization_data
    from compliance.models import DataExport

    person = candidate(job, admin, first="Eulalia", score=50)
    export = organization_data.organization_export_request(organization=org, actor=admin)
    write_rows = organization_data._write_rows

    def purged_after_the_rows_were_read(archive, organization):
        rows = write_rows(archive, organization)
        candidate_purge(person.invitation, reason=PurgeReason.ERASURE, actor=admin)
        return rows

    monkeypatch.setattr(organization_data, "_write_rows", purged_after_the_rows_were_read)

    assert not organization_data.organization_export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED
    assert "Export again" in export.problem
    assert bucket_keys(f"orgs/{org.public_id}/exports/") == []
    monkeypatch.undo()
    # A new export, asked for after the purge, holds nothing of the candidate.
    fresh = organization_data.organization_export_request(organization=org, actor=admin)
    assert organization_data.organization_export_build(export_id=fresh.pk)
    fresh.refresh_from_db()
    assert fresh.status == DataExport.Status.READY
    body = s3_client().get_object(Bucket=settings.S3_BUCKET, Key=fresh.object_key)["Body"]
    with zipfile.ZipFile(io.BytesIO(body.read())) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist()).decode("latin-1")
    assert "Support" in text
    assert [needle for needle in person.needles if needle in text] == []


def test_reviewers_pages_still_work_for_a_deleted_candidate(client_for, org, admin, job):
    from django.urls import reverse

    person = candidate(job, admin, first="Lucasta", score=50)
    candidate_purge(person.invitation, reason=PurgeReason.ERASURE, actor=admin)
    client = client_for(admin)

    detail = client.get(
        reverse(
            "candidate_detail",
            kwargs={"org": org.slug, "invitation_id": person.invitation.public_id},
        )
    )
    shortlist = client.get(reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id}))

    assert detail.status_code == shortlist.status_code == 200
    assert "Deleted candidate" in shortlist.content.decode()
    assert person.name not in detail.content.decode() + shortlist.content.decode()


def test_a_deleted_candidate_cannot_be_reopened_by_extending_the_deadline(org, admin, job):
    from interviews import services
    from palantrix.errors import DomainError

    person = candidate(job, admin, first="Aurelio", score=50)
    Invitation.objects.filter(pk=person.invitation.pk).update(status="expired")
    candidate_purge(person.invitation, reason=PurgeReason.RETENTION)

    with pytest.raises(DomainError, match="data was deleted"):
        services.invitation_extend(
            invitation=person.invitation,
            actor=admin,
            deadline=timezone.now() + timedelta(days=3),
        )
    person.invitation.refresh_from_db()
    assert person.invitation.status == "expired"


def test_the_organisation_deletion_request_is_audited_without_its_name(org, admin):
    from compliance.models import OrganizationDeletion
    from compliance.organization_data import organization_delete_request

    deletion = organization_delete_request(
        organization=org, actor=admin, confirmation="Acme Robotics"
    )

    event = AuditEvent.objects.get(action="palantrix.organization.deletion_requested")
    assert event.data == {"deletion": deletion.pk}
    assert "Acme" not in str(event.data)
    record = OrganizationDeletion.objects.get()
    assert "Acme" not in " ".join(str(v) for v in record.__dict__.values())


def test_the_organisation_export_leaves_out_webhook_secrets_and_key_hashes(org, admin):
    import json

    from api.models import WebhookEndpoint
    from api.services import api_key_create
    from compliance import organization_data

    endpoint = WebhookEndpoint.objects.create(
        organization=org,
        url="https://hooks.example.com/in",
        events=["answer.scored"],
        secret="whsec_current0secret",
        previous_secret="whsec_rolled0secret",
    )
    key, _ = api_key_create(organization=org, actor=admin, name="ATS", access="read")
    export = organization_data.organization_export_request(organization=org, actor=admin)

    assert organization_data.organization_export_build(export_id=export.pk)

    export.refresh_from_db()
    body = s3_client().get_object(Bucket=settings.S3_BUCKET, Key=export.object_key)["Body"]
    with zipfile.ZipFile(io.BytesIO(body.read())) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist()).decode("latin-1")
        (row,) = json.loads(archive.read("data/api.webhookendpoint.json"))
    assert endpoint.secret not in text
    assert endpoint.previous_secret not in text
    assert key.secret_hash not in text
    assert row["fields"]["url"] == "https://hooks.example.com/in"
    assert "secret" not in row["fields"]
