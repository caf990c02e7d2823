"""The one rate limiter: a fixed window per scope and key, counted in the Redis cache.

Pages use `rate_limit` (a view decorator answering 429 with Retry-After), sign-in uses
`count` and `hit`, and the API's DRF throttle (`api.authentication.ApiKeyThrottle`) counts
with `allow`. Kept instead of DRF's `SimpleRateThrottle` storage or a page-limiting
package: one atomic INCR per request, so parallel requests of one key cannot all slip
through (SimpleRateThrottle reads a list of request times and writes it back without a
lock), and one Redis key per window instead of a growing list.

Degrades, never fails: when Redis cannot be reached, pages and the API count in this
process only (`_local_hit`) and the outage is logged, so a cache outage neither answers 500
nor lets one client flood a process (/healthz reports the broker down).
"""

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


def _counter_key(scope: str, key: str, period: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // period)}"


def _incr(cache_key: str, period: int) -> int:
    """Count one hit under `cache_key` (kept one period); the new count."""
    if cache.add(cache_key, 1, timeout=period + 1):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        return 1


def retry_after(period: int) -> int:
    """Seconds until the current window ends."""
    return period - int(time.time()) % period


def allow(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one request of `key`: whether it is within `limit` per `period` seconds."""
    return window_hit(_counter_key(scope, key, period), period, scope=scope) <= limit


def window_hit(cache_key: str, period: int, *, scope: str) -> int:
    """Count one hit in the window `cache_key`: in Redis, or in this process while Redis
    cannot be reached (logged)."""
    try:
        return _incr(cache_key, period)
    except Exception:
        logger.warning(
            "Rate limit %s counted in this process only: the cache is unreachable",
            scope,
            exc_info=True,
        )
        return _local_hit(cache_key, period)


# Per-process windows while Redis is away: {key: (expires at, count)}, pruned as they expire.
_local: dict[str, tuple[float, int]] = {}
_local_lock = threading.Lock()


def _local_hit(cache_key: str, period: int) -> int:
    now = time.monotonic()
    with _local_lock:
        if len(_local) > 10_000:
            for stale in [k for k, (expires, _) in _local.items() if expires <= now]:
                del _local[stale]
        expires, count = _local.get(cache_key, (now + period, 0))
        if expires <= now:
            expires, count = now + period, 0
        _local[cache_key] = (expires, count + 1)
        return count + 1


def rate_limit(
    *, scope: str, limit: Callable[[], int], period: int, key: Callable[[HttpRequest], str]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer 429 with Retry-After once `key(request)` made `limit()` calls in `period` s."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allow(scope=scope, key=key(request), limit=limit(), period=period):
                response = JsonResponse(
                    {"error": "Too many requests. Please wait a moment and try again."},
                    status=429,
                )
                response["Retry-After"] = str(retry_after(period))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Counting failures (logins, reset emails) --------------------------------------------------
# These guard sign-in: when Redis cannot be reached they let the request through and log it,
# so an outage of the cache never locks everyone out.


def count(*, scope: str, key: str, period: int) -> int:
    """How many hits `key` had in the current window (0 when Redis is unreachable)."""
    try:
        return int(cache.get(_counter_key(scope, key, period)) or 0)
    except Exception:
        logger.warning("Rate limit %s not checked: the cache is unreachable", scope, exc_info=True)
        return 0


def hit(*, scope: str, key: str, period: int) -> int:
    """Count one hit for `key`; the new count (0 when Redis is unreachable)."""
    try:
        return _incr(_counter_key(scope, key, period), period)
    except Exception:
        logger.warning("Rate limit %s not counted: the cache is unreachable", scope, exc_info=True)
        return 0


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
    the outermost trusted proxy saw (X-Forwarded-For read from the right, so a client cannot
    choose its own by sending the header)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return forwarded[0] if forwarded else remote
    return forwarded[-hops]
