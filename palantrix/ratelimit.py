"""A small fixed-window rate limit backed by the Redis cache."""

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)


def rate_limit(
    *, scope: str, limit: Callable[[], int], period: int, key: Callable[[HttpRequest], str]
):
    """Answer 429 with Retry-After once `key(request)` made `limit()` calls in `period` s.

    Degrades, never fails: when Redis cannot be reached the request is counted in this
    process only (`_local_hit`) and the outage is logged, so a cache outage neither
    answers 500 nor lets one client flood a process (/healthz reports the broker down)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            count = window_hit(_counter_key(scope, key(request), period), period, scope=scope)
            if count > limit():
                response = JsonResponse(
                    {"error": "Too many requests. Please wait a moment and try again."},
                    status=429,
                )
                response["Retry-After"] = str(retry_after(period))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def window_hit(cache_key: str, period: int, *, scope: str) -> int:
    """Count one hit in the window `cache_key`: in Redis, or in this process while Redis
    cannot be reached (logged)."""
    try:
        return _shared_hit(cache_key, period)
    except Exception:
        logger.warning(
            "Rate limit %s counted in this process only: the cache is unreachable",
            scope,
            exc_info=True,
        )
        return _local_hit(cache_key, period)


def _shared_hit(cache_key: str, period: int) -> int:
    if cache.add(cache_key, 1, timeout=period + 1):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        return 1


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


# --- Counting failures (logins, reset emails) --------------------------------------------------
# These guard sign-in: when Redis cannot be reached they let the request through and log it,
# so an outage of the cache never locks everyone out.


def _counter_key(scope: str, key: str, period: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // period)}"


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
        return _shared_hit(_counter_key(scope, key, period), period)
    except Exception:
        logger.warning("Rate limit %s not counted: the cache is unreachable", scope, exc_info=True)
        return 0


def retry_after(period: int) -> int:
    return period - int(time.time()) % period


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
