"""Errors as `application/problem+json` (RFC 9457), with one message per field.

{"type": "https://palantrix.dev/problems/validation", "title": "Invalid request",
 "status": 400, "detail": "…", "errors": [{"field": "email", "message": "…"}]}
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from interviews.services import AlreadyInvited
from palantrix.errors import DomainError, InvalidField

logger = logging.getLogger("api")

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://palantrix.dev/problems/"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state."
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


TITLES = {
    400: ("validation", "Invalid request"),
    401: ("unauthenticated", "Authentication needed"),
    403: ("forbidden", "Not allowed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("unprocessable", "Unprocessable request"),
    429: ("throttled", "Too many requests"),
    500: ("server-error", "Server error"),
}


def _field_errors(data, prefix: str = "") -> list[dict[str, str]]:
    errors = []
    if isinstance(data, dict):
        for name, value in data.items():
            field = f"{prefix}.{name}" if prefix else str(name)
            errors.extend(_field_errors(value, field))
    elif isinstance(data, list):
        if all(isinstance(item, str) for item in data):
            errors.extend(
                {"field": prefix or "non_field_errors", "message": str(item)} for item in data
            )
        else:
            for index, item in enumerate(data):
                errors.extend(_field_errors(item, f"{prefix}[{index}]"))
    elif data is not None:
        errors.append({"field": prefix or "non_field_errors", "message": str(data)})
    return errors


def problem_response(status_code: int, detail: str, errors=None, headers=None) -> Response:
    slug, title = TITLES.get(status_code, ("error", "Error"))
    body = {"type": TYPE_BASE + slug, "title": title, "status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)


def problem_exception_handler(exc, context):
    if isinstance(exc, AlreadyInvited):
        exc = Conflict(str(exc))
    elif isinstance(exc, InvalidField):
        exc = exceptions.ValidationError({exc.field: [str(exc)]})
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        # A fault of ours: logged with its traceback, answered in the same format as the
        # rest, with nothing of the fault's details; whatever the request changed is undone.
        request = context.get("request")
        logger.exception(
            "API error on %s %s", getattr(request, "method", "?"), getattr(request, "path", "?")
        )
        set_rollback()
        return problem_response(
            500, "Something went wrong on our side. It was logged; try again later."
        )
    headers = {name: value for name, value in response.items() if name != "Content-Type"}
    data = response.data
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(data)
        detail = (
            errors[0]["message"] if len(errors) == 1 else f"{len(errors)} problems: see `errors`."
        )
    else:
        detail = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    return problem_response(response.status_code, detail, errors, headers)
