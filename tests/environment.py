"""Test environment, set before Django reads its settings (loaded with `-p tests.environment`).

Tests talk to the real services: PostgreSQL (pytest-django's test database), Redis (its
own logical database, so a running `make run` is untouched), the local S3 server (its own
bucket) and an SMTP sink that the test session starts on a free port. The Celery worker
that integration tests start inherits this environment, so it sees the same services.
"""

import os
import socket


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SMTP_PORT = int(os.environ.get("TEST_SMTP_PORT") or _free_port())

os.environ.update(
    {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("TEST_SECRET_KEY", "tests-only-" + "x" * 50),
        "DJANGO_HTTPS": "false",
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "CELERY_DEFAULT_QUEUE": "palantrix-test",
        "CELERY_ML_QUEUE": "ml-test",
        "S3_BUCKET": os.environ.get("TEST_S3_BUCKET", "palantrix-test"),
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "TEST_SMTP_PORT": str(SMTP_PORT),
        "PALANTRIX_PUBLIC_URL": "http://testserver",
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
os.environ["DJANGO_SETTINGS_MODULE"] = "palantrix.settings"
