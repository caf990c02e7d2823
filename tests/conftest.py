"""Shared fixtures: organisations and members per role, and the real services.

Integration fixtures start real processes: an SMTP sink (in this process, on the port
tests/environment.py chose), a Celery worker (a child process on the test database and
the test Redis database) and Chromium (through Playwright).
"""

import os
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations

from palantrix import services
from palantrix.celery import app as celery_app
from palantrix.mailsink import MailSink
from palantrix.models import Membership, Organization, Role
from palantrix.storage import bucket_ensure, s3_client
from tests import database, environment, waiting

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "test-results"
PASSWORD = "correct-horse-battery-staple"


# --- People and organisations -------------------------------------------------------------


class Factory:
    """Small helpers to build tenant data; every helper names the organisation."""

    counter = 0

    def user(self, email: str | None = None, password: str = PASSWORD, **fields):
        Factory.counter += 1
        email = email or f"person{Factory.counter}@example.test"
        return services.user_create(email=email, password=password, **fields)

    def organization(self, name: str = "Org", slug: str | None = None) -> Organization:
        Factory.counter += 1
        return Organization.objects.create(name=name, slug=slug or f"org-{Factory.counter}")

    def member(self, organization: Organization, role: str = Role.RECRUITER, user=None):
        user = user or self.user()
        Membership.objects.create(organization=organization, user=user, role=role)
        return user


@pytest.fixture
def make():
    return Factory()


@pytest.fixture
def org(make):
    return make.organization("Acme Robotics", "acme")


@pytest.fixture
def other_org(make):
    return make.organization("Globex", "globex")


@pytest.fixture
def admin(make, org):
    return make.member(org, Role.ADMIN, make.user("admin@acme.test", first_name="Ada"))


@pytest.fixture
def recruiter(make, org):
    return make.member(org, Role.RECRUITER, make.user("recruiter@acme.test"))


@pytest.fixture
def hiring_manager(make, org):
    return make.member(org, Role.HIRING_MANAGER, make.user("manager@acme.test"))


@pytest.fixture
def other_admin(make, other_org):
    return make.member(other_org, Role.ADMIN, make.user("admin@globex.test"))


@pytest.fixture
def ai_ready(org, admin):
    """The organisation recorded that staff were informed: AI scoring may run."""
    import datetime

    from compliance.services import readiness_record

    return readiness_record(
        organization=org,
        actor=admin,
        informed_on=datetime.date(2026, 11, 1),
        document="Works council briefing on AI-assisted interviews",
    )


@pytest.fixture
def client_for(client):
    """A logged-in test client: `client_for(user)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- Which tests need a worker or a browser ----------------------------------------------

# A test that uses one of these fixtures must carry the marker, so that `-m "not worker and
# not browser"` (make test-fast) leaves out exactly the tests that start those processes.
MARKER_OF_FIXTURE = {
    "celery_worker": "worker",
    "browser": "browser",
    "page": "browser",
    "speaking_browser": "browser",
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):  # first: before `-m` deselects anything
    unmarked = [
        f"{item.nodeid} uses {fixture} but is not marked @pytest.mark.{marker}"
        for item in items
        for fixture, marker in MARKER_OF_FIXTURE.items()
        if fixture in getattr(item, "fixturenames", ()) and not item.get_closest_marker(marker)
    ]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_long_tests_first(items):  # after pytest-django sorts
    """Worker and browser tests take longest, mostly waiting on other processes: run them
    first, so that parallel processes share them out and finish together on short tests,
    not one process alone on a long one. (No migration writes data a flush would lose.)"""
    items.sort(key=lambda item: not any(item.get_closest_marker(m) for m in ("worker", "browser")))


def _require_marker(request, marker: str) -> None:
    """The same check for a fixture asked for at run time (`request.getfixturevalue`)."""
    if not request.node.get_closest_marker(marker):
        pytest.fail(f"{request.node.nodeid} starts a {marker} but is not marked {marker}")


# --- Demo ---------------------------------------------------------------------------------

# The demo recordings are keyed by voice, script and recipe (web/demo/media.py) and written
# atomically, so every test process and every run can share them, as make run's var/ does:
# a fresh clone makes them once (about 20 s of espeak-ng and ffmpeg), later runs make none.
DEMO_MEDIA = ROOT / "var" / "test-cache" / "demo-media"


@pytest.fixture
def demo_settings(settings, s3_bucket):
    """A local run: debug on, the test bucket, the recordings cached between runs."""
    settings.DEBUG = True
    settings.DEMO_MEDIA_DIR = DEMO_MEDIA
    return settings


# --- SMTP sink ------------------------------------------------------------------------------


class TestMailSink(MailSink):
    """The SMTP sink, waiting for mail as long as a busy machine needs (tests/waiting.py)."""

    __test__ = False

    def wait_for(self, address: str, count: int = 1, timeout: float = 120):
        return super().wait_for(address, count=count, timeout=waiting.seconds(timeout))


@pytest.fixture(scope="session")
def _mail_sink(tmp_path_factory):
    sink = TestMailSink(tmp_path_factory.mktemp("mail"), port=environment.SMTP_PORT).start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_sink(_mail_sink, settings):
    """The SMTP sink, emptied, with Django sending over real SMTP (not the test outbox)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    _mail_sink.clear()
    return _mail_sink


# --- Object storage ---------------------------------------------------------------------


def bucket_empty(bucket: str) -> None:
    """Remove every object version, delete marker and unfinished upload from `bucket`."""
    client = s3_client()
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        versions = page.get("Versions", []) + page.get("DeleteMarkers", [])
        if versions:
            client.delete_objects(
                Bucket=bucket,
                Delete={
                    "Objects": [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in versions],
                    "Quiet": True,
                },
            )
    for page in client.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
        for upload in page.get("Uploads", []):
            client.abort_multipart_upload(
                Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"]
            )


@pytest.fixture(scope="session")
def s3_bucket():
    """This test process's own bucket on the local S3 server, emptied at the start (what a
    run leaves stays there to look at until the next run)."""
    try:
        bucket = bucket_ensure(settings.S3_BUCKET, extra_origins=["http://localhost"])
        bucket_empty(bucket)
    except Exception as error:  # make the cause plain: the server is simply not running
        pytest.fail(
            f"The local S3 server at {settings.S3_ENDPOINT_URL} is not reachable ({error}). "
            "Run the suite with `make test`, which starts it."
        )
    return bucket


@pytest.fixture
def checkpoint_bucket(s3_bucket):
    """The object-locked bucket that holds the audit log's signed checkpoints."""
    from palantrix.audit import checkpoints

    return checkpoints.bucket_ensure()


# --- Test databases -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """Each process's test database is a copy of a migrated template (tests/database.py)."""
    with django_db_blocker.unblock():
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = (
            database.migrated_template()
        )


# --- Celery worker --------------------------------------------------------------------------


def _emptying_sql(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """How a test that commits is undone: DELETE with triggers (foreign keys and the audit
    log's guard included) switched off for that transaction, instead of Django's TRUNCATE.
    TRUNCATE recreates every table's files, about 0.3 s for the schema on a quiet machine
    and seconds on a busy one, for each of the ~200 such tests; DELETE of the few rows a
    test wrote takes milliseconds. Sequences are not reset, as with TRUNCATE here."""
    if reset_sequences or not tables:
        return _truncating_sql(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    return [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {self.quote_name(table)}" for table in tables),
    ]


_truncating_sql = PostgresOperations.sql_flush
PostgresOperations.sql_flush = _emptying_sql


def _database_url(user: str | None = None) -> str:
    db = connection.settings_dict
    auth = user or db["USER"] or ""
    if db["PASSWORD"] and not user:
        auth += f":{db['PASSWORD']}"
    host = f"{auth}@" if auth else ""
    return f"postgres://{host}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Worker:
    """A Celery worker process that consumes only this test process's queues."""

    process: subprocess.Popen
    hostname: str
    queues: tuple[str, ...]
    log: Path

    def logged(self, text: str) -> bool:
        """The worker's log holds `text` (say, the main process's note of a time limit)."""
        return text in self.log.read_text(errors="replace")

    def waiting_in(self, queue: str) -> int:
        """How many messages wait in `queue` (not yet taken by the worker)."""
        with celery_app.connection_for_write() as conn:
            return conn.default_channel.client.llen(queue)

    def consumes(self) -> set[str] | None:
        """The queues the worker takes messages from now (None: it did not answer in time)."""
        found = celery_app.control.inspect(destination=[self.hostname], timeout=2).active_queues()
        return {queue["name"] for queue in found[self.hostname]} if found else None

    @contextmanager
    def holding(self, queue: str):
        """Meanwhile the worker takes nothing from `queue`: what is sent there waits."""
        celery_app.control.cancel_consumer(queue, destination=[self.hostname])
        waiting.wait_until(
            lambda: (queues := self.consumes()) is not None and queue not in queues,
            what=f"the worker to stop taking from {queue}",
        )
        try:
            yield
        finally:
            celery_app.control.add_consumer(queue, destination=[self.hostname])
            waiting.wait_until(
                lambda: queue in (self.consumes() or ()),
                what=f"the worker to take from {queue} again",
            )

    def wait_not_running(self) -> None:
        """After a test: drop what still waits in the queues and let the running task end.

        The test database is emptied (TRUNCATE) after each test; a task still running holds
        locks on the same tables and deadlocked it now and then."""
        with celery_app.connection_for_write() as conn:
            for queue in self.queues:
                conn.default_channel.client.delete(queue)

        def quiet():
            found = celery_app.control.inspect(destination=[self.hostname], timeout=2).active()
            return found is not None and not any(found.values())

        waiting.wait_until(lambda: quiet() and quiet(), what="the worker's running task to end")

    def wait_idle(self, what: str = "the worker to finish its work") -> None:
        """Wait until the queues are empty and the worker runs, holds and schedules nothing.

        What a test asserts did *not* happen (a second email, a second delivery) is then
        known not to be on its way.
        """

        def idle():
            if any(self.waiting_in(queue) for queue in self.queues):
                return False
            inspect = celery_app.control.inspect(destination=[self.hostname], timeout=2)
            for found in (inspect.active(), inspect.reserved(), inspect.scheduled()):
                if found is None or any(found.values()):
                    return False
            return True

        # Twice in a row: a task may move from the queue to the worker between two looks.
        waiting.wait_until(lambda: idle() and idle(), timeout=300, what=what)


def worker_hostname(name: str) -> str:
    return f"{name}-{os.getpid()}@{socket.gethostname()}"


def worker_start(name: str, queues, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A Celery worker process (one task at a time) consuming `queues` on this test process's
    broker, logging to test-results/<name>[-gwN].log; `env` adds to the environment."""
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"{name}{environment.SUFFIX}.log").open("w") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "palantrix",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                f"--queues={','.join(queues)}",
                f"--hostname={worker_hostname(name)}",
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def worker_stop(process: subprocess.Popen) -> None:
    """Stop the worker warmly (SIGTERM), or cold if it does not finish in time."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=waiting.seconds(30))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def _celery_worker(django_db_setup, django_db_blocker, _mail_sink, s3_bucket):
    with django_db_blocker.unblock():
        # As in production, the worker connects as the application's role, which may only
        # append to the audit log (the test process itself created and migrated the database).
        database_url = _database_url(user=settings.DATABASE_APP_ROLE)
        env = {"DATABASE_URL": database_url, "DATABASE_CONN_MAX_AGE": "0"}
    celery_app.control.purge()
    queues = (
        settings.CELERY_TASK_DEFAULT_QUEUE,
        settings.CELERY_ML_QUEUE,
        settings.CELERY_TRANSCRIBE_QUEUE,
    )
    process = worker_start("celery-worker", queues, env)
    hostname = worker_hostname("celery-worker")
    log = f"test-results/celery-worker{environment.SUFFIX}.log"

    def ready():
        if process.poll() is not None:
            pytest.fail(f"The Celery worker exited with {process.returncode}; see {log}")
        return celery_app.control.ping(destination=[hostname], timeout=0.5)

    waiting.wait_until(ready, timeout=180, what=f"the Celery worker to start (see {log})")
    yield Worker(process, hostname, queues, ROOT / log)
    worker_stop(process)


@pytest.fixture
def celery_worker(request) -> Worker:
    """A real Celery worker process on the real broker and the test database."""
    _require_marker(request, "worker")
    worker = request.getfixturevalue("_celery_worker")
    yield worker
    worker.wait_not_running()


# --- Browser --------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's default wait for an element or a page, in milliseconds (scaled).
BROWSER_TIMEOUT_MS = int(waiting.seconds(60) * 1000)


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright per test process: its sync API runs an event loop in this thread, and a
    second one started beside it (say, by a module's own browser) would refuse to start."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs it.")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def _chromium(playwright_session):
    browser = playwright_session.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def browser(request):
    _require_marker(request, "browser")
    return request.getfixturevalue("_chromium")


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()


def csp_violations(page) -> list[str]:
    """What Chromium's console reports as blocked by the Content-Security-Policy from now
    on (it logs every refused script, style, image, media or connection)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/screenshots/."""
    folder = RESULTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_login_counters():
    """Failed logins and reset emails are counted in Redis across test runs: each test starts
    with none, as the fixed addresses of the fixtures would otherwise pile them up."""
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    for pattern in ("*ratelimit:login-*", "*ratelimit:reset-*"):
        keys = list(client.scan_iter(match=pattern, count=500))
        if keys:
            client.delete(*keys)
