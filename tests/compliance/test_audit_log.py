"""The audit log is append-only and any tampering shows up in verify_audit_log."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from palantrix import audit
from palantrix.models import AuditEvent

pytestmark = pytest.mark.django_db


def record_three(org, actor):
    for index in range(3):
        audit.record(
            organization=org,
            actor=actor,
            action="palantrix.organization.updated",
            target=org,
            data={"fields": ["name"], "step": index},
        )


def verify(slug=None):
    from io import StringIO

    out = StringIO()
    args = ["--organization", slug] if slug else []
    try:
        call_command("verify_audit_log", *args, stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nERROR: {error}"
    return out.getvalue()


def test_events_chain_per_organisation_and_verify(org, other_org, admin, other_admin):
    record_three(org, admin)
    audit.record(organization=other_org, actor=other_admin, action="palantrix.member.invited")

    events = list(AuditEvent.objects.filter(organization=org).order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].prev_hash == audit.GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[0].actor_type == "user"
    assert events[0].actor_id == str(admin.pk)
    assert events[0].target_type == "palantrix.organization"
    assert events[0].target_id == str(org.public_id)
    output = verify()
    assert "OK, 3 events (acme)" in output
    assert "OK, 1 events (globex)" in output
    assert output.strip().endswith("OK, 4 events")


def test_raw_update_and_delete_are_refused_by_the_database(org, admin):
    record_three(org, admin)
    for statement in (
        "UPDATE compliance_auditevent SET action = 'x.y.z'",
        "DELETE FROM compliance_auditevent",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(organization=org).update(data={})
    assert AuditEvent.objects.filter(organization=org).count() == 3
    assert "OK, 3 events" in verify("acme")


def test_a_forged_row_breaks_the_chain(org, admin):
    record_three(org, admin)
    last = AuditEvent.objects.filter(organization=org).latest("sequence")
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO compliance_auditevent (organization_id, sequence, created_at,
               actor_type, actor_id, action, target_type, target_id, data, prev_hash, hash)
               VALUES (%s, 4, now(), 'user', '1', 'interviews.candidate.advanced', '', '',
                       '{}', %s, %s)""",
            [org.pk, last.hash, "f" * 64],
        )
    output = verify("acme")
    assert "BROKEN (acme): event #4 was altered" in output
    assert "ERROR: 1 audit chain(s) broken." in output


def _with_trigger_disabled(sql, params=()):
    """What a database superuser could do behind the application's back."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # superuser: skips triggers
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def test_an_edited_event_is_detected(org, admin):
    record_three(org, admin)
    _with_trigger_disabled(
        "UPDATE compliance_auditevent SET data = '{\"step\": 99}' "
        "WHERE organization_id = %s AND sequence = 2",
        [org.pk],
    )
    assert "BROKEN (acme): event #2 was altered" in verify("acme")


def test_a_deleted_event_is_detected_in_the_middle_and_at_the_end(org, admin):
    record_three(org, admin)
    _with_trigger_disabled(
        "DELETE FROM compliance_auditevent WHERE organization_id = %s AND sequence = 3", [org.pk]
    )
    assert "events were removed from the end" in verify("acme")
    _with_trigger_disabled(
        "DELETE FROM compliance_auditevent WHERE organization_id = %s AND sequence = 1", [org.pk]
    )
    assert "event #1 is missing" in verify("acme")


@pytest.mark.parametrize(
    "data",
    [
        {"email": "jane.doe@example.com"},
        {"note": "x" * 1001},
        {"nested": [{"who": "someone@example.org"}]},
        {"when": object()},
    ],
)
def test_personal_data_and_long_text_are_refused(org, admin, data):
    with pytest.raises(audit.AuditDataError):
        audit.record(organization=org, actor=admin, action="palantrix.member.invited", data=data)
    assert not AuditEvent.objects.exists()


def test_action_codes_are_dotted(org):
    with pytest.raises(ValueError, match="dotted"):
        audit.record(organization=org, actor=audit.SYSTEM, action="Score Changed")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(make):
    org = make.organization("Busy", "busy")
    errors = []

    def writer(worker):
        try:
            for step in range(10):
                audit.record(
                    organization=org,
                    actor=audit.SystemActor(f"writer{worker}"),
                    action="scoring.answer.scored",
                    data={"step": step},
                )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(organization=org).count() == 40
    assert audit.verify_chain(org).ok
