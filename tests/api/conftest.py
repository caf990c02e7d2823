"""API keys and a small client that sends them, for the API tests."""

import json

import pytest

from api.services import api_key_create
from palantrix import audit
from tests.interviews.conftest import interview_job  # noqa: F401  (fixture)
from tests.scoring.conftest import job  # noqa: F401  (fixture)


class Api:
    """The Django test client with an API key: `api.get("jobs/")`, `api.post("jobs/", {...})`."""

    def __init__(self, client, secret: str | None):
        self.client = client
        self.secret = secret

    def _headers(self, headers):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        if self.secret:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.secret}"
        return extra

    def get(self, path, params=None, headers=None):
        return self.client.get(f"/api/v1/{path}", params or {}, **self._headers(headers))

    def post(self, path, body=None, headers=None):
        return self.client.post(
            f"/api/v1/{path}",
            json.dumps(body or {}),
            content_type="application/json",
            **self._headers(headers),
        )


@pytest.fixture
def make_key(org):
    def make(organization=None, access="read_write", **fields):
        return api_key_create(
            organization=organization or org,
            actor=audit.SYSTEM,
            name="Greenhouse",
            access=access,
            **fields,
        )

    return make


@pytest.fixture
def api_for(client):
    def make(secret):
        return Api(client, secret)

    return make


@pytest.fixture
def api(make_key, api_for):
    """A read-write key of the organisation `org`."""
    key, secret = make_key()
    client = api_for(secret)
    client.key = key
    return client
