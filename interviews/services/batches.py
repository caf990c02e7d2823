"""Inviting from a CSV: parse, preview, confirm (or cancel), then a worker sends each one.

A preview nobody confirmed is emptied after BATCH_PREVIEW_DAYS.
"""

import csv
import io
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none

from ..models import (
    OPEN_STATUSES,
    Invitation,
    InvitationBatch,
    Job,
)
from .invitations import AlreadyInvited, _check_job_invitable, _normalise, invitation_send

MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 1000

NAME_HEADERS = {"name", "full name", "candidate", "candidate name"}
EMAIL_HEADERS = {"email", "e-mail", "email address", "mail"}


def parse_candidates_csv(content: bytes) -> list[dict[str, Any]]:
    """Rows {line, name, email, problems}: every row kept, each problem spelled out."""
    if len(content) > MAX_CSV_BYTES:
        raise DomainError("The file is larger than 1 MB. Split it into smaller files.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    if not text.strip():
        raise DomainError("The file is empty.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = list(csv.reader(io.StringIO(text), dialect))
    header = [cell.strip().lower() for cell in lines[0]]
    if NAME_HEADERS & set(header) and EMAIL_HEADERS & set(header):
        name_at = next(i for i, h in enumerate(header) if h in NAME_HEADERS)
        email_at = next(i for i, h in enumerate(header) if h in EMAIL_HEADERS)
        body, first_line = lines[1:], 2
    else:
        name_at, email_at, body, first_line = 0, 1, lines, 1
    if len(body) > MAX_CSV_ROWS:
        raise DomainError(f"The file has more than {MAX_CSV_ROWS} rows. Split it.")
    rows, seen = [], {}
    for offset, cells in enumerate(body):
        if not any(cell.strip() for cell in cells):
            continue
        line = first_line + offset
        name = cells[name_at] if len(cells) > name_at else ""
        email = cells[email_at] if len(cells) > email_at else ""
        name, email = _normalise(name, email)
        problems = []
        if not name:
            problems.append("missing name")
        if not email:
            problems.append("missing email")
        else:
            try:
                validate_email(email)
            except ValidationError:
                problems.append("bad email address")
        if email and email in seen:
            problems.append(f"duplicate of line {seen[email]}")
        seen.setdefault(email, line)
        rows.append({"line": line, "name": name, "email": email, "problems": problems})
    if not rows:
        raise DomainError("The file has no candidates.")
    return rows


@transaction.atomic
def invitation_batch_preview(
    *, job: Job, actor: Actor, content: bytes, filename: str = ""
) -> InvitationBatch:
    _check_job_invitable(job)
    rows = parse_candidates_csv(content)
    invited = set(
        Invitation.objects.for_organization(job.organization)
        .filter(job=job, status__in=OPEN_STATUSES, email__in=[r["email"] for r in rows])
        .values_list("email", flat=True)
    )
    for row in rows:
        if row["email"] in invited:
            row["problems"].append("already invited to this job")
    return InvitationBatch.objects.create(
        organization=job.organization,
        job=job,
        created_by=user_or_none(actor),
        filename=filename[:200],
        rows=rows,
        total_rows=len(rows),
        valid_rows=sum(1 for row in rows if not row["problems"]),
    )


@transaction.atomic
def invitation_batch_confirm(*, batch: InvitationBatch, actor: Actor) -> InvitationBatch:
    batch = InvitationBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != InvitationBatch.Status.PREVIEW:
        return batch  # a second click changes nothing
    if not batch.valid_rows:
        raise DomainError("No row can be sent: fix the file and upload it again.")
    batch.status = InvitationBatch.Status.SENDING
    batch.save(update_fields=["status", "updated_at"])
    audit.record(
        organization=batch.organization,
        actor=actor,
        action="interviews.invitation_batch.confirmed",
        target=batch,
        data={
            "job": str(batch.job.public_id),
            "rows": batch.total_rows,
            "valid": batch.valid_rows,
            "skipped": batch.total_rows - batch.valid_rows,
        },
    )
    events.later(
        "interviews.send_invitation_batch", organization=batch.organization, batch_id=batch.pk
    )
    return batch


@transaction.atomic
def invitation_batch_cancel(*, batch: InvitationBatch, actor: Actor) -> None:
    batch = InvitationBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == InvitationBatch.Status.PREVIEW:
        batch.status, batch.rows = InvitationBatch.Status.CANCELLED, []
        batch.save(update_fields=["status", "rows", "updated_at"])


BATCH_PREVIEW_DAYS = 7


def invitation_batches_expire(now=None) -> int:
    """Nightly: an import previewed but never confirmed for a week is cancelled and its
    rows (names and email addresses) emptied; the file can be uploaded again."""
    now = now or timezone.now()
    return InvitationBatch.objects.filter(
        status=InvitationBatch.Status.PREVIEW,
        created_at__lt=now - timedelta(days=BATCH_PREVIEW_DAYS),
    ).update(status=InvitationBatch.Status.CANCELLED, rows=[], updated_at=now)


def invitation_batch_process(*, batch_id: int) -> InvitationBatch:
    """Send the batch's good rows, one transaction each; safe to run again after a crash."""
    batch = InvitationBatch.objects.select_related("job", "created_by").get(pk=batch_id)
    if batch.status != InvitationBatch.Status.SENDING:
        return batch
    done_lines = set(Invitation.objects.filter(batch=batch).values_list("batch_line", flat=True))
    actor = batch.created_by or audit.SystemActor("interviews.import")
    handled, failures = 0, []
    for row in batch.rows:
        if row["problems"]:
            continue
        if row["line"] not in done_lines:
            try:
                invitation_send(
                    job=batch.job,
                    actor=actor,
                    name=row["name"],
                    email=row["email"],
                    batch=batch,
                    batch_line=row["line"],
                )
            except AlreadyInvited:  # invited meanwhile by someone else: report, go on
                failures.append({"line": row["line"], "problem": "already invited to this job"})
            except DomainError as error:  # e.g. the job was closed meanwhile
                failures.append({"line": row["line"], "problem": str(error)})
        handled += 1
        InvitationBatch.objects.filter(pk=batch.pk).update(processed=handled)
    InvitationBatch.objects.filter(pk=batch.pk).update(
        status=InvitationBatch.Status.DONE,
        processed=handled,
        sent=Invitation.objects.filter(batch=batch).count(),
        failures=failures,
        rows=[],  # names and emails now live only on the invitations
    )
    batch.refresh_from_db()
    return batch


def batch_progress(batch: InvitationBatch) -> dict[str, Any]:
    """What the progress bar shows; failures carry line numbers only, no personal data."""
    return {
        "status": batch.status,
        "processed": batch.processed,
        "total": batch.valid_rows,
        "percent": round(100 * batch.processed / batch.valid_rows) if batch.valid_rows else 100,
        "sent": batch.sent,
        "failures": batch.failures,
    }
