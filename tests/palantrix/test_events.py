"""One path for side effects: a published event is recorded in the audit chain and the
outbox in the change's transaction, and its subscribers run after commit, at least once,
each once per event id; a lost task or a failing subscriber is picked up by the relay."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from api import webhooks
from api.models import WebhookEvent
from api.services import webhook_endpoint_create
from palantrix import audit, events
from palantrix.celery import app as celery_app
from palantrix.events import outbox
from palantrix.models import AuditEvent, OutboxMessage
from palantrix.tasks import dispatch_outbox_message_task
from tests.waiting import wait_until

TOPIC = "tests.thing.happened"


class Recorder:
    """A subscriber that remembers what it saw and fails while `failures` is above zero."""

    def __init__(self, failures: int = 0):
        self.seen: list[str] = []
        self.failures = failures

    def __call__(self, message: OutboxMessage) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("the mail server is down")
        self.seen.append(str(message.public_id))


@pytest.fixture
def subscribed():
    """Subscribers on TOPIC for one test, removed afterwards."""
    added = []

    def add(handler, name):
        events.subscribe(TOPIC, handler, name=name)
        added.append(name)
        return handler

    yield add
    for name in added:
        events.registry._subscribers[TOPIC].pop(name)


def thing(org, admin, **payload):
    return events.Event(
        organization=org,
        actor=admin,
        action=TOPIC,
        data={"count": 1},
        payload={"thing": "t-1", **payload},
    )


@pytest.mark.django_db
def test_a_published_event_is_audited_and_reaches_its_subscriber_once(org, admin, subscribed):
    recorder = subscribed(Recorder(), "recorder")

    recorded = events.publish(thing(org, admin))

    assert recorded.action == TOPIC
    assert recorded.data == {"count": 1}
    (message,) = OutboxMessage.objects.all()
    assert (message.topic, message.payload) == (TOPIC, {"thing": "t-1"})
    assert recorder.seen == []  # nothing runs before the change commits
    assert outbox.outbox_relay_pending() == 1
    assert outbox.outbox_dispatch(message_id=message.pk) is False  # run twice: done already
    assert outbox.outbox_relay_pending() == 0
    assert recorder.seen == [str(message.public_id)]
    message.refresh_from_db()
    assert message.dispatched_at is not None
    assert message.handled == ["recorder"]


@pytest.mark.django_db
def test_an_event_of_a_change_that_rolled_back_leaves_nothing_to_send(org, admin, subscribed):
    recorder = subscribed(Recorder(), "recorder")

    def failing_service():
        with transaction.atomic():
            events.publish(thing(org, admin))
            raise RuntimeError("the service failed after publishing")

    with pytest.raises(RuntimeError):
        failing_service()

    assert not AuditEvent.objects.filter(action=TOPIC).exists()
    assert not OutboxMessage.objects.exists()
    assert outbox.outbox_relay_pending() == 0
    assert recorder.seen == []


@pytest.mark.django_db
def test_an_event_nobody_subscribed_to_is_only_audited(org, admin):
    events.publish(thing(org, admin))

    assert AuditEvent.objects.filter(action=TOPIC).count() == 1
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_personal_data_is_refused_in_the_payload_as_in_the_audit_log(org, admin, subscribed):
    subscribed(Recorder(), "recorder")

    with pytest.raises(audit.AuditDataError):
        events.publish(thing(org, admin, email="ana.lima@example.test"))


@pytest.mark.django_db
def test_a_failing_subscriber_is_retried_after_a_pause_and_the_others_run_once(
    org, admin, subscribed
):
    steady = subscribed(Recorder(), "steady")
    flaky = subscribed(Recorder(failures=1), "flaky")
    events.publish(thing(org, admin))
    message = OutboxMessage.objects.get()

    assert outbox.outbox_relay_pending() == 0  # flaky failed: the row waits
    message.refresh_from_db()
    assert message.handled == ["steady"]
    assert message.attempts == 1
    assert "flaky: ConnectionError: the mail server is down" in message.last_error
    assert message.available_at > timezone.now()  # paused, not retried in a loop
    assert outbox.outbox_relay_pending() == 0

    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
    assert outbox.outbox_relay_pending() == 1

    assert steady.seen == [str(message.public_id)]  # not run again for flaky's retry
    assert flaky.seen == [str(message.public_id)]


@pytest.mark.django_db
def test_a_message_claimed_by_a_live_worker_is_left_to_it_and_a_dead_ones_is_taken_over(
    org, admin, subscribed
):
    recorder = subscribed(Recorder(), "recorder")
    events.publish(thing(org, admin))
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now())

    assert outbox.outbox_relay_pending() == 0
    assert recorder.seen == []

    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=outbox.CLAIM_SECONDS + 1)
    )
    assert outbox.outbox_relay_pending() == 1
    assert recorder.seen == [str(message.public_id)]


@pytest.mark.django_db
def test_the_webhook_subscriber_stores_one_event_per_message_under_its_id(org, admin):
    webhook_endpoint_create(
        organization=org, actor=admin, url="http://127.0.0.1:9/hook", events=["candidate.erased"]
    )
    events.publish(
        events.Event(
            organization=org,
            actor=audit.SYSTEM,
            action="compliance.candidate.purged",
            payload={"interview": "x-1", "reason": "retention"},
        )
    )
    message = OutboxMessage.objects.get()

    webhooks.on_event(message)
    webhooks.on_event(message)  # a retry after a crash

    (event,) = WebhookEvent.objects.all()
    assert event.public_id == message.public_id
    assert event.data == {"interview": "x-1", "reason": "retention"}


@pytest.mark.django_db
def test_old_dispatched_messages_are_forgotten(org, admin, subscribed):
    subscribed(Recorder(), "recorder")
    events.publish(thing(org, admin))
    events.publish(thing(org, admin))
    events.publish(thing(org, admin))
    outbox.outbox_relay_pending()
    old, _recent, waiting = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=old.pk).update(
        dispatched_at=timezone.now() - timedelta(days=outbox.KEEP_DAYS + 1)
    )
    OutboxMessage.objects.filter(pk=waiting.pk).update(dispatched_at=None)

    assert outbox.outbox_purge() == 1
    assert outbox.outbox_purge() == 0
    assert OutboxMessage.objects.count() == 2


def test_the_relay_and_the_purge_are_scheduled_and_the_dispatch_task_is_known():
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert {"palantrix.relay_outbox", "palantrix.purge_outbox"} <= tasks
    # The outbox sends the task by name: the name must be the task's.
    assert dispatch_outbox_message_task.name == outbox.DISPATCH_TASK
    assert dispatch_outbox_message_task.time_limit < outbox.CLAIM_SECONDS


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_after_commit_the_worker_runs_the_subscribers_without_the_relay(celery_worker, org, admin):
    webhook_endpoint_create(
        organization=org, actor=admin, url="http://127.0.0.1:9/hook", events=["candidate.erased"]
    )
    events.publish(
        events.Event(
            organization=org,
            actor=audit.SYSTEM,
            action="compliance.candidate.purged",
            payload={"interview": "x-1", "reason": "retention"},
        )
    )

    wait_until(
        lambda: OutboxMessage.objects.filter(dispatched_at__isnull=False).exists(),
        what="the worker to dispatch the outbox message",
    )
    (event,) = WebhookEvent.objects.all()
    assert event.public_id == OutboxMessage.objects.get().public_id


def test_no_domain_app_imports_the_api_app():
    """The domain publishes; the API app subscribes. Importing the domain's services and
    tasks in a fresh process must not load the API app's modules."""
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'palantrix.settings';"
        "import importlib;"
        "from django.apps import apps; from django.conf import settings;"
        "settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != 'api'];"
        "django.setup();"
        "[importlib.import_module(m) for m in ('interviews.services', 'scoring.services',"
        " 'compliance.lifecycle', 'compliance.services', 'interviews.tasks', 'scoring.tasks',"
        " 'compliance.tasks')];"
        "loaded = sorted(m for m in sys.modules if m == 'api' or m.startswith('api.'));"
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
