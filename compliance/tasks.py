import logging

from celery import Task, shared_task
from django.urls import reverse
from django.utils import timezone

from interviews.services import invitation_batches_expire
from palantrix import events
from palantrix.emails import absolute_url
from palantrix.models import Organization
from palantrix.tokens import row_token

# Modules, not names: the services these tasks run enqueue them in turn (`from .. import
# tasks` at the top of theirs), so each side reads the other's names only when called.
from . import organization_data, retention, services
from .models import RightsLink, RightsRequest
from .rights import emails, erasure, links, queue
from .rights import export as rights_export

logger = logging.getLogger(__name__)


@shared_task(name="compliance.resume_waiting_scoring")
def resume_waiting_scoring_task() -> int:
    """Daily: answers whose wait ended by itself (a NYC notice period) get scored."""
    return services.resume_waiting_everywhere()


@shared_task(name="compliance.purge_expired", acks_late=True)
def purge_expired_task() -> str:
    """Nightly: every candidate past their organisation's retention is purged (objects
    first, then rows); an interrupted purge is still due and finishes here next time."""

    run = retention.purge_due()
    expired = organization_data.exports_expire()
    erased = organization_data.organization_erase_pending()
    imports = invitation_batches_expire()
    logger.info(
        "retention purge: %s; %d expired exports removed; %d organisation deletions "
        "finished; %d unconfirmed imports emptied",
        run,
        expired,
        erased,
        imports,
    )
    return str(run)


# --- Candidates' rights -----------------------------------------------------------------------

RIGHTS_TASK = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OSError,),  # SMTP, S3 and database connections
    "retry_backoff": True,
    "max_retries": 8,
}


@shared_task(name="compliance.request_rights_link", **RIGHTS_TASK)
def request_rights_link_task(
    organization_id: int | None = None, email: str | None = None, ask_id: int | None = None
) -> bool:
    """Look the address asked about up and, if the organisation invited it, make and send
    a link. Done here, not in the web request, so that known and unknown addresses take
    the same time to answer. Sent through the outbox with the ask's row (`ask_id`), which
    holds the address until this task forgets it; `organization_id` and `email` only from
    messages queued before that."""
    if ask_id is not None:
        return links.rights_link_ask_answer(ask_id=ask_id)
    # django-stubs refuses None for a pk lookup; Django takes it (no row matches).
    organization = Organization.objects.filter(pk=organization_id).first()  # type: ignore[misc]
    if organization is None or not email:
        return False
    return links.rights_link_request(organization=organization, email=email)


@shared_task(name="compliance.send_rights_link", bind=True, **RIGHTS_TASK)
def send_rights_link_task(self: Task, link_id: int, token: str | None = None) -> bool:
    """Email a one-time rights link, once per outbox row. The token is rebuilt from the
    link's row (`row_token`; only its hash is stored), never carried in the arguments
    (`token` only from messages queued before that). A link used or expired meanwhile is
    not sent."""
    link = RightsLink.objects.select_related("invitation__organization").filter(pk=link_id).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return False
    token = token or row_token(links.LINK_PURPOSE, link)
    with events.once(self.request.id) as mine:
        if mine:
            emails.send_to_candidate(
                organization=link.organization,
                to=link.invitation.email,
                name=link.invitation.name,
                kind="link",
                link=absolute_url(reverse("rights_link", args=[token])),
                expires_at=link.expires_at,
            )
        return mine


@shared_task(name="compliance.build_export", soft_time_limit=1200, time_limit=1500, **RIGHTS_TASK)
def build_export_task(request_id: int) -> bool:
    """Build the copy; safe to repeat (a done request is skipped). The build queues the
    candidate's email (`compliance.notify_export_ready`) with the request's completion."""
    return rights_export.export_build(request_id=request_id)


@shared_task(name="compliance.notify_export_ready", bind=True, **RIGHTS_TASK)
def notify_export_ready_task(self: Task, request_id: int) -> bool:
    """Tell the candidate their copy is ready, once per outbox row."""
    with events.once(self.request.id) as mine:
        if mine:
            notify_export_ready(request_id)
        return mine


def notify_export_ready(request_id: int) -> None:
    request = RightsRequest.objects.select_related("organization", "invitation__job").get(
        pk=request_id
    )
    if request.invitation is not None:
        emails.send_to_candidate(
            organization=request.organization,
            to=request.invitation.email,
            name=request.invitation.name,
            kind="export_ready",
            job=request.invitation.job.title,
        )


@shared_task(
    name="compliance.erase_candidate", soft_time_limit=1200, time_limit=1500, **RIGHTS_TASK
)
def erase_candidate_task(request_id: int) -> str:
    """Safe to repeat: an erasure that finds its request done does nothing."""
    return erasure.erasure_execute(request_id=request_id)


@shared_task(name="compliance.notify_rights_admins", bind=True, **RIGHTS_TASK)
def notify_admins_task(self: Task, request_id: int, reminder: bool = False) -> int:
    """Tell the organisation's admins about a new contest, or that a request falls due;
    once per outbox row."""
    request = (
        RightsRequest.objects.select_related("organization", "invitation__job")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    job = request.invitation.job.title if request.invitation else "an erased application"
    kind = request.get_kind_display().lower()
    if reminder:
        subject = f"Due {request.due_on:%d %B}: a candidate's request ({kind})"
        lines = [
            f"A candidate's request ({kind}, {job}) is due on {request.due_on:%d %B %Y} and "
            f"is {request.get_status_display().lower()}.",
            "The law gives one month from receipt to answer.",
        ]
    else:
        subject = f"New candidate request: {kind} ({job})"
        lines = [
            f"A candidate asked for: {kind} ({job}). It is due on {request.due_on:%d %B %Y}.",
            "Assign a re-reviewer who did not decide on or override this candidate.",
        ]
    with events.once(self.request.id) as mine:
        if not mine:
            return 0
        return emails.send_to_admins(
            organization=request.organization, subject=subject, lines=lines, request=request
        )


@shared_task(name="compliance.send_contest_outcome", bind=True, **RIGHTS_TASK)
def send_contest_outcome_task(self: Task, request_id: int) -> bool:
    """Tell the candidate the re-review's outcome, once per outbox row."""
    request = RightsRequest.objects.select_related("organization", "invitation__job").get(
        pk=request_id
    )
    if request.invitation is None:
        return False
    with events.once(self.request.id) as mine:
        if mine:
            emails.send_to_candidate(
                organization=request.organization,
                to=request.invitation.email,
                name=request.invitation.name,
                kind="contest_outcome",
                job=request.invitation.job.title,
                request=request,
            )
        return mine


@shared_task(name="compliance.notify_rights_erasure", bind=True, **RIGHTS_TASK)
def notify_erasure_task(self: Task, request_id: int, job_id: int | None, held: bool = False) -> int:
    """Tell the admins (and, for a hold, the candidate) what became of an erasure request,
    once per outbox row (see `erasure.erasure_notify`)."""
    with events.once(self.request.id) as mine:
        return (
            erasure.erasure_notify(request_id=request_id, job_id=job_id, held=held) if mine else 0
        )


@shared_task(name="compliance.rights_requests_due")
def rights_requests_due_task() -> int:
    """Hourly: remind admins of requests falling due (once each), retry held erasures,
    delete copies older than a week."""
    rights_export.exports_expire()
    links.rights_link_asks_expire()
    return queue.rights_requests_remind_due()


@shared_task(
    name="compliance.build_organization_export",
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3300,
)
def build_organization_export_task(export_id: int) -> bool:
    return organization_data.organization_export_build(export_id=export_id)


@shared_task(
    name="compliance.erase_organization",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def erase_organization_task(deletion_id: int) -> int:
    """Erase a deleted organisation: objects first, then rows; safe to repeat."""
    return organization_data.organization_erase(deletion_id=deletion_id).rows_deleted
