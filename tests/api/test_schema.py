"""The OpenAPI schema is generated from the code, valid, documented with local assets, and
Schemathesis, run against the live schema with a real key over every operation, finds no
server error and no response that breaks the schema."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from compliance.services import instructions_acknowledge, overseer_set
from palantrix.models import Membership
from palantrix.wsgi import application
from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/?format=json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 10  # per operation, mode and set of path ids: 30-40 s on 2 cores


def test_the_schema_is_valid_openapi_and_describes_every_endpoint(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    paths = schema["paths"]
    assert {
        "/api/v1/jobs/",
        "/api/v1/jobs/{job_id}/",
        "/api/v1/jobs/{job_id}/question-sets/",
        "/api/v1/profiles/",
        "/api/v1/profiles/{profile_id}/",
        "/api/v1/invitations/",
        "/api/v1/invitations/bulk/",
        "/api/v1/invitations/{invitation_id}/",
        "/api/v1/invitations/{invitation_id}/resend/",
        "/api/v1/invitations/{invitation_id}/extend/",
        "/api/v1/invitations/{invitation_id}/revoke/",
        "/api/v1/interviews/{interview_id}/",
        "/api/v1/interviews/{interview_id}/decisions/",
        "/api/v1/answers/{answer_id}/media/",
        "/api/v1/audit-events/",
    } == set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            errors = operation["responses"]
            assert {"400", "401", "403", "404", "429"} <= set(errors), (method, path)
            assert "application/problem+json" in errors["404"]["content"]
            assert operation.get("summary"), (method, path)


def test_the_interactive_docs_load_nothing_from_a_cdn(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/api/v1/schema/" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    for source in sources:
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")), source
    redoc = client.get("/api/v1/redoc/").content.decode()
    assert "cdn" not in redoc.lower()
    assert "googleapis" not in redoc


@pytest.fixture
def seeded(org, admin, hiring_manager, job, api):
    """Real ids for the path parameters, so that the positive cases reach the views."""
    membership = Membership.objects.get(user=hiring_manager, organization=org)
    instructions_acknowledge(membership=membership, actor=hiring_manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    (invitation,) = scored_candidates(job, [(60, 80)])
    answer = invitation.answers.get()
    answer.object_key = f"test/{answer.public_id}.webm"
    answer.save(update_fields=["object_key"])
    return {
        "job_id": str(job.public_id),
        "profile_id": str(job.profile.public_id),
        "invitation_id": str(invitation.public_id),
        "interview_id": str(invitation.public_id),
        "answer_id": str(answer.public_id),
    }


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests through the WSGI app stay on the test's connection and transaction (as the
    test client does): Django would otherwise close the connection after each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    api, seeded, settings, wsgi_in_test_transaction
):
    settings.API_REQUESTS_PER_MINUTE = 100_000
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_in_test_transaction)
    headers = {"Authorization": f"Bearer {api.secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18
    calls = 0
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        known = {name: seeded[name] for name in names}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for path_parameters in ({}, known) if known else ({},):

                @given(case=operation.as_strategy(mode, path_parameters=path_parameters))
                @hypothesis_settings(
                    max_examples=EXAMPLES,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    suppress_health_check=list(HealthCheck),
                )
                def run(case):
                    nonlocal calls
                    calls += 1
                    case.call_and_validate(headers=headers, checks=CHECKS)

                run()
    assert calls > 200
