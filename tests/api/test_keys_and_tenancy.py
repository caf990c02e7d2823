"""API keys: per organisation, shown once, stored hashed, revocable; another organisation's
ids are a 404 on every API URL; revoked or expired keys get 401; read-only keys cannot write."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import ApiKey
from interviews.models import Job
from palantrix.models import AuditEvent
from palantrix.tokens import token_hash
from tests.palantrix.test_tenancy import OBJECT_FACTORIES, _score

pytestmark = pytest.mark.django_db

API_FACTORIES = {**OBJECT_FACTORIES, "interview_id": OBJECT_FACTORIES["invitation_id"]}


def _answer_with_recording(organization):
    answer = _score(organization).answer
    answer.object_key = f"answers/{answer.public_id}.webm"
    answer.save(update_fields=["object_key"])
    return answer


API_FACTORIES["answer_id"] = _answer_with_recording


def _api_object_urls():
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
                kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
                if kwargs:
                    found.append((entry.name, kwargs))

    walk(get_resolver().url_patterns, "")
    return found


API_OBJECT_URLS = _api_object_urls()


def test_the_walk_finds_every_api_object_url():
    assert {name for name, _ in API_OBJECT_URLS} >= {
        "api_job",
        "api_question_sets",
        "api_profile",
        "api_invitation",
        "api_invitation_resend",
        "api_invitation_extend",
        "api_invitation_revoke",
        "api_interview",
        "api_decisions",
        "api_answer_media",
    }


@pytest.mark.parametrize(("name", "kwargs"), API_OBJECT_URLS, ids=[n for n, _ in API_OBJECT_URLS])
def test_a_key_of_organisation_a_gets_404_for_objects_of_b(name, kwargs, api, other_org):
    unknown = set(kwargs) - set(API_FACTORIES)
    assert not unknown, f"Add a factory for {unknown} to API_FACTORIES"
    url = reverse(name, kwargs={kw: API_FACTORIES[kw](other_org).public_id for kw in kwargs})
    path = url.removeprefix("/api/v1/")
    for response in (api.get(path), api.post(path, {"reason": "x", "deadline": "2030-01-01"})):
        assert response.status_code in {404, 405}, (name, response.status_code)
        if response.status_code == 404:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["status"] == 404
    # The same URLs with A's own objects are found (so the 404 above is about B).
    own = reverse(
        name, kwargs={kw: API_FACTORIES[kw](api.key.organization).public_id for kw in kwargs}
    )
    if name != "api_answer_media":  # the recording is not in the bucket in this test
        assert api.get(own.removeprefix("/api/v1/")).status_code in {200, 405}


def test_b_job_in_a_request_body_is_not_found_either(api, other_org, make):
    from tests.palantrix.test_tenancy import _question

    foreign = _question(other_org).question_set.job
    response = api.post(
        "invitations/", {"job": str(foreign.public_id), "name": "A B", "email": "ab@example.test"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "job", "message": "No such job."}]


def test_lists_hold_only_the_key_organisations_objects(api, make_key, api_for, other_org, org):
    from tests.palantrix.test_tenancy import _job

    mine, theirs = _job(org), _job(other_org)
    ids = [row["id"] for row in api.get("jobs/").json()["results"]]
    assert str(mine.public_id) in ids
    assert str(theirs.public_id) not in ids


def test_missing_unknown_revoked_and_expired_keys_get_401(make_key, api_for, admin, org):
    from api.services import api_key_revoke

    assert api_for(None).get("jobs/").status_code == 401
    assert api_for("plx_not-a-real-key").get("jobs/").status_code == 401

    key, secret = make_key()
    assert api_for(secret).get("jobs/").status_code == 200
    api_key_revoke(key=key, actor=admin)
    response = api_for(secret).get("jobs/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "This API key is unknown, revoked or expired."
    assert response["WWW-Authenticate"].startswith("Bearer")

    expired, expired_secret = make_key(expires_at=timezone.now() + timedelta(seconds=1))
    ApiKey.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_for(expired_secret).get("jobs/").status_code == 401


def test_a_read_only_key_reads_but_cannot_write(make_key, api_for, org):
    _, secret = make_key(access="read")
    api = api_for(secret)
    assert api.get("jobs/").status_code == 200
    response = api.post("jobs/", {"title": "Engineer"})
    assert response.status_code == 403
    assert "read only" in response.json()["detail"]
    assert not Job.objects.filter(organization=org).exists()


def test_only_a_hash_of_the_secret_is_stored_and_last_use_is_recorded(make_key, api_for):
    key, secret = make_key()
    assert secret.startswith("plx_")
    assert len(secret) > 40
    key.refresh_from_db()
    assert key.secret_hash == token_hash(secret)
    assert secret not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    assert key.prefix == secret[:12]
    assert key.last_used_at is None
    api_for(secret).get("jobs/")
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_admin_creates_a_key_sees_the_secret_once_and_revokes_it(client_for, admin, org, api_for):
    client = client_for(admin)
    url = reverse("api_keys", kwargs={"org": org.slug})
    page = client.post(url, {"name": "Greenhouse", "access": "read_write", "expires_on": ""})
    assert page.status_code == 200
    secret = re.search(r'id="new-api-key">(plx_[^<]+)<', page.content.decode()).group(1)
    key = ApiKey.objects.get(organization=org)
    assert key.secret_hash == token_hash(secret)
    assert AuditEvent.objects.filter(action="api.api_key.created", actor_id=str(admin.pk)).exists()

    listing = client.get(url).content.decode()
    assert secret not in listing  # shown once
    assert key.prefix in listing
    assert api_for(secret).get("jobs/").status_code == 200

    client.post(reverse("api_key_revoke", kwargs={"org": org.slug, "api_key_id": key.public_id}))
    assert api_for(secret).get("jobs/").status_code == 401
    assert "Revoked" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="api.api_key.revoked").exists()


def test_key_with_a_past_expiry_is_refused_with_a_message(client_for, admin, org):
    response = client_for(admin).post(
        reverse("api_keys", kwargs={"org": org.slug}),
        {"name": "Old", "access": "read", "expires_on": "2020-01-01"},
    )
    assert "The expiry date must be in the future." in response.content.decode()
    assert not ApiKey.objects.exists()


def test_only_admins_manage_keys_and_webhooks(client_for, recruiter, org):
    client = client_for(recruiter)
    assert client.get(reverse("api_keys", kwargs={"org": org.slug})).status_code == 403
    assert client.get(reverse("webhooks", kwargs={"org": org.slug})).status_code == 403


def test_errors_are_problem_json_with_a_message_per_field(api, interview_job):
    response = api.post("invitations/", {"job": "not-a-uuid", "email": "nope"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/validation")
    assert problem["title"] == "Invalid request"
    fields = {error["field"]: error["message"] for error in problem["errors"]}
    assert fields == {
        "job": "Must be a valid UUID.",
        "name": "This field is required.",
        "email": "Enter a valid email address.",
    }


def test_a_fault_of_ours_is_a_logged_problem_without_its_details(api, monkeypatch, caplog):
    from interviews import selectors as interview_selectors

    def broken(**kwargs):
        raise RuntimeError("connection pool exhausted at 10.0.0.7")

    monkeypatch.setattr(interview_selectors, "job_list", broken)
    response = api.get("jobs/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Server error"
    assert problem["type"].endswith("/server-error")
    assert "10.0.0.7" not in response.content.decode()
    assert "connection pool exhausted" in caplog.text  # the traceback is in the log


def test_keys_stop_working_and_webhooks_stop_once_the_organisation_asks_to_be_deleted(
    make_key, api_for, admin, org
):
    from api.models import WebhookEndpoint
    from api.services import webhook_endpoint_create
    from compliance.organization_data import organization_delete_request

    _, secret = make_key()
    endpoint = webhook_endpoint_create(
        organization=org,
        actor=admin,
        url="http://127.0.0.1:9/hooks",
        events=["candidate.decided"],
    )
    assert api_for(secret).get("jobs/").status_code == 200

    organization_delete_request(organization=org, actor=admin, confirmation="Acme Robotics")

    response = api_for(secret).get("jobs/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API key is unknown, revoked or expired."
    assert not WebhookEndpoint.objects.get(pk=endpoint.pk).is_active
