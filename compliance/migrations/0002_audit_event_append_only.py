"""PostgreSQL itself refuses UPDATE and DELETE on audit events: the log is append-only."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION compliance_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % on compliance_auditevent is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER compliance_auditevent_append_only
    BEFORE UPDATE OR DELETE ON compliance_auditevent
    FOR EACH ROW EXECUTE FUNCTION compliance_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS compliance_auditevent_append_only ON compliance_auditevent;
DROP FUNCTION IF EXISTS compliance_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
