"""Post-commit work as outbox rows (`events.later`): a broker that refuses loses nothing,
a repeated delivery does not repeat work that left the database."""

import socket
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from palantrix import events
from palantrix.audit import AuditDataError
from palantrix.celery import app as celery_app
from palantrix.events import outbox
from palantrix.models import OutboxMessage

pytestmark = pytest.mark.django_db

TASK = "palantrix.purge_outbox"


@pytest.fixture
def broker_away():
    """The broker refuses connections (a port nothing listens on)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    yield
    celery_app.conf.broker_url = saved


def test_work_that_cannot_be_sent_at_commit_waits_for_the_relay(
    broker_away, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = events.later(TASK, organization=None, days=7)

    message.refresh_from_db()
    assert message.topic == f"task:{TASK}"
    assert message.payload == {"days": 7}
    assert message.dispatched_at is None
    assert message.available_at <= timezone.now()  # due at the relay's next round
    assert message.last_error == "send: OperationalError"


def test_the_relay_sends_a_row_again_until_its_task_succeeded(settings):
    settings.OUTBOX_RESEND_SECONDS = 600
    message = events.later(TASK, organization=None)  # not sent: this test never commits
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())

    assert outbox.outbox_relay_pending() == 1
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.available_at > timezone.now() + timedelta(seconds=500)
    assert outbox.outbox_relay_pending() == 0  # not again before its pause is over

    worker_task = SimpleNamespace(request=SimpleNamespace(id=outbox.task_id_for(message.pk, 1)))
    outbox._task_succeeded(sender=worker_task)
    message.refresh_from_db()
    assert message.dispatched_at is not None
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
    assert outbox.outbox_relay_pending() == 0


def test_work_that_leaves_the_database_runs_once_for_a_row(settings):
    message = events.later(TASK, organization=None, days=7)
    first, repeat = outbox.task_id_for(message.pk, 0), outbox.task_id_for(message.pk, 1)
    sent = []

    with events.once(first) as mine:
        if mine:
            sent.append(first)
    with events.once(repeat) as mine:
        if mine:
            sent.append(repeat)

    assert sent == [first]
    message.refresh_from_db()
    assert message.dispatched_at is not None


def test_a_failed_try_leaves_the_row_to_a_later_delivery():
    message = events.later(TASK, organization=None, days=7)
    with pytest.raises(OSError, match="smtp away"), events.once(outbox.task_id_for(message.pk, 0)):
        raise OSError("smtp away")
    with events.once(outbox.task_id_for(message.pk, 1)) as mine:
        assert mine


def test_task_arguments_hold_no_personal_data():
    with pytest.raises(AuditDataError):
        events.later(TASK, organization=None, to="ana.lima@example.test")
    assert not OutboxMessage.objects.exists()


def given_up_row(settings, **kwargs) -> OutboxMessage:
    """A task row the relay sent OUTBOX_MAX_SENDS times without any delivery succeeding."""
    settings.OUTBOX_MAX_SENDS = 1
    message = events.later(TASK, organization=None, **kwargs)
    for _ in range(2):  # one send allowed, then given up
        OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
        outbox.outbox_relay_pending()
    message.refresh_from_db()
    return message


def test_a_row_given_up_is_kept_counted_on_metrics_and_listed_for_staff(settings, client, make):
    message = given_up_row(settings, days=7)
    assert message.given_up_at is not None
    assert message.last_error == "given up: no delivery succeeded"
    assert outbox.outbox_purge(now=timezone.now() + timedelta(days=30)) == 0  # kept for people

    staff = make.user("operator@palantrix.test")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    scrape = client.get("/metrics").content.decode()
    assert f'palantrix_outbox_given_up{{task="{TASK}"}} 1.0' in scrape
    listed = client.get("/admin/palantrix/outboxmessage/?state=given_up").content.decode()
    assert f"task:{TASK}" in listed
    assert "{&quot;days&quot;: 7}" in listed  # the task's ids, to look into

    client.post(
        "/admin/palantrix/outboxmessage/",
        {"action": "send_again", "_selected_action": [message.pk]},
    )
    message.refresh_from_db()
    assert (message.given_up_at, message.dispatched_at, message.attempts) == (None, None, 0)
    assert outbox.outbox_relay_pending() == 1  # the relay sends it at its next round
    assert 'palantrix_outbox_given_up{task="' not in client.get("/metrics").content.decode()
