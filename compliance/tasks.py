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

    run = purge_due()
    logger.info("retention purge: %s", run)
    return str(run)
