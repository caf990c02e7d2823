"""A small fixed-window rate limit backed by the Redis cache."""

import logging
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
    """Answer 429 with Retry-After once `key(request)` made `limit()` calls in `period` s."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            window = int(time.time() // period)
            cache_key = f"ratelimit:{scope}:{key(request)}:{window}"
            if cache.add(cache_key, 1, timeout=period + 1):
                count = 1
            else:
                try:
                    count = cache.incr(cache_key)
                except ValueError:  # expired between add and incr
                    cache.add(cache_key, 1, timeout=period + 1)
                    count = 1
            if count > limit():
                retry_after = period - int(time.time()) % period
                response = JsonResponse(
                    {"error": "Too many requests. Please wait a moment and try again."},
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


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
    cache_key = _counter_key(scope, key, period)
    try:
        if cache.add(cache_key, 1, timeout=period + 1):
            return 1
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=period + 1)
            return 1
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
