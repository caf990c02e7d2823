"""The application's database role: what web, worker and beat may do, granted by `migrate`.

The role that runs `migrate` owns the tables. The application's role (DATABASE_APP_ROLE) gets
reads and writes on every table, except the audit log, where it may only read and append:

- `compliance_auditevent`: SELECT, INSERT. No UPDATE, DELETE or TRUNCATE (and the trigger
  refuses UPDATE and DELETE to everyone else too).
- `compliance_auditchainhead`: SELECT, INSERT, UPDATE (appending moves the head; the head
  cannot make a changed event verify, and the signed checkpoints outside the database catch
  a head that was moved back). No DELETE or TRUNCATE.
- An organisation's chain goes only with the organisation, through the owner's
  `compliance_erase_organization_audit` function (migration 0007).

Not owning anything, the role can neither ALTER, DROP nor disable a trigger, and, not being a
superuser, it cannot `SET session_replication_role`. Grants are reapplied after every
`migrate` (post_migrate), so new tables are covered and every test database gets them too.
"""

import logging

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

AUDIT_APPEND_ONLY = {
    "compliance_auditevent": "SELECT, INSERT",
    "compliance_auditchainhead": "SELECT, INSERT, UPDATE",
}
ERASE_FUNCTION = "compliance_erase_organization_audit(bigint)"

# Role names are cluster-wide: two processes (parallel test workers) may create one at once.
_CREATE_ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %(name)s) THEN
        EXECUTE format(
            'CREATE ROLE %%I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
            'NOBYPASSRLS', %(name)s);
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
"""


def role_ensure(cursor, name: str, *, password: str | None = None) -> None:
    """Create a plain login role if it is missing (safe to run at the same time twice)."""
    cursor.execute(_CREATE_ROLE, {"name": name})
    if password:
        cursor.execute(f"ALTER ROLE {_quote(cursor, name)} PASSWORD %s", [password])


def _quote(cursor, name: str) -> str:
    cursor.execute("SELECT quote_ident(%s)", [name])
    return cursor.fetchone()[0]


def _can_create_roles(cursor) -> bool:
    cursor.execute(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
    )
    return bool(cursor.fetchone()[0])


def app_privileges_grant(using: str = "default") -> bool:
    """Grant DATABASE_APP_ROLE its privileges on this database (idempotent).

    Returns False (and logs why) when there is nothing to grant: the role is the migrating
    user itself, or it does not exist and this user may not create it.
    """
    role = settings.DATABASE_APP_ROLE
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT current_user, current_schema()")
        current_user, schema = cursor.fetchone()
        if role == current_user:
            logger.warning("database role=%s migrates and runs the app: no grants", role)
            return False
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            if not _can_create_roles(cursor):
                logger.warning("database role=%s missing: run scripts/ensure_database.py", role)
                return False
            role_ensure(cursor, role)
        who, where = _quote(cursor, role), _quote(cursor, schema)
        statements = [
            f"GRANT USAGE ON SCHEMA {where} TO {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {who}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {where} FROM {who}",
        ]
        for table, allowed in AUDIT_APPEND_ONLY.items():
            if _exists(cursor, "to_regclass", f"{where}.{table}"):
                statements += [
                    f"REVOKE ALL ON {where}.{table} FROM {who}",
                    f"GRANT {allowed} ON {where}.{table} TO {who}",
                ]
        if _exists(cursor, "to_regprocedure", f"{where}.{ERASE_FUNCTION}"):
            statements.append(f"GRANT EXECUTE ON FUNCTION {where}.{ERASE_FUNCTION} TO {who}")
        for statement in statements:
            cursor.execute(statement)
    return True


def _exists(cursor, lookup: str, name: str) -> bool:
    cursor.execute(f"SELECT {lookup}(%s) IS NOT NULL", [name])
    return bool(cursor.fetchone()[0])


def grant_after_migrate(sender, using: str = "default", **kwargs) -> None:
    app_privileges_grant(using)
