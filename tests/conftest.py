"""Shared fixtures: organisations and members per role, and the real services.

Integration fixtures start real processes: an SMTP sink (in this process, on the port
tests/environment.py chose), a Celery worker (a child process on the test database and
the test Redis database) and Chromium (through Playwright).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from palantrix import services
from palantrix.celery import app as celery_app
from palantrix.mailsink import MailSink
from palantrix.models import Membership, Organization, Role
from palantrix.storage import bucket_ensure

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


# --- SMTP sink ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _mail_sink(tmp_path_factory):
    sink = MailSink(tmp_path_factory.mktemp("mail"), port=int(os.environ["TEST_SMTP_PORT"])).start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_sink(_mail_sink, settings):
    """The SMTP sink, emptied, with Django sending over real SMTP (not the test outbox)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    _mail_sink.clear()
    return _mail_sink


# --- Object storage ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def s3_bucket():
    """The test bucket on the local S3 server (started by `make test`)."""
    try:
        return bucket_ensure(settings.S3_BUCKET, extra_origins=["http://localhost"])
    except Exception as error:  # make the cause plain: the server is simply not running
        pytest.fail(
            f"The local S3 server at {settings.S3_ENDPOINT_URL} is not reachable ({error}). "
            "Run the suite with `make test`, which starts it."
        )


@pytest.fixture
def checkpoint_bucket(s3_bucket):
    """The object-locked bucket that holds the audit log's signed checkpoints."""
    from compliance import checkpoints

    return checkpoints.bucket_ensure()


# --- Celery worker --------------------------------------------------------------------------


def _database_url(user: str | None = None) -> str:
    db = connection.settings_dict
    auth = user or db["USER"] or ""
    if db["PASSWORD"] and not user:
        auth += f":{db['PASSWORD']}"
    host = f"{auth}@" if auth else ""
    return f"postgres://{host}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, _mail_sink, s3_bucket):
    """A real Celery worker process on the real broker and the test database."""
    RESULTS.mkdir(exist_ok=True)
    with django_db_blocker.unblock():
        # As in production, the worker connects as the application's role, which may only
        # append to the audit log (the test process itself created and migrated the database).
        database_url = _database_url(user=settings.DATABASE_APP_ROLE)
        env = {**os.environ, "DATABASE_URL": database_url, "DATABASE_CONN_MAX_AGE": "0"}
    celery_app.control.purge()
    log = (RESULTS / "celery-worker.log").open("w")
    process = subprocess.Popen(
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
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE},{settings.CELERY_ML_QUEUE}",
            f"--hostname=test-worker-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not celery_app.control.ping(timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The Celery worker did not start; see {RESULTS / 'celery-worker.log'}")
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium is missing at {executable}: `make test` installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
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
