"""Create the two database roles and the database if missing (idempotent).

- the owner (MIGRATION_DATABASE_URL's user, default palantrix_owner) owns the database and
  its tables and runs `migrate`;
- the application's role (DATABASE_APP_ROLE, default palantrix_app) is what web, worker and
  beat connect as; `migrate` grants it its privileges (palantrix.database_roles).

It connects as DATABASE_ADMIN_URL (default: the `postgres` superuser on DATABASE_URL's
server, as a local PostgreSQL with trust authentication has). A database left by an older
set-up, owned by the superuser, is handed over to the owner. Where DATABASE_URL names a
superuser and MIGRATION_DATABASE_URL is not set (one user for everything, as in tests),
only the application's role is created.
"""

import os
import sys
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palantrix.settings")

from django.conf import settings

from palantrix.database_roles import role_ensure


def _connect(config: dict, dbname: str):
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": dbname,
    }
    connection = psycopg2.connect(**{k: v for k, v in params.items() if v}, connect_timeout=5)
    connection.autocommit = True
    return connection


def _is_superuser(cursor, role: str) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    row = cursor.fetchone()
    return bool(row and row[0])


def _hand_over(config: dict, name: str, owner: str) -> None:
    """Give the owner the tables and functions an older set-up created as the superuser."""
    connection = _connect(config, name)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT format('ALTER TABLE %%I.%%I OWNER TO %%I', schemaname, tablename, %(owner)s)
              FROM pg_tables
             WHERE schemaname = current_schema() AND tableowner <> %(owner)s
            UNION ALL
            SELECT format('ALTER FUNCTION %%s OWNER TO %%I', p.oid::regprocedure, %(owner)s)
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND pg_get_userbyid(p.proowner) <> %(owner)s
            """,
            {"owner": owner},
        )
        statements = [row[0] for row in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)
    connection.close()
    if statements:
        print(f"Handed {len(statements)} tables and functions of {name} to {owner}.")


def main() -> int:
    app = settings.DATABASES["default"]
    owner = settings.MIGRATION_DATABASE
    server = f"{app.get('HOST') or '127.0.0.1'}:{app.get('PORT') or 5432}"
    admin = dj_database_url.parse(
        os.environ.get("DATABASE_ADMIN_URL") or f"postgres://postgres@{server}/postgres"
    )
    try:
        connection = _connect(admin, admin.get("NAME") or "postgres")
    except psycopg2.OperationalError as error:
        print(f"Cannot reach PostgreSQL at {admin['HOST']}:{admin['PORT']}: {error}".strip())
        print("Start it (e.g. `pg_ctlcluster 15 main start`) or `docker compose up -d postgres`.")
        return 1
    name, owner_role, app_role = app["NAME"], owner["USER"], settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        separate_owner = owner_role != admin["USER"] and not _is_superuser(cursor, owner_role)
        if separate_owner:
            role_ensure(cursor, owner_role, password=owner.get("PASSWORD") or None)
        app_password = app.get("PASSWORD") if app["USER"] == app_role else None
        role_ensure(cursor, app_role, password=app_password or None)
        cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(owner_role)
                )
            )
            print(f"Created database {name}, owned by {owner_role}.")
        elif separate_owner and row[0] != owner_role:
            cursor.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(name), sql.Identifier(owner_role)
                )
            )
            print(f"Database {name} now owned by {owner_role}.")
    connection.close()
    if separate_owner:
        _hand_over(admin, name, owner_role)
    return 0


if __name__ == "__main__":
    sys.exit(main())
