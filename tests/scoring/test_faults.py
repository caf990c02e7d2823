"""Losing Redis or S3 for a while loses nothing: real processes, killed and brought back.

Each test starts services of its own to break: a Redis server on a free port (killed with
SIGKILL and started again, empty: no persistence, the worst case) or a TCP door in front of
the S3 server (closed: connections refused). Its Celery worker and this test process (the
web side, and the beat's relay and sweeper, run here on purpose between the steps) are
pointed at them. Outages are shorter than the 20 s of the issue's run by default
(TEST_OUTAGE_SECONDS): nothing here waits on the outage's length, only on its happening;
pauses and retries are shortened through the settings that size them in production.
"""

import os
import signal
import socket
import socketserver
import subprocess
import threading
import time
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from interviews import services
from interviews.models import Answer, AnswerKind, AnswerStatus
from palantrix.celery import app as celery_app
from palantrix.events import outbox
from palantrix.models import AuditEvent, OutboxMessage
from scoring import services as scoring
from tests import media
from tests.conftest import _database_url, worker_hostname, worker_start, worker_stop
from tests.factories import uploaded_recording
from tests.interviews.conftest import link_token
from tests.scoring.test_pipeline import SCRIPT, profile
from tests.waiting import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.usefixtures("s3_bucket", "ai_ready"),
]

__all__ = ["profile"]  # the fixture, used by name

OUTAGE_SECONDS = float(os.environ.get("TEST_OUTAGE_SECONDS", "3"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A Redis server of this test's own, without persistence: kill() loses its queues."""

    def __init__(self, folder):
        self.port = _free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def up():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_until(up, timeout=30, what="the test's own Redis to start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def own_redis(tmp_path, settings):
    """This test's broker and cache, for the test process and its worker alike."""
    redis = OwnRedis(tmp_path)
    redis.start()
    saved = (celery_app.conf.broker_url, celery_app.conf.result_backend)
    celery_app.conf.broker_url = redis.url
    celery_app.conf.result_backend = None
    celery_app._after_fork()  # forget pooled connections to the usual broker
    settings.CELERY_BROKER_URL = redis.url
    settings.CACHES = {
        "default": {**django_settings.CACHES["default"], "LOCATION": redis.url[:-1] + "1"}
    }
    yield redis
    celery_app.conf.broker_url, celery_app.conf.result_backend = saved
    celery_app._after_fork()
    if redis.process.poll() is None:
        redis.kill()


class Door(socketserver.ThreadingTCPServer):
    """A TCP door in front of the S3 server: close() refuses connections (S3 is down),
    open() lets them through again, on the same port."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = _free_port()
        self._thread: threading.Thread | None = None
        super().__init__(("127.0.0.1", self.port), _Forward, bind_and_activate=False)

    def open(self) -> None:
        self.server_bind()
        self.server_activate()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.shutdown()
        self.socket.close()
        self.socket = socket.socket(self.address_family, self.socket_type)


class _Forward(socketserver.BaseRequestHandler):
    def handle(self):
        with socket.create_connection(self.server.target) as upstream:

            def pump(source, sink):
                try:
                    while data := source.recv(65536):
                        sink.sendall(data)
                except OSError:
                    pass
                finally:
                    for end in (source, sink):
                        with suppress(OSError):
                            end.shutdown(socket.SHUT_RDWR)

            back = threading.Thread(target=pump, args=(upstream, self.request), daemon=True)
            back.start()
            pump(self.request, upstream)
            back.join(timeout=5)


@contextmanager
def fault_worker(name: str, env: dict[str, str], *, ml: bool = True):
    """A worker of this test's own, with `env` (its broker, S3, pauses); `ml`: it takes
    the model queue too from the start."""
    queues = (django_settings.CELERY_TASK_DEFAULT_QUEUE,) + (
        (django_settings.CELERY_ML_QUEUE, django_settings.CELERY_TRANSCRIBE_QUEUE) if ml else ()
    )
    process = worker_start(
        name,
        queues,
        {
            "DATABASE_URL": _database_url(user=django_settings.DATABASE_APP_ROLE),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_RESULT_BACKEND": "",
            "CELERY_TASK_IGNORE_RESULT": "true",
            **env,
        },
    )
    hostname = worker_hostname(name)

    def ready():
        assert process.poll() is None, f"the worker {name} exited; see test-results/"
        return celery_app.control.ping(destination=[hostname], timeout=0.5)

    try:
        wait_until(ready, timeout=180, what=f"the worker {name} to start")
        yield process
    finally:
        worker_stop(process)


def written_job(org, admin, profile, questions: int):
    job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
    for number in range(questions):
        services.question_add(
            job=job,
            actor=admin,
            question=services.QuestionInput(
                f"Question {number + 1}: a time you went beyond for a customer.",
                kind=AnswerKind.WRITTEN,
            ),
        )
    services.job_set_status(job=job, actor=admin, status="open")
    return job


def candidate_session(client, invitation):
    assert client.get(reverse("candidate_link", args=[link_token(invitation)])).status_code == 302
    services.interview.consent_record(invitation=invitation, ai_assessment=True, user_agent="t")
    return client


def timed_post(client, url, body):
    started = time.monotonic()
    response = client.post(url, body, content_type="application/json")
    return response.status_code, time.monotonic() - started


def scored_once(answer) -> bool:
    answer.refresh_from_db()
    return answer.status == AnswerStatus.SCORED


def relay_until(done, *, what: str, timeout: float = 300) -> None:
    """Beat's work, run here: the outbox relay and the sweeper, until `done()`."""

    def tick():
        outbox.outbox_relay_pending()
        scoring.answers_requeue_stuck()
        return done()

    wait_until(tick, timeout=timeout, what=what)


def test_redis_killed_loses_no_answer_and_no_email_and_complete_stays_fast(
    own_redis, org, admin, profile, mail_sink, client, settings
):
    """Answers are queued for scoring (the worker takes only the email queue until Redis
    is back) and invitations are sent when Redis dies without persistence, its queues
    with it. During the outage a candidate answers and finishes over HTTP (2xx within a
    second each, rate limits degrade), more invitations go out, and /healthz says the
    broker is down. After Redis returns, empty, every answer is scored exactly once and
    every invitation email arrives exactly once."""
    settings.OUTBOX_RESEND_SECONDS = 5
    job = written_job(org, admin, profile, questions=1)
    env = {"REDIS_URL": own_redis.url, "OUTBOX_RESEND_SECONDS": "5"}
    with fault_worker("faults-redis", env, ml=False):
        before = []
        for number in range(3):
            invitation = services.invitation_send(
                job=job, actor=admin, name="Ana Lima", email=f"before{number}@example.test"
            )
            before.append(invitation)
            question = invitation.question_set.questions.get()
            services.interview.consent_record(
                invitation=invitation, ai_assessment=True, user_agent="t"
            )
            services.interview.answer_submit_text(
                invitation=invitation, question_id=question.public_id, text=SCRIPT
            )
        walk_in = services.invitation_send(
            job=job, actor=admin, name="Cy Dee", email="walk-in@example.test"
        )
        mail_sink.wait_for(walk_in.email)  # the candidate answers during the outage
        # The first step ran; the next ones wait in the model queue nobody takes from.
        wait_until(
            lambda: (
                OutboxMessage.objects.filter(topic="task:scoring.transcribe_answer").count() == 3
            ),
            what="the three answers to wait for transcription",
        )

        own_redis.kill()
        outage_started = time.monotonic()
        late = services.invitation_send(
            job=job, actor=admin, name="Ben Ode", email="during@example.test"
        )
        candidate = candidate_session(client, walk_in)
        question = walk_in.question_set.questions.get()
        answer_url = reverse("candidate_written", kwargs={"question_id": question.public_id})
        for url, body in ((answer_url, {"text": SCRIPT}), (reverse("candidate_finish"), {})):
            status, took = timed_post(candidate, url, body)
            assert 200 <= status < 300, (url, status)
            assert took < 1.0, (url, took)
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["checks"]["broker"]["ok"] is False
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage_started)))
        own_redis.start()

        # The worker reconnects by itself; it is then told to take the model queue too
        # (told again until it answers: a broadcast it missed while reconnecting is lost).
        celery_app._after_fork()  # this process's pooled connections died with Redis

        def take_model_queue():
            try:
                return all(
                    celery_app.control.add_consumer(
                        queue,
                        destination=[worker_hostname("faults-redis")],
                        reply=True,
                        timeout=2,
                    )
                    for queue in (
                        django_settings.CELERY_ML_QUEUE,
                        django_settings.CELERY_TRANSCRIBE_QUEUE,
                    )
                )
            except Exception:  # a connection from before the restart
                celery_app._after_fork()
                return None

        wait_until(take_model_queue, what="the worker to be back and take the model queue")
        answers = list(Answer.objects.all())
        assert len(answers) == 4  # three queued before the outage, one answered during it
        relay_until(
            lambda: all(scored_once(answer) for answer in answers),
            what="every answer to be scored",
        )
        for invitation in [*before, walk_in, late]:
            mail_sink.wait_for(invitation.email, count=1)
        relay_until(
            lambda: not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists(),
            what="every outbox row to be done",
        )

    for answer in answers:
        scored = AuditEvent.objects.filter(
            action="scoring.answer.scored", target_id=str(answer.public_id)
        )
        assert scored.count() == 1, answer
    for invitation in [*before, walk_in, late]:
        assert len(mail_sink.messages_to(invitation.email)) == 1, invitation.email


def s3_door():
    endpoint = urlsplit(django_settings.S3_ENDPOINT_URL)
    return Door((endpoint.hostname, endpoint.port or 80))


def test_s3_down_past_the_fast_retries_ends_every_answer_scored_or_with_people(
    own_redis, org, admin, profile, tmp_path, settings
):
    """S3 goes down before the worker can fetch two recordings and stays down past the
    fast retries: each answer shows "processing failed — will retry" with an audit event.
    When S3 is back, the sweeper's next round finishes them, no person acting: the spoken
    one scored, the silent one in human review with its reason."""
    settings.ANSWER_RETRY_LATER_SECONDS = 1
    door = s3_door()
    job_answers = []
    for name, silent in (("spoken", False), ("silent", True)):
        job = services.job_create(organization=org, actor=admin, title=name, profile=profile)
        services.question_add(
            job=job, actor=admin, question=services.QuestionInput("Tell us about a customer.")
        )
        invitation = services.invitation_send(
            job=job, actor=admin, name="Ana Lima", email=f"{name}@example.test"
        )
        if silent:
            path = media.recording(tmp_path / f"{name}.webm", silent=True, seconds=6)
        else:
            wav = media.speech_wav(tmp_path / f"{name}.wav", SCRIPT)
            path = media.recording(
                tmp_path / f"{name}.webm", audio=wav, seconds=media.duration(wav)
            )
        job_answers.append(
            uploaded_recording(invitation, path, f"orgs/{org.public_id}/tests/{name}.webm")
        )
    env = {
        "REDIS_URL": own_redis.url,  # queues no other worker takes from
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{door.port}",
        "S3_CONNECT_TIMEOUT": "1",
        "ANSWER_RETRY_BASE_SECONDS": "0.2",
        "ANSWER_RETRY_MAX_SECONDS": "0.5",
        "ANSWER_MAX_RETRIES": "2",
    }
    with fault_worker("faults-s3", env):  # the door is closed: S3 is down
        for answer in job_answers:
            outbox.outbox_task("scoring.process_answer", organization=org, answer_id=answer.pk)
        wait_until(
            lambda: AuditEvent.objects.filter(action="scoring.answer.retry_later").count() == 2,
            what="both answers to run out of fast retries",
        )
        for answer in job_answers:
            answer.refresh_from_db()
            assert answer.status == AnswerStatus.UPLOADED
            assert answer.review_reason.startswith("Processing failed (")
            assert answer.review_reason.endswith("— will retry.")
        door.open()
        try:
            relay_until(
                lambda: all(
                    a.refresh_from_db()
                    or a.status in (AnswerStatus.SCORED, AnswerStatus.NEEDS_REVIEW)
                    for a in job_answers
                ),
                what="both answers to finish",
                timeout=600,
            )
        finally:
            door.close()
    spoken, silent = job_answers
    assert spoken.status == AnswerStatus.SCORED
    assert silent.status == AnswerStatus.NEEDS_REVIEW
    assert silent.review_reason == "The recording is silent: no speech could be heard."


def test_s3_that_never_returns_sends_the_answer_to_people_with_the_reason(
    own_redis, org, admin, profile, tmp_path, settings
):
    """Past ANSWER_MAX_ATTEMPTS rounds of retries the sweeper stops trying: people take
    over, told why, and no one had to notice."""
    settings.ANSWER_RETRY_LATER_SECONDS = 1
    door = s3_door()  # never opened
    job = services.job_create(organization=org, actor=admin, title="Down", profile=profile)
    services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a customer.")
    )
    invitation = services.invitation_send(
        job=job, actor=admin, name="Ana Lima", email="down@example.test"
    )
    path = media.recording(tmp_path / "down.webm", silent=True, seconds=3)
    answer = uploaded_recording(invitation, path, f"orgs/{org.public_id}/tests/down.webm")
    env = {
        "REDIS_URL": own_redis.url,  # queues no other worker takes from
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{door.port}",
        "S3_CONNECT_TIMEOUT": "1",
        "ANSWER_RETRY_BASE_SECONDS": "0.2",
        "ANSWER_RETRY_MAX_SECONDS": "0.5",
        "ANSWER_MAX_RETRIES": "1",
        "ANSWER_MAX_ATTEMPTS": "2",
    }
    with fault_worker("faults-s3-gone", env):
        outbox.outbox_task("scoring.process_answer", organization=org, answer_id=answer.pk)
        relay_until(
            lambda: answer.refresh_from_db() or answer.status == AnswerStatus.NEEDS_REVIEW,
            what="the answer to go to people",
            timeout=300,
        )
    assert answer.review_reason.startswith("Processing failed 2 times (")
    assert answer.review_reason.endswith(
        "a service it needs was unreachable): a person should review it."
    )
    assert AuditEvent.objects.filter(action="scoring.answer.retry_later").count() == 1
