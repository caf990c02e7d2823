"""Content-Security-Policy: a fresh nonce per response, and nothing inline without it.

Every page gets the strict policy below; templates give their `<style>` and `<script>`
tags `nonce="{{ csp_nonce }}"`. Recordings and logos live in the object store: the
browser uploads to it with presigned requests and plays recordings from it, so its
origin is allowed for connections, media and images. The API's Swagger UI and ReDoc
pages (drf-spectacular, served from the sidecar's static files) run inline start-up
scripts and styles and build workers from blobs, so their paths get a relaxed policy
of their own (`RELAXED_PATHS`), still without other origins, plugins or framing.
"""

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
RELAXED_PATHS = ("/api/v1/docs/", "/api/v1/redoc/")


def storage_origin() -> str:
    """Where presigned uploads go and recordings and logos come from."""
    if settings.S3_ENDPOINT_URL:
        parts = urlsplit(settings.S3_ENDPOINT_URL)
        return f"{parts.scheme}://{parts.netloc}"
    return f"https://s3.amazonaws.com https://s3.{settings.S3_REGION}.amazonaws.com"


def policy(nonce: str) -> str:
    storage = storage_origin()
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            f"img-src 'self' data: {storage}",
            f"media-src 'self' blob: {storage}",
            f"connect-src 'self' {storage}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def relaxed_policy() -> str:
    """For the API documentation pages only: their bundles need inline code and blobs."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "worker-src 'self' blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if HEADER not in response:
            relaxed = request.path.startswith(RELAXED_PATHS)
            response[HEADER] = relaxed_policy() if relaxed else policy(nonce)
        return response


def nonce(request: HttpRequest) -> dict[str, str]:
    """Template context: `{{ csp_nonce }}` for the page's own `<style>` and `<script>` tags."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
