"""`Idempotency-Key` on create calls: a retried call gets the first answer, and the work
(an invitation and its email included) happens once.

The record is committed first (so a concurrent retry finds it). The work then runs in one
transaction that holds the record's row lock and stores the answer beside the work. A retry
probes that lock without waiting: held means the first request is still working (409);
free with no stored answer means the first request died before committing, so the retry
takes the work over. An answer that could not be stored rolls the work back.
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response

from .models import IdempotencyRecord
from .problems import Conflict, Unprocessable

HEADER = "Idempotency-Key"
IN_PROGRESS = "A request with this Idempotency-Key is in progress: retry in a moment."
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's answer to NOWAIT on a held lock
# A retry comes within minutes or hours; the stored answers go after a day (beat).
KEEP_HOURS = 24


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _record(request, idempotency_key: str, fingerprint: str) -> IdempotencyRecord:
    """The committed record for this key: a new one, or the one a first request left."""
    key = request.auth
    fields = {"api_key": key, "key": idempotency_key}
    for _ in range(2):
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    organization=key.organization,
                    method=request.method,
                    path=request.path[:300],
                    request_hash=fingerprint,
                    **fields,
                )
        except IntegrityError:
            record = IdempotencyRecord.objects.filter(**fields).first()
            if record is not None:
                return record
    raise Conflict(IN_PROGRESS)


def _lock(record: IdempotencyRecord) -> IdempotencyRecord:
    """The record's row lock, inside the caller's transaction; 409 while another holds it."""
    try:
        locked = IdempotencyRecord.objects.select_for_update(nowait=True).filter(pk=record.pk)
        found = locked.first()
    except OperationalError as error:
        cause = error.__cause__
        if getattr(cause, "sqlstate", getattr(cause, "pgcode", None)) != LOCK_NOT_AVAILABLE:
            raise
        raise Conflict(IN_PROGRESS) from None  # the first request is still working
    if found is None:  # its work failed and the record went meanwhile
        raise Conflict(IN_PROGRESS)
    return found


def idempotent(handler):
    """Decorate a DRF view's `post`."""

    @wraps(handler)
    def wrapped(view, request, *args, **kwargs):
        idempotency_key = request.headers.get(HEADER)
        if idempotency_key is None:
            return handler(view, request, *args, **kwargs)
        if not 1 <= len(idempotency_key) <= 255:
            raise exceptions.ValidationError({HEADER: ["Use 1 to 255 characters."]})
        fingerprint = _fingerprint(request)
        record = _record(request, idempotency_key, fingerprint)
        if record.request_hash != fingerprint:
            raise Unprocessable("This Idempotency-Key was already used with a different request.")
        working = False
        try:
            with transaction.atomic():
                record = _lock(record)
                if record.status_code is not None:
                    return Response(
                        record.response_body,
                        status=record.status_code,
                        headers={"Idempotent-Replayed": "true"},
                    )
                # No stored answer: a new record, or one whose request died; do the work.
                working = True
                response = handler(view, request, *args, **kwargs)
                if response.status_code < 500:
                    stored = IdempotencyRecord.objects.filter(
                        pk=record.pk, status_code__isnull=True
                    ).update(
                        status_code=response.status_code,
                        response_body=json.loads(json.dumps(response.data, default=str)),
                    )
                    if not stored:  # the record went: keep no work without its answer
                        raise Conflict(IN_PROGRESS)
                else:
                    IdempotencyRecord.objects.filter(pk=record.pk).delete()
        except Exception:
            if working:  # the work rolled back: a retry may run it afresh
                IdempotencyRecord.objects.filter(pk=record.pk, status_code__isnull=True).delete()
            raise
        return response

    return wrapped


def idempotency_records_purge(*, now=None) -> int:
    """Forget answers older than KEEP_HOURS (they hold candidates' names and emails)."""
    cutoff = (now or timezone.now()) - timedelta(hours=KEEP_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
