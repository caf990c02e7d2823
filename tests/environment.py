"""Test environment, set before Django reads its settings (loaded with `-p tests.environment`).

Tests talk to the real services: PostgreSQL (pytest-django's test database), Redis (its
own logical database, so a running `make run` is untouched), the local S3 server (its own
bucket) and an SMTP sink that the test session starts on a free port. The Celery worker
that integration tests start inherits this environment, so it sees the same services.

Under pytest-xdist every process (gw0, gw1, …) gets services of its own, so parallel
processes never see each other's data: pytest-django names the database test_<name>_gwN,
and this module gives each process its own Redis database (the base one plus the process
number), S3 bucket (`<bucket>-gwN`), Celery queues and SMTP port.

- TEST_REDIS_URL: the base Redis database, default 1 (so processes use 1, 2, …). Databases
  0 and 15 are left to `make run` and older checkouts.
- TEST_S3_BUCKET: the base bucket name, default `palantrix-test`.
- TEST_SMTP_PORT: the base SMTP port (process N listens on base + N); default a free port.
- TEST_TIMEOUT_SCALE: multiplies every deadline of a wait in the tests (tests/waiting.py).
"""

import os
import socket
from urllib.parse import urlsplit, urlunsplit

# "gw0", "gw1", … in a pytest-xdist process (xdist sets it before plugins load), else "".
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
INDEX = int(WORKER.removeprefix("gw")) if WORKER else 0
SUFFIX = f"-{WORKER}" if WORKER else ""
REDIS_DATABASES = 16  # Redis' default `databases`
SCALE = float(os.environ.get("TEST_TIMEOUT_SCALE") or "1")  # see tests/waiting.py


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_url() -> str:
    base = urlsplit(os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/1")
    database = int(base.path.strip("/") or 0) + INDEX
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"Test process {WORKER} would use Redis database {database}, past the last one "
            f"({REDIS_DATABASES - 1}): run fewer processes or lower TEST_REDIS_URL's database."
        )
    return urlunsplit(base._replace(path=f"/{database}"))


SMTP_PORT = (
    int(os.environ["TEST_SMTP_PORT"]) + INDEX if os.environ.get("TEST_SMTP_PORT") else _free_port()
)
REDIS_URL = _redis_url()
S3_BUCKET = os.environ.get("TEST_S3_BUCKET", "palantrix-test") + SUFFIX

os.environ.update(
    {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("TEST_SECRET_KEY", "tests-only-" + "x" * 50),
        "DJANGO_HTTPS": "false",
        "REDIS_URL": REDIS_URL,
        "CELERY_DEFAULT_QUEUE": f"palantrix-test{SUFFIX}",
        "CELERY_ML_QUEUE": f"ml-test{SUFFIX}",
        # Tests wait on some tasks' results (`.get()`); no feature does, so production
        # stores none. What the outbox sends ignores its result here too.
        "CELERY_TASK_IGNORE_RESULT": "false",
        "CELERY_TRANSCRIBE_QUEUE": f"transcribe-test{SUFFIX}",
        # Tests report no errors anywhere (tests/palantrix/test_sentry.py sets one itself).
        "SENTRY_DSN": "",
        "S3_BUCKET": S3_BUCKET,
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "PALANTRIX_PUBLIC_URL": "http://testserver",
        # The storage server is shared and may be slow on a busy machine: a slow answer is
        # not what tests check (TEST_TIMEOUT_SCALE scales these too).
        "S3_CONNECT_TIMEOUT": str(10 * SCALE),
        "S3_READ_TIMEOUT": str(30 * SCALE),
        # Webhook receivers in tests listen on loopback and come back within seconds.
        "WEBHOOKS_ALLOW_PRIVATE_NETWORKS": "true",
        "WEBHOOK_RETRY_SECONDS": "1,2,2,2,2",
        # Playwright's sync API runs an event loop in the test thread; the ORM calls made
        # by tests and the live server are still synchronous.
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        "AUDIT_CHECKPOINT_KEY": "tests-only-checkpoint-key",
        # Checkpoints on the local server stay locked (undeletable) this long.
        "AUDIT_CHECKPOINT_RETENTION_DAYS": "1",
        # Tests that commit are undone by emptying every table (TRUNCATE), which the audit
        # table refuses unless the session asks for it.
        "PGOPTIONS": (
            os.environ.get("PGOPTIONS", "") + " -c palantrix.allow_audit_truncate=on"
        ).strip(),
    }
)
# pytest-django creates the test databases and migrates them as one user: DATABASE_URL's,
# the local superuser unless set. The application's role gets its grants on each of them
# (palantrix.database_roles); tests that need it connect as that role.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/palantrix")
for name in (
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CACHE_URL",
    "DJANGO_SETTINGS_MODULE",
    "MIGRATION_DATABASE_URL",
    "AUDIT_CHECKPOINT_BUCKET",
):
    os.environ.pop(name, None)
os.environ["CELERY_RESULT_BACKEND"] = REDIS_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "palantrix.settings"
