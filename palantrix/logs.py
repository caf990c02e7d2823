"""Log lines (one JSON object each with LOG_FORMAT=json) that carry the request's id.

Every request gets an id: the X-Request-ID its proxy sent (when it looks like one) or a new
one; the response returns it. A task sent while the request (or a task) runs carries it in
its message headers, and the worker logs under it, so one id follows an answer from the
upload request through the outbox to transcription and scoring. Messages stay what the code
logs: ids and numbers, never names or transcript text (the project's logging rule).
"""

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "palantrix_request_id"
ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        token = request_id.set(given if ACCEPTED.match(given) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response[HEADER] = request_id.get()
            return response
        finally:
            request_id.reset(token)


@before_task_publish.connect
def _carry_into_task(headers: dict | None = None, **_: Any) -> None:
    current = request_id.get()
    if current and headers is not None:
        headers.setdefault(TASK_HEADER, current)


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _adopt_in_task(task_id: str, task: Any, **_: Any) -> None:
    carried = getattr(task.request, TASK_HEADER, None) or ""
    _task_tokens[task_id] = request_id.set(carried)


@task_postrun.connect
def _leave_task(task_id: str, **_: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
