"""The audit log holds against the application itself and against a database superuser.

The web and worker processes connect as a role that may read and append audit events but
neither change, remove, truncate nor unprotect them. What a superuser (or the tables' owner)
can still do, re-hashing every later event and moving the chain head included, shows in
verify_audit_log because each chain's hashes are signed, outside the database, into
checkpoints kept under object lock.
"""

import json
from io import StringIO

import psycopg2
import pytest
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from palantrix import audit
from palantrix.audit import checkpoints
from palantrix.celery import app as celery_app
from palantrix.models import AuditChainHead, AuditEvent
from palantrix.storage import s3_client
from palantrix.tasks import checkpoint_audit_chains_task

pytestmark = pytest.mark.django_db

INSUFFICIENT_PRIVILEGE = "42501"


def verify(slug="acme"):
    out = StringIO()
    try:
        call_command("verify_audit_log", "--organization", slug, stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nERROR: {error}"
    return out.getvalue()


def record_override_and_more(org, admin, recruiter):
    audit.record(organization=org, actor=admin, action="interviews.job.published", target=org)
    audit.record(
        organization=org,
        actor=admin,
        action="scoring.score.overridden",
        target=org,
        data={"from": 62, "to": 75, "reason": "Answered the follow-up in the call"},
    )
    for step in range(2):
        audit.record(
            organization=org,
            actor=recruiter,
            action="interviews.candidate.advanced",
            target=org,
            data={"step": step},
        )


def as_superuser(*statements):
    """What a database superuser (or the tables' owner) does behind the application's back."""
    with connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)


def rewrite_override_and_rehash(org, other_user):
    """The attack of the report: change the override, re-hash what follows, move the head."""
    as_superuser(
        # The test's own transaction still holds deferred foreign-key checks: run them first.
        ("SET CONSTRAINTS ALL IMMEDIATE", []),
        ("ALTER TABLE compliance_auditevent DISABLE TRIGGER USER", []),
    )
    events = list(AuditEvent.objects.filter(organization=org).order_by("sequence"))
    prev = events[0].hash
    for event in events[1:]:
        if event.action == "scoring.score.overridden":
            event.actor_id = str(other_user.pk)
            event.data = {"from": 62, "to": 95, "reason": "Strong answers throughout"}
        event.prev_hash = prev
        event.hash = audit.event_hash(event)
        as_superuser(
            (
                "UPDATE compliance_auditevent SET actor_id = %s, data = %s, prev_hash = %s, "
                "hash = %s WHERE id = %s",
                [event.actor_id, json.dumps(event.data), event.prev_hash, event.hash, event.pk],
            )
        )
        prev = event.hash
    as_superuser(
        (
            "UPDATE compliance_auditchainhead SET hash = %s WHERE organization_id = %s",
            [prev, org.pk],
        ),
        ("ALTER TABLE compliance_auditevent ENABLE TRIGGER USER", []),
    )


# --- The application's role ----------------------------------------------------------------


@pytest.fixture
def app_role(db):
    """A connection to this test database as the role web and worker processes use."""
    db_settings = connection.settings_dict
    params = {
        "host": db_settings["HOST"] or "127.0.0.1",
        "port": db_settings["PORT"] or 5432,
        "dbname": db_settings["NAME"],
        "user": settings.DATABASE_APP_ROLE,
        "options": "-c lock_timeout=5s",
    }
    app_connection = psycopg2.connect(**params)
    yield app_connection
    app_connection.close()


def refused(app_connection, statement):
    try:
        with app_connection.cursor() as cursor:
            cursor.execute(statement)
    except psycopg2.Error as error:
        return error.pgcode
    finally:
        app_connection.rollback()
    return None


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE compliance_auditevent SET data = '{}'",
        "DELETE FROM compliance_auditevent",
        "TRUNCATE compliance_auditevent",
        "DELETE FROM compliance_auditchainhead",
        "TRUNCATE compliance_auditchainhead",
        "ALTER TABLE compliance_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER compliance_auditevent_append_only ON compliance_auditevent",
        "ALTER TABLE compliance_auditevent OWNER TO CURRENT_USER",
        "SET session_replication_role = replica",
        "CREATE TABLE compliance_shadow (id int)",
        # An organisation's chain goes only once the organisation's deletion was requested.
        "SELECT compliance_erase_organization_audit(1)",
    ],
)
def test_the_application_role_cannot_rewrite_or_unprotect_the_audit_log(app_role, statement):
    assert refused(app_role, statement) == INSUFFICIENT_PRIVILEGE


def test_the_application_role_reads_appends_and_writes_its_other_tables(app_role):
    with app_role.cursor() as cursor:
        cursor.execute("SELECT current_user, count(*) FROM compliance_auditevent")
        assert cursor.fetchone()[0] == settings.DATABASE_APP_ROLE
        cursor.execute(
            """INSERT INTO compliance_auditevent (organization_id, sequence, created_at,
               actor_type, actor_id, action, target_type, target_id, data, prev_hash, hash)
               VALUES (0, 1, now(), 'system', 'x', 'a.b.c', '', '', '{}', %s, %s)""",
            [audit.GENESIS_HASH, "e" * 64],
        )
        cursor.execute("UPDATE compliance_auditchainhead SET sequence = sequence WHERE false")
        cursor.execute("UPDATE interviews_invitation SET name = name WHERE false")
        cursor.execute("DELETE FROM interviews_invitation WHERE false")
    app_role.rollback()  # the row above points at no organisation


# --- Signed checkpoints ---------------------------------------------------------------------


def test_a_superuser_rewrite_with_rehashing_fails_verification(
    org, admin, recruiter, make, checkpoint_bucket
):
    # Given an override in the log, signed into a checkpoint by the hourly task
    record_override_and_more(org, admin, recruiter)
    assert checkpoint_audit_chains_task() == 1
    assert "OK, 4 events (acme); 1 signed checkpoint(s) up to #4" in verify()

    # When a superuser changes the override's value, actor and reason, re-hashes the later
    # events, moves the chain head, and hides the checkpoint behind a delete marker
    rewrite_override_and_rehash(org, other_user=make.user())
    s3_client().delete_object(
        Bucket=checkpoint_bucket, Key=checkpoints.checkpoints_list(org)[0].key
    )

    # Then the chain is consistent in itself, yet verification names the rewritten event
    events = list(AuditEvent.objects.filter(organization=org).order_by("sequence"))
    assert all(audit.event_hash(event) == event.hash for event in events)
    assert AuditChainHead.objects.get(organization=org).hash == events[-1].hash
    assert events[1].data["to"] == 95
    output = verify()
    assert "BROKEN (acme): event #2 differs from the checkpoint of" in output
    assert "it was rewritten" in output
    assert "ERROR: 1 audit chain(s) broken." in output


def test_a_checkpoint_cannot_be_deleted_while_it_is_locked(org, admin, checkpoint_bucket):
    audit.record(organization=org, actor=admin, action="interviews.job.published")
    checkpoint = checkpoints.checkpoint_write(org)
    client = s3_client()
    version = client.list_object_versions(Bucket=checkpoint_bucket, Prefix=checkpoint.key)
    version_id = version["Versions"][0]["VersionId"]

    with pytest.raises(ClientError, match="AccessDenied"):
        client.delete_object(Bucket=checkpoint_bucket, Key=checkpoint.key, VersionId=version_id)


def test_truncate_is_refused_and_a_forced_one_is_detected(org, admin, recruiter, checkpoint_bucket):
    record_override_and_more(org, admin, recruiter)
    checkpoints.checkpoint_write(org)

    # Even the owner is refused unless it asks for it on purpose
    as_superuser(("SET CONSTRAINTS ALL IMMEDIATE", []))  # the test's deferred checks
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        as_superuser(
            ("SET LOCAL palantrix.allow_audit_truncate = off", []),
            ("TRUNCATE compliance_auditevent", []),
        )
    assert AuditEvent.objects.filter(organization=org).count() == 4

    # A superuser who forces it, and removes the head, leaves a chain that verifies in itself
    as_superuser(
        ("SET LOCAL session_replication_role = replica", []),
        ("TRUNCATE compliance_auditevent", []),
        ("DELETE FROM compliance_auditchainhead", []),
        ("SET LOCAL session_replication_role = DEFAULT", []),
    )
    output = verify()
    assert "BROKEN (acme): event #1 is missing: the checkpoint of" in output
    assert "records events up to #4" in output


def test_a_checkpoint_forged_without_the_key_is_rejected(org, admin, checkpoint_bucket):
    audit.record(organization=org, actor=admin, action="interviews.job.published")
    event = AuditEvent.objects.get(organization=org)
    payload = {
        "version": 1,
        "organization": str(org.public_id),
        "first_sequence": 1,
        "last_sequence": 1,
        "last_event_id": event.pk,
        "last_hash": event.hash,
        "count": 1,
        "created_at": event.created_at.isoformat(),
        "hashes": [event.hash],
    }
    # The genuine key's signature verifies; a guessed key's does not
    assert checkpoints.sign(payload) != checkpoints.sign({**payload, "count": 2})
    forged = {"payload": payload, "signature": "0" * 64}
    s3_client().put_object(
        Bucket=checkpoint_bucket,
        Key=f"checkpoints/{org.public_id}/{1:020d}.json",
        Body=json.dumps(forged).encode(),
    )

    output = verify()
    assert "is not signed with the checkpoint key (forged or altered)" in output
    assert "ERROR: 1 audit chain(s) broken." in output


def test_checkpoints_are_written_every_hour_and_only_for_new_events(
    org, other_org, admin, other_admin, checkpoint_bucket
):
    entry = next(
        entry
        for entry in celery_app.conf.beat_schedule.values()
        if entry["task"] == "compliance.checkpoint_audit_chains"
    )
    assert entry["schedule"].minute == {5}
    assert entry["schedule"].hour == set(range(24))
    assert "compliance.checkpoint_audit_chains" in celery_app.tasks

    audit.record(organization=org, actor=admin, action="interviews.job.published")
    audit.record(organization=other_org, actor=other_admin, action="interviews.job.published")
    assert checkpoint_audit_chains_task() == 2
    assert checkpoint_audit_chains_task() == 0  # run twice: nothing new, nothing written

    audit.record(organization=org, actor=admin, action="interviews.job.closed")
    assert checkpoint_audit_chains_task() == 1
    assert [c.payload["first_sequence"] for c in checkpoints.checkpoints_list(org)] == [1, 2]
    assert "OK, 2 events (acme); 2 signed checkpoint(s) up to #2" in verify()
