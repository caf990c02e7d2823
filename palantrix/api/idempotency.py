"""`Idempotency-Key` on create calls: a retried call gets the first answer, and the work
(an invitation and its email included) happens once.

The record is committed first (so a concurrent retry sees it), then the work and the stored
answer commit together: a record still "in progress" after STALE_SECONDS belongs to work
that never committed, so running it again is safe.
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response

from .models import IdempotencyRecord
from .problems import Conflict, Unprocessable

HEADER = "Idempotency-Key"
STALE_SECONDS = 60
# A retry comes within minutes or hours; the stored answers go after a day (beat).
KEEP_HOURS = 24


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _begin(request, idempotency_key: str) -> IdempotencyRecord | Response:
    key = request.auth
    fingerprint = _fingerprint(request)
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
            if record is None:
                continue
            if record.request_hash != fingerprint:
                raise Unprocessable(
                    "This Idempotency-Key was already used with a different request."
                ) from None
            if record.status_code is not None:
                return Response(
                    record.response_body,
                    status=record.status_code,
                    headers={"Idempotent-Replayed": "true"},
                )
            if record.created_at > timezone.now() - timedelta(seconds=STALE_SECONDS):
                raise Conflict(
                    "A request with this Idempotency-Key is still running: retry in a moment."
                ) from None
            record.delete()  # its work never committed
    raise Conflict("A request with this Idempotency-Key is still running: retry in a moment.")


def idempotent(handler):
    """Decorate a DRF view's `post`."""

    @wraps(handler)
    def wrapped(view, request, *args, **kwargs):
        idempotency_key = request.headers.get(HEADER)
        if idempotency_key is None:
            return handler(view, request, *args, **kwargs)
        if not 1 <= len(idempotency_key) <= 255:
            raise exceptions.ValidationError({HEADER: ["Use 1 to 255 characters."]})
        started = _begin(request, idempotency_key)
        if isinstance(started, Response):
            return started
        try:
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if response.status_code < 500:
                    IdempotencyRecord.objects.filter(pk=started.pk).update(
                        status_code=response.status_code,
                        response_body=json.loads(json.dumps(response.data, default=str)),
                    )
                else:
                    IdempotencyRecord.objects.filter(pk=started.pk).delete()
        except Exception:
            IdempotencyRecord.objects.filter(pk=started.pk).delete()
            raise
        return response

    return wrapped


def idempotency_records_purge(*, now=None) -> int:
    """Forget answers older than KEEP_HOURS (they hold candidates' names and emails)."""
    cutoff = (now or timezone.now()) - timedelta(hours=KEEP_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
