"""API keys in, one organisation out: authentication, write permission and throttling.

`Authorization: Bearer plx_…` resolves to an active key; the request then acts inside the
key's organisation (`request.organization`), through the same selectors, services and
tenancy scoping as the pages. The key itself is the audit actor.
"""

import time
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


class ApiKeyThrottle(throttling.BaseThrottle):
    """A fixed window per key in the Redis cache; the rate is API_REQUESTS_PER_MINUTE."""

    period = 60

    def allow_request(self, request, view) -> bool:
        if not isinstance(request.auth, ApiKey):
            return True
        window = int(time.time() // self.period)
        cache_key = f"api-throttle:{request.auth.public_id}:{window}"
        count = ratelimit.window_hit(cache_key, self.period, scope="api")
        return count <= settings.API_REQUESTS_PER_MINUTE

    def wait(self) -> float:
        return self.period - int(time.time()) % self.period
