"""The audit log's CSV export, recorded in the log itself (who exported what)."""

from django.db import transaction

from palantrix import audit
from palantrix.audit import Actor
from palantrix.models import Organization

from .selectors import AuditFilter


@transaction.atomic
def audit_log_exported(
    *, organization: Organization, actor: Actor, filters: AuditFilter, rows: int
) -> None:
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.audit_log.exported",
        data={"filters": filters.as_audit_data(), "rows": rows},
    )
