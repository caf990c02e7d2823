"""A round trip through the real broker and a real worker process."""

import pytest

from palantrix import audit
from palantrix.celery import app
from palantrix.tasks import checkpoint_audit_chains_task, verify_audit_chains_task
from tests.waiting import seconds

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_the_worker_verifies_audit_chains_from_the_shared_database(celery_worker, org, admin):
    audit.record(organization=org, actor=admin, action="palantrix.member.invited")
    audit.record(organization=org, actor=admin, action="palantrix.member.joined")

    written = checkpoint_audit_chains_task.delay().get(timeout=seconds(60))
    result = verify_audit_chains_task.delay().get(timeout=seconds(60))

    assert written == 1
    assert result == ["OK, 2 events (acme); 1 signed checkpoint(s) up to #2"]


def test_the_nightly_verification_is_scheduled():
    schedule = app.conf.beat_schedule
    assert schedule["verify-audit-chains-nightly"]["task"] == verify_audit_chains_task.name
