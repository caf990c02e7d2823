"""Prometheus metrics: what web and workers count, and /metrics, which reports them.

Counted where it happens (each process its own; with PROMETHEUS_MULTIPROC_DIR set, as
gunicorn's and Celery's child processes need, every process writes its values to files there
and a scrape adds them up):

    palantrix_http_request_duration_seconds{view,method}   latency by view
    palantrix_http_requests_total{view,method,status}      requests by view and status class
    palantrix_task_duration_seconds{task,state}            Celery tasks by task
    palantrix_transcription_seconds_per_audio_second       Whisper's time per second of audio
    palantrix_scorer_seconds_per_audio_second              the scorer's time per second of audio
    palantrix_answer_upload_to_scored_seconds              upload confirmed -> scored
    palantrix_webhook_delivery_attempts_total{outcome}     delivered, retry or failed

Read at scrape time, so every process agrees (no multi-process state): the length of each
Celery queue (palantrix_queue_messages{queue}), the outbox's rows given up
(palantrix_outbox_given_up{task}: work that will not happen unless a person sends it
again, in the admin) and whatever the apps above the core register
with `gauge_register` in their AppConfig.ready() (answers by status: interviews).

Workers serve their own metrics on METRICS_PORT (the main process, reading the children's
files); web serves /metrics to a bearer METRICS_TOKEN or a signed-in staff user.
"""

import hmac
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from celery.signals import task_postrun, task_prerun, worker_process_shutdown, worker_ready
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .celery import app

logger = logging.getLogger(__name__)

# Multi-process mode writes a file per process and metric: the folder must exist first (an
# emptyDir in Kubernetes; beat and the migration Job create it in their own /tmp).
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

REQUEST_SECONDS = Histogram(
    "palantrix_http_request_duration_seconds",
    "Time to answer a request, by view",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUESTS = Counter(
    "palantrix_http_requests_total",
    "Requests answered, by view and status class (5xx: errors)",
    ["view", "method", "status"],
)
TASK_SECONDS = Histogram(
    "palantrix_task_duration_seconds",
    "Time a Celery task ran, by task and final state",
    ["task", "state"],
    buckets=(0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1500, 3300),
)
RATIO_BUCKETS = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2)
TRANSCRIPTION_RATIO = Histogram(
    "palantrix_transcription_seconds_per_audio_second",
    "Seconds of transcription per second of recorded audio",
    buckets=RATIO_BUCKETS,
)
SCORER_RATIO = Histogram(
    "palantrix_scorer_seconds_per_audio_second",
    "Seconds of scoring per second of recorded audio",
    buckets=RATIO_BUCKETS,
)
UPLOAD_TO_SCORED = Histogram(
    "palantrix_answer_upload_to_scored_seconds",
    "From the confirmed upload of an answer to its scores",
    buckets=(5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600),
)
WEBHOOK_ATTEMPTS = Counter(
    "palantrix_webhook_delivery_attempts_total",
    "Webhook delivery tries by outcome: delivered, retry (a later try is planned) or failed",
    ["outcome"],
)

GaugeSource = Callable[[], Iterable[GaugeMetricFamily]]
_gauges: dict[str, GaugeSource] = {}


def gauge_register(name: str, source: GaugeSource) -> None:
    """`source` yields gauge families computed at each scrape (from the database, say)."""
    _gauges[name] = source


def queue_names() -> list[str]:
    return sorted(
        {
            settings.CELERY_TASK_DEFAULT_QUEUE,
            settings.CELERY_ML_QUEUE,
            settings.CELERY_TRANSCRIBE_QUEUE,
        }
    )


def _queue_depths() -> Iterable[GaugeMetricFamily]:
    family = GaugeMetricFamily(
        "palantrix_queue_messages", "Messages waiting in each Celery queue", labels=["queue"]
    )
    with app.connection_for_read() as connection:
        client = connection.default_channel.client
        for queue in queue_names():
            family.add_metric([queue], client.llen(queue))
    yield family


gauge_register("queues", _queue_depths)


def _outbox_given_up() -> Iterable[GaugeMetricFamily]:
    from .events import outbox

    family = GaugeMetricFamily(
        "palantrix_outbox_given_up",
        "Post-commit work the outbox stopped sending (OUTBOX_MAX_SENDS reached), by task: "
        "listed in the admin (Outbox messages, given up), where it can be sent again",
        labels=["task"],
    )
    for task, rows in sorted(outbox.given_up_by_task().items()):
        family.add_metric([task], rows)
    yield family


gauge_register("outbox_given_up", _outbox_given_up)


class _ScrapeCollector(Collector):
    def collect(self) -> Iterable[Any]:
        for name, source in list(_gauges.items()):
            try:
                yield from source()
            except Exception:  # one broken source must not hide the others
                logger.exception("metrics source=%s failed", name)


def exposition() -> bytes:
    """Everything this process (or, in multi-process mode, its pod) reports, as text."""
    scrape = CollectorRegistry()
    scrape.register(_ScrapeCollector())
    return _counted() + generate_latest(scrape)


def _counted() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def status_class(code: int) -> str:
    return f"{code // 100}xx"


# --- Celery: task durations, a worker's own endpoint ---------------------------------------

_started: dict[str, float] = {}
_started_lock = threading.Lock()


@task_prerun.connect
def _task_started(task_id: str, **_: Any) -> None:
    with _started_lock:
        _started[task_id] = time.monotonic()


@task_postrun.connect
def _task_ended(task_id: str, task: Any, state: str | None = None, **_: Any) -> None:
    with _started_lock:
        started = _started.pop(task_id, None)
    if started is not None:
        TASK_SECONDS.labels(task=task.name, state=state or "UNKNOWN").observe(
            time.monotonic() - started
        )


@worker_ready.connect
def _serve_worker_metrics(**_: Any) -> None:
    """METRICS_PORT set: the worker's main process serves what its children counted."""
    port = os.environ.get("METRICS_PORT")
    if not port:
        return
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    start_http_server(int(port), registry=registry)
    logger.info("metrics served on port=%s", port)


@worker_process_shutdown.connect
def _child_ended(pid: int | None = None, **_: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid or os.getpid())


# --- Web: per-view figures, the protected endpoint --------------------------------------------


class RequestMetricsMiddleware:
    """Times every request and counts it by view (its URL name) and status class."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"
        method = request.method if request.method in METHODS else "other"
        REQUEST_SECONDS.labels(view=view, method=method).observe(time.monotonic() - started)
        REQUESTS.labels(view=view, method=method, status=status_class(response.status_code)).inc()
        return response


METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, to the bearer of METRICS_TOKEN or a signed-in staff user
    (Django's is_staff: the operators of the installation, not an organisation's admins)."""
    if not _allowed(request):
        response = HttpResponse("Metrics need a bearer token or a staff login.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
