"""API keys in, one organisation out: authentication, write permission and throttling.

`Authorization: Bearer plx_…` resolves to an active key; the request then acts inside the
key's organisation (`request.organization`), through the same selectors, services and
tenancy scoping as the pages. The key itself is the audit actor.
"""

from dataclasses import dataclass

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, throttling

from palantrix import ratelimit

from .models import ApiKey
from .services import api_key_authenticate


@dataclass(frozen=True)
class ApiKeyActor:
    """Who acted, for the audit log and services: the key, by its public id."""

    key: ApiKey
    audit_actor_type: str = "api_key"

    @property
    def audit_actor_id(self) -> str:
        return str(self.key.public_id)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise exceptions.AuthenticationFailed(
                "Send the API key as `Authorization: Bearer <key>`."
            )
        key = api_key_authenticate(secret.strip())
        if key is None:
            raise exceptions.AuthenticationFailed("This API key is unknown, revoked or expired.")
        request.organization = key.organization
        request._request.organization = key.organization
        return ApiKeyActor(key), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="palantrix"'


class HasApiKey(permissions.BasePermission):
    """Any active key reads; writes need a read-write key."""

    message = "This API key is read only: create a read-write key to make changes."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiKey):
            raise exceptions.NotAuthenticated("Send an API key as `Authorization: Bearer <key>`.")
        return request.method in permissions.SAFE_METHODS or request.auth.can_write


class ApiKeyThrottle(throttling.SimpleRateThrottle):
    """DRF's rate throttle per key, at API_REQUESTS_PER_MINUTE: DRF parses the rate, turns a
    refusal into 429 with Retry-After and the view's problem document. The counting is the
    core limiter's (`palantrix.ratelimit`: one atomic increment per request) instead of
    SimpleRateThrottle's list of request times, which parallel requests of one key read and
    write back without a lock and so can all pass."""

    scope = "api_key"

    def get_rate(self) -> str:
        return f"{settings.API_REQUESTS_PER_MINUTE}/min"

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return str(request.auth.public_id)

    def allow_request(self, request, view) -> bool:
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        return ratelimit.allow(
            scope=self.scope, key=key, limit=self.num_requests, period=self.duration
        )

    def wait(self) -> float:
        return ratelimit.retry_after(self.duration)
