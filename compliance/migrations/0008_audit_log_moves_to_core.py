# The audit log's models now belong to the core app (palantrix 0005); the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("compliance", "0007_audit_truncate_and_erase_function"),
        ("palantrix", "0005_audit_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="AuditChainHead"),
            ]
        )
    ]
