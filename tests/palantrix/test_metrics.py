"""/metrics: who may read it, and the series an operator graphs from it."""

import json
import logging
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from interviews.models import AnswerStatus
from interviews.services import CompetencyInput
from palantrix import logs
from palantrix.celery import app
from tests.conftest import ROOT
from tests.environment import SUFFIX
from tests.factories import AnswerFactory, InvitationFactory, job_with_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3_bucket")]


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found, name, **labels) -> float | None:
    return found.get((name, frozenset(labels.items())))


@pytest.fixture
def staff(make):
    user = make.user("operator@palantrix.test")
    user.is_staff = True
    user.save()
    return user


def test_metrics_answer_only_the_token_or_a_staff_login(client, settings, admin, staff):
    settings.METRICS_TOKEN = "scrape-token-1234"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-1234").status_code == 200
    client.force_login(admin)  # an organisation's admin is not an operator of the installation
    assert client.get("/metrics").status_code == 401
    client.force_login(staff)
    assert client.get("/metrics").status_code == 200


def test_without_a_token_configured_no_bearer_gets_in(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401


def test_a_scrape_shows_requests_by_view_queue_depth_answers_and_the_pipeline_series(
    client, staff, org, admin, settings
):
    competency = CompetencyInput("Teamwork", "Works with others", 3, ["I helped a peer"])
    job = job_with_profile(org, admin, competencies=[competency])
    AnswerFactory(invitation=InvitationFactory(job=job), status=AnswerStatus.UPLOADED)
    AnswerFactory(invitation=InvitationFactory(job=job), status=AnswerStatus.NEEDS_REVIEW)
    client.force_login(staff)
    before = samples(client.get("/metrics").content.decode())
    assert client.get("/healthz").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    # A queue of this test's own: no worker anywhere takes from it.
    settings.CELERY_TRANSCRIBE_QUEUE = queue = f"metrics-probe{SUFFIX}"
    with app.connection_for_write() as connection:
        redis = connection.default_channel.client
        redis.delete(queue)
        app.send_task("palantrix.not-a-task", queue=queue)
        try:
            found = samples(client.get("/metrics").content.decode())
        finally:
            redis.delete(queue)

    def grew(name, **labels):
        return (value(found, name, **labels) or 0) - (value(before, name, **labels) or 0)

    assert grew("palantrix_http_requests_total", view="healthz", method="GET", status="2xx") == 1
    assert grew("palantrix_http_requests_total", view="unresolved", method="GET", status="4xx") == 1
    assert grew("palantrix_http_request_duration_seconds_count", view="healthz", method="GET") == 1
    assert value(found, "palantrix_queue_messages", queue=queue) == 1
    assert value(found, "palantrix_queue_messages", queue=settings.CELERY_ML_QUEUE) is not None
    assert value(found, "palantrix_answers", status="uploaded") == 1
    assert value(found, "palantrix_answers", status="needs_review") == 1
    assert value(found, "palantrix_answers", status="scored") == 0
    # Counted in the workers, declared everywhere (graphs exist before the first answer).
    names = {name for name, _ in found}
    assert {
        "palantrix_transcription_seconds_per_audio_second_count",
        "palantrix_scorer_seconds_per_audio_second_count",
        "palantrix_answer_upload_to_scored_seconds_count",
    } <= names


def test_each_response_names_its_request_id_and_keeps_a_sane_one_it_was_given(client):
    given = client.get("/healthz", HTTP_X_REQUEST_ID="edge-proxy-7f3a")
    assert given["X-Request-ID"] == "edge-proxy-7f3a"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert made["X-Request-ID"] != "bad id\nwith newline"
    assert len(made["X-Request-ID"]) == 32


def test_a_task_sent_during_a_request_carries_its_id_in_the_message():
    queue = f"metrics-carried{SUFFIX}"
    token = logs.request_id.set("carried-0042")
    try:
        with app.connection_for_write() as connection:
            redis = connection.default_channel.client
            redis.delete(queue)
            app.send_task("palantrix.not-a-task", queue=queue)
            message = json.loads(redis.lpop(queue))
    finally:
        logs.request_id.reset(token)
    assert message["headers"][logs.TASK_HEADER] == "carried-0042"


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord("palantrix.x", logging.INFO, __file__, 1, "answer=%s", (7,), None)
    token = logs.request_id.set("json-0001")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id.reset(token)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "answer=7"
    assert line["request_id"] == "json-0001"
    assert line["level"] == "INFO"


def test_every_series_the_example_dashboard_graphs_is_exposed(client, staff):
    dashboard = json.loads((ROOT / "deploy" / "grafana-dashboard.json").read_text())
    graphed = {
        re.sub(r"_(bucket|sum|count|total)$", "", name)
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"palantrix_\w+", target["expr"])
    }
    client.force_login(staff)
    exposed = {
        family.name
        for family in text_string_to_metric_families(client.get("/metrics").content.decode())
    }
    assert graphed
    assert graphed <= exposed
