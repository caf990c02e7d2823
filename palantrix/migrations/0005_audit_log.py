# The audit log moves from the compliance app to the core: every app records into it. Only
# Django's idea of which app holds the models changes; the tables, their triggers, grants
# and the erase function stay as they are (hence `db_table`).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("palantrix", "0004_organization_brief_recipients_allowed"),
        ("compliance", "0007_audit_truncate_and_erase_function"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0000000000000000000000000000000000000000000000000000000000000000", max_length=64)),
                ("organization", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="audit_head", to="palantrix.organization")),
            ],
            options={"db_table": "compliance_auditchainhead"},
        ),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.PositiveBigIntegerField()),
                ("created_at", models.DateTimeField()),
                ("actor_type", models.CharField(choices=[("user", "User"), ("candidate", "Candidate"), ("system", "System"), ("api_key", "API key")], max_length=20)),
                ("actor_id", models.CharField(blank=True, max_length=64)),
                ("action", models.CharField(max_length=100)),
                ("target_type", models.CharField(blank=True, max_length=100)),
                ("target_id", models.CharField(blank=True, max_length=64)),
                ("data", models.JSONField(blank=True, default=dict)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64, unique=True)),
                ("organization", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="audit_events", to="palantrix.organization")),
            ],
            options={
                "db_table": "compliance_auditevent",
                "ordering": ["organization_id", "sequence"],
                "indexes": [
                    models.Index(fields=["organization", "action"], name="compliance__organiz_ae1a25_idx"),
                    models.Index(fields=["organization", "target_type", "target_id"], name="compliance__organiz_9a2675_idx"),
                    models.Index(fields=["organization", "created_at"], name="compliance__organiz_e2c35f_idx"),
                ],
                "constraints": [models.UniqueConstraint(fields=("organization", "sequence"), name="one_audit_event_per_sequence")],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
