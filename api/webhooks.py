"""Signed webhooks: a subscriber to the domain events, delivered from Celery.

Services publish (`palantrix.events.publish`) and never import this module; the API app
subscribes `on_event` to the actions in TOPICS (`ApiConfig.ready`). After the change
commits, the outbox runs `on_event`, which calls

    emit(organization, "candidate.decided", {"interview": str(invitation.public_id), ...})

`emit` stores the event and one delivery per subscribed endpoint, and enqueues them once
its transaction commits (nothing is sent for a change that rolled back). The webhook
event's id is the outbox message's, so running the subscriber twice stores it once.
Payloads hold ids, numbers and the API URL to fetch details, never names, emails or
transcripts. Each delivery is tried until the receiver answers
2xx, with growing pauses for about a day; receivers deduplicate by the event id.

The signature (the scheme Stripe and GitHub use) is the header
`Palantrix-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>`.
"""

import contextlib
import hashlib
import hmac
import http.client
import json
import logging
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from palantrix import audit, events, metrics
from palantrix.models import Organization, OutboxMessage

from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from .models import WebhookEventType as EventType
from .ssrf import Target, UnsafeUrl, check_url

logger = logging.getLogger(__name__)
DELIVER_TASK = "api.deliver_webhook"  # by name: the tasks module imports this one

EVENT_TYPES = tuple(EventType.values)
# Pauses after each failed try: 1 min, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h (about a day in all).
DEFAULT_RETRY_SECONDS = (60, 300, 1800, 7200, 18000, 28800, 28800)
# A try in progress holds the delivery this long: longer than the task's hard time limit
# (tasks.TASK_TIME_LIMIT), which is longer than the deadline of the HTTP exchange
# (WEBHOOK_TIMEOUT_SECONDS, 10 s).
CLAIM_SECONDS = 60
# Pauses up to this long wait in the broker; longer ones wait for the beat sweep, because
# Redis would hand a long-delayed task to another worker after its visibility timeout.
MAX_COUNTDOWN_SECONDS = 900
SIGNATURE_HEADER = "Palantrix-Signature"
# The delivery log keeps finished events this long.
WEBHOOK_LOG_DAYS = 30


# The audit actions the webhooks subscribe to, and the event type each is sent as.
TOPICS = {
    "interviews.invitation.opened": EventType.INVITATION_OPENED,
    "interviews.interview.completed": EventType.INTERVIEW_COMPLETED,
    "scoring.answer.scored": EventType.ANSWER_SCORED,
    "scoring.answer.needs_review": EventType.ANSWER_NEEDS_REVIEW,
    "interviews.candidate.decided": EventType.CANDIDATE_DECIDED,
    "compliance.candidate.purged": EventType.CANDIDATE_ERASED,
}


def retry_schedule() -> tuple[int, ...]:
    return tuple(settings.WEBHOOK_RETRY_SECONDS or DEFAULT_RETRY_SECONDS)


def api_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/v1/{path}"


def on_event(message: OutboxMessage) -> None:
    """The outbox subscriber: a published action becomes a webhook event, once per id."""
    emit(
        message.organization,
        TOPICS[message.topic],
        dict(message.payload),
        event_id=message.public_id,
    )


def emit(
    organization: Organization,
    event_type: str,
    payload: dict[str, Any],
    *,
    event_id: uuid.UUID | None = None,
) -> WebhookEvent | None:
    """Queue `event_type` for every active endpoint of the organisation subscribed to it.

    `payload` holds ids and numbers only (checked like audit data); an `interview` id adds
    the API URL of that interview. With `event_id`, an event already stored under that id
    is returned as it is (the subscriber ran before)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown webhook event type {event_type!r}")
    data = dict(payload)
    audit.check_data(data, "payload")
    # An erased candidate's interview is gone: nothing left to fetch.
    if "interview" in data and "url" not in data and event_type != EventType.CANDIDATE_ERASED:
        data["url"] = api_url(f"interviews/{data['interview']}/")
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.for_organization(organization).filter(
            is_active=True
        )
        if event_type in endpoint.events
    ]
    if not endpoints:
        return None
    if event_id is not None:
        stored = WebhookEvent.objects.filter(public_id=event_id).first()
        if stored is not None:
            return stored
    event = WebhookEvent.objects.create(
        organization=organization,
        type=event_type,
        data=data,
        **({"public_id": event_id} if event_id is not None else {}),
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            organization=organization,
            endpoint=endpoint,
            event=event,
            next_attempt_at=timezone.now(),
        )
        for endpoint in endpoints
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))
    return event


def _enqueue(delivery_ids: list[int], countdown: int = 0) -> None:
    """Send the deliveries' tasks now; with the broker away they wait for the beat's sweep
    (`webhooks_enqueue_due`), the request that committed them is not held up."""
    for delivery_id in delivery_ids:
        try:
            events.outbox.send_fast(
                DELIVER_TASK, kwargs={"delivery_id": delivery_id}, countdown=countdown
            )
        except Exception as error:  # the rows are durable: the sweep sends them
            logger.warning("webhook deliveries not sent now, the sweep will: %r", error)
            return


def event_body(event: WebhookEvent) -> bytes:
    return json.dumps(
        {
            "id": str(event.public_id),
            "type": event.type,
            "created_at": event.created_at.isoformat(),
            "organization": str(event.organization.public_id),
            "data": event.data,
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def sign(secret: str, timestamp: int, body: bytes, *also: str) -> str:
    """`t=<time>,v1=<hex>`, with one more `v1` for each secret in `also` (after a roll)."""
    signatures = [
        hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        for key in (secret, *also)
    ]
    return f"t={timestamp}," + ",".join(f"v1={signature}" for signature in signatures)


def signing_secrets(endpoint: WebhookEndpoint) -> list[str]:
    """The current secret, then the previous one while its overlap lasts."""
    keys = [endpoint.secret]
    until = endpoint.previous_secret_until
    if endpoint.previous_secret and until is not None and until > timezone.now():
        keys.append(endpoint.previous_secret)
    return keys


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address the SSRF check approved, whatever DNS says now."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.host)


def _cut(connection: http.client.HTTPConnection) -> None:
    """The deadline passed: end whatever read or write is waiting on the socket."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _post(target: Target, headers: dict[str, str], body: bytes) -> int:
    """POST and read the answer, all within WEBHOOK_TIMEOUT_SECONDS: the socket timeout alone
    bounds each read, so a receiver trickling bytes could hold the worker for ever."""
    budget = float(settings.WEBHOOK_TIMEOUT_SECONDS)
    deadline = time.monotonic() + budget
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, timeout=budget)
    watchdog = threading.Timer(budget, _cut, args=(connection,))
    watchdog.daemon = True
    watchdog.start()
    late = TimeoutError(f"The receiver did not answer in full within {budget:g} s.")
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)  # enough to see the answer; the rest is not ours to wait for
    except (OSError, http.client.HTTPException):
        if time.monotonic() >= deadline:
            raise late from None
        raise
    finally:
        watchdog.cancel()
        connection.close()
    if time.monotonic() >= deadline:
        raise late
    return response.status


def _claim(delivery_id: int) -> datetime | None:
    """Take the delivery for one try; the claim's time is the token later writes check."""
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS))
        )
        .update(claimed_at=now)
    )
    return now if claimed else None


def webhook_deliver(*, delivery_id: int) -> WebhookAttempt | None:
    """Try one delivery once. Safe to repeat: a delivery that is done, not yet due or being
    tried by another worker is left alone (the claim is a conditional UPDATE)."""
    claim = _claim(delivery_id)
    if claim is None:
        return None
    delivery = WebhookDelivery.objects.select_related(
        "endpoint", "event", "event__organization"
    ).get(pk=delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    body = event_body(event)
    timestamp = int(time.time())
    current, *previous = signing_secrets(endpoint)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Palantrix-Webhooks/1",
        SIGNATURE_HEADER: sign(current, timestamp, body, *previous),
        "Palantrix-Event-Id": str(event.public_id),
        "Palantrix-Event-Type": event.type,
    }
    status_code, error = None, ""
    started = time.monotonic()
    if not endpoint.is_active:
        error = "The endpoint is switched off."
    else:
        try:
            status_code = _post(check_url(endpoint.url), headers, body)
        except UnsafeUrl as refused:
            error = str(refused)
        except Exception as failure:  # any fault ends this try, recorded; never a loop
            error = f"{type(failure).__name__}: {failure}"[:300]
    duration_ms = round((time.monotonic() - started) * 1000)
    return _record_attempt(delivery.pk, claim, status_code, error, duration_ms)


@transaction.atomic
def _record_attempt(delivery_id, claim, status_code, error, duration_ms) -> WebhookAttempt | None:
    """Write the try's outcome over the delivery as it is now, and only while this try still
    holds its claim (a try that outlived it must not undo what a later one recorded)."""
    delivery = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("endpoint")
        .filter(pk=delivery_id, claimed_at=claim)
        .first()
    )
    if delivery is None:
        logger.warning("webhook delivery id=%s: the try outlived its claim", delivery_id)
        return None
    now = timezone.now()
    delivery.attempt_count += 1
    attempt = WebhookAttempt.objects.create(
        organization=delivery.organization,
        delivery=delivery,
        number=delivery.attempt_count,
        status_code=status_code,
        duration_ms=duration_ms,
        error=error[:300],
        manual=delivery.manual_requested,
    )
    delivery.claimed_at = None
    delivery.manual_requested = False
    schedule = retry_schedule()
    countdown = None
    if attempt.succeeded:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED,
            now,
            None,
        )
    elif delivery.attempt_count <= len(schedule) and delivery.endpoint.is_active:
        countdown = schedule[delivery.attempt_count - 1]
        delivery.next_attempt_at = now + timedelta(seconds=countdown)
    else:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
    delivery.save(
        update_fields=[
            "attempt_count",
            "claimed_at",
            "manual_requested",
            "status",
            "delivered_at",
            "next_attempt_at",
            "updated_at",
        ]
    )
    outcome = "delivered" if attempt.succeeded else "retry" if countdown is not None else "failed"
    transaction.on_commit(lambda: metrics.WEBHOOK_ATTEMPTS.labels(outcome=outcome).inc())
    if countdown is not None and countdown <= MAX_COUNTDOWN_SECONDS:
        transaction.on_commit(lambda: _enqueue([delivery.pk], countdown=countdown))
    logger.info(
        "webhook delivery=%s attempt=%s status=%s duration_ms=%s",
        delivery.public_id,
        attempt.number,
        status_code or error[:60],
        duration_ms,
    )
    return attempt


def webhooks_enqueue_due() -> int:
    """Beat sweep: enqueue pending deliveries whose pause is over (long pauses, lost tasks)."""
    now = timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=now,
        )
        .filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS))
        )
        .values_list("pk", flat=True)[:1000]
    )
    _enqueue(due)
    return len(due)


def webhook_events_purge(*, now=None) -> int:
    """Forget events older than WEBHOOK_LOG_DAYS whose deliveries are all finished."""
    cutoff = (now or timezone.now()) - timedelta(days=WEBHOOK_LOG_DAYS)
    old = WebhookEvent.objects.filter(created_at__lt=cutoff).exclude(
        deliveries__status=WebhookDelivery.Status.PENDING
    )
    deleted = old.count()
    WebhookEvent.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()
    return deleted
