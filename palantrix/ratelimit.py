"""A small fixed-window rate limit backed by the Redis cache."""

import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse


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
