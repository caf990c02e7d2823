import logging

from celery import shared_task

from . import audit

logger = logging.getLogger(__name__)


@shared_task(name="compliance.verify_audit_chains")
def verify_audit_chains_task() -> list[str]:
    """Nightly check of every audit chain; a broken chain is logged as an error."""
    reports = audit.verify_all()
    for report in reports:
        if report.ok:
            logger.info("audit chain %s", report)
        else:
            logger.error("audit chain %s", report)
    return [str(report) for report in reports]


@shared_task(name="compliance.resume_waiting_scoring")
def resume_waiting_scoring_task() -> int:
    """Daily: answers whose wait ended by itself (a NYC notice period) get scored."""
    from .services import resume_waiting_everywhere

    return resume_waiting_everywhere()


@shared_task(name="compliance.purge_expired", acks_late=True)
def purge_expired_task() -> str:
    """Nightly: every candidate past their organisation's retention is purged (objects
    first, then rows); an interrupted purge is still due and finishes here next time."""
    from .lifecycle import purge_due
    from .organization_data import exports_expire, organization_erase_pending

    run = purge_due()
    expired = exports_expire()
    erased = organization_erase_pending()
    logger.info(
        "retention purge: %s; %d expired exports removed; %d organisation deletions finished",
        run,
        expired,
        erased,
    )
    return str(run)


@shared_task(
    name="compliance.build_organization_export",
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3300,
)
def build_organization_export_task(export_id: int) -> bool:
    from .organization_data import organization_export_build

    return organization_export_build(export_id=export_id)


@shared_task(
    name="compliance.erase_organization",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def erase_organization_task(deletion_id: int) -> int:
    """Erase a deleted organisation: objects first, then rows; safe to repeat."""
    from .organization_data import organization_erase

    return organization_erase(deletion_id=deletion_id).rows_deleted
