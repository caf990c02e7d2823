"""Test databases copied from a migrated template, kept between runs.

Migrating an empty database takes about 15 s of CPU, paid by every test process of every
run. Instead the first process to need it migrates a template database once, named after
a hash of everything that decides the schema (every migration file and the package lock,
which pins Django and the third-party apps' migrations); each process's test database is then
a copy of it (`CREATE DATABASE ... TEMPLATE`, about a second), and pytest-django's
`migrate` finds nothing left to apply but still runs the post-migrate steps (permissions, the
application role's grants). A change to any migration or pin names a new template, so a
copy is never of an older schema. The template is built under another name and renamed
when complete, so an interrupted build is never used; a PostgreSQL advisory lock makes
concurrent processes (xdist, or several checkouts on one server) build it once.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "palantrix_test_template_"
LOCK = 482_150_771  # any constant: the advisory lock of the template build
MIGRATE_TIMEOUT = 1800
KEEP = 4  # templates kept for other branches and checkouts on the same server


NOT_SOURCE = {"var", "test-results", "staticfiles", "node_modules", "docs", "tests"}


def _migration_files() -> list[Path]:
    folders = [
        top
        for top in ROOT.iterdir()
        if top.is_dir() and not top.name.startswith(".") and top.name not in NOT_SOURCE
    ]
    return sorted(path for top in folders for path in top.rglob("migrations/*.py"))


def schema_key() -> str:
    digest = hashlib.sha256()
    for path in [*_migration_files(), ROOT / "requirements" / "lock.txt"]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _url(database: dict, name: str) -> str:
    auth = database["USER"] or ""
    if database["PASSWORD"]:
        auth += f":{database['PASSWORD']}"
    host = f"{auth}@" if auth else ""
    return f"postgres://{host}{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"


def migrated_template() -> str:
    """The name of a migrated template database for this schema, built if missing."""
    database = settings.DATABASES["default"]
    name = PREFIX + schema_key()
    building = f"{name}_building"
    connection = psycopg2.connect(_url(database, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
                cursor.execute(f'CREATE DATABASE "{building}"')
                subprocess.run(
                    [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                    cwd=ROOT,
                    env={**os.environ, "DATABASE_URL": _url(database, building)},
                    check=True,
                    timeout=MIGRATE_TIMEOUT,
                )
                cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
                _drop_oldest(cursor, keep=KEEP)
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    finally:
        connection.close()
    return name


def _drop_oldest(cursor, *, keep: int) -> None:
    """Drop all but the `keep` newest templates (by object id), skipping any in use."""
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname NOT LIKE %s "
        "ORDER BY oid DESC OFFSET %s",
        [PREFIX + "%", "%_building", keep],
    )
    for (old,) in cursor.fetchall():
        try:
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
        except psycopg2.errors.ObjectInUse:
            continue  # another run is copying it now; a later build drops it
