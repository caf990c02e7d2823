"""/healthz tells a load balancer whether the database, the broker and storage answer."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3_bucket")]


def test_healthz_is_ok_when_every_service_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "storage": True,
    }


def test_healthz_reports_an_unreachable_broker_with_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["ok"] is False
    assert checks["database"]["ok"] is True


def test_healthz_reports_missing_storage(client, settings):
    settings.S3_BUCKET = "no-such-bucket-here"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def test_the_favicon_is_served_and_every_page_links_it(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("favicon.svg")
    assert b"<svg" in b"".join(response.streaming_content)
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()
