"""TRUNCATE of audit events is refused too, and an organisation's chain goes with the
organisation only through a function that the owner of the tables runs.

TRUNCATE fires no row trigger: a statement trigger refuses it unless the session asked for
it with `SET palantrix.allow_audit_truncate = 'on'` (test databases are emptied between
tests that way). The application's role may not TRUNCATE at all (palantrix.database_roles),
so the setting only guards the owner against an accident.

The application's role may not DELETE audit rows either; deleting an organisation calls
`compliance_erase_organization_audit(id)`, which runs as the owner (SECURITY DEFINER) and
removes one organisation's events and chain head, only once its deletion was requested.
"""

from django.db import migrations

TRUNCATE_GUARD = """
CREATE OR REPLACE FUNCTION compliance_auditevent_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('palantrix.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE of % is refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER compliance_auditevent_no_truncate
    BEFORE TRUNCATE ON compliance_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_auditevent_no_truncate();
CREATE TRIGGER compliance_auditchainhead_no_truncate
    BEFORE TRUNCATE ON compliance_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_auditevent_no_truncate();
"""

TRUNCATE_GUARD_DROP = """
DROP TRIGGER IF EXISTS compliance_auditevent_no_truncate ON compliance_auditevent;
DROP TRIGGER IF EXISTS compliance_auditchainhead_no_truncate ON compliance_auditchainhead;
DROP FUNCTION IF EXISTS compliance_auditevent_no_truncate();
"""

ERASE_FUNCTION = """
CREATE OR REPLACE FUNCTION compliance_erase_organization_audit(organization bigint)
RETURNS bigint AS $$
DECLARE
    removed bigint;
    heads bigint;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM {schema}.compliance_organizationdeletion WHERE organization_pk = organization
    ) THEN
        RAISE EXCEPTION 'organisation % has no deletion request: its audit chain stays',
            organization USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('palantrix.erase_organization', organization::text, true);
    DELETE FROM {schema}.compliance_auditevent WHERE organization_id = organization;
    GET DIAGNOSTICS removed = ROW_COUNT;
    DELETE FROM {schema}.compliance_auditchainhead WHERE organization_id = organization;
    GET DIAGNOSTICS heads = ROW_COUNT;
    PERFORM set_config('palantrix.erase_organization', '', true);
    RETURN removed + heads;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

REVOKE ALL ON FUNCTION compliance_erase_organization_audit(bigint) FROM PUBLIC;
"""

ERASE_FUNCTION_DROP = "DROP FUNCTION IF EXISTS compliance_erase_organization_audit(bigint);"


def create_erase_function(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(current_schema())")
        schema = cursor.fetchone()[0]
        cursor.execute(ERASE_FUNCTION.format(schema=schema))


def drop_erase_function(apps, schema_editor):
    schema_editor.execute(ERASE_FUNCTION_DROP)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0006_candidate_rights")]

    operations = [
        migrations.RunSQL(TRUNCATE_GUARD, reverse_sql=TRUNCATE_GUARD_DROP),
        migrations.RunPython(create_erase_function, drop_erase_function),
    ]
