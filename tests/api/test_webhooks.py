"""Signed webhooks: emitted where things happen, delivered by a real worker to a real
receiver on loopback, verified with the README's snippet, retried until the receiver
comes back, once per event id; URLs are checked against server-side request forgery."""

import ipaddress
import json
import re
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from api import webhooks
from api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.services import webhook_endpoint_create
from compliance.services import instructions_acknowledge, overseer_set
from interviews import services as interview_services
from palantrix.events import outbox
from palantrix.models import AuditEvent, Membership
from tests.api.receiver import Receiver, free_port
from tests.factories import scored_candidates
from tests.interviews.conftest import link_token
from tests.waiting import seconds, wait_until

ROOT = Path(__file__).resolve().parents[2]


def readme_verify_signature():
    """The receiver's check exactly as the README prints it."""
    readme = (ROOT / "README.md").read_text()
    code = re.search(r"<!-- webhook-signature-snippet -->\n```python\n(.*?)```", readme, re.S)
    namespace: dict = {}
    exec(code.group(1), namespace)
    return namespace["verify_signature"]


@pytest.fixture
def overseer(hiring_manager, admin, org):
    membership = Membership.objects.get(user=hiring_manager, organization=org)
    instructions_acknowledge(membership=membership, actor=hiring_manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    return hiring_manager


def register(client_for, admin, org, url, events=("candidate.decided",)):
    response = client_for(admin).post(
        reverse("webhooks", kwargs={"org": org.slug}), {"url": url, "events": list(events)}
    )
    assert response.status_code == 302, response.content.decode()
    return WebhookEndpoint.objects.get(organization=org, url=url)


def decide(api, invitation, overseer):
    response = api.post(
        f"interviews/{invitation.public_id}/decisions/",
        {"outcome": "advance", "reason": "Clear examples", "on_behalf_of": overseer.email},
    )
    assert response.status_code == 201


# --- With the real worker -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_decision_reaches_a_real_receiver_signed_as_the_readme_shows(
    celery_worker, client_for, admin, org, api, job, overseer
):
    receiver = Receiver()
    try:
        endpoint = register(client_for, admin, org, receiver.url)
        (invitation,) = scored_candidates(job, [(60, 80)])
        decide(api, invitation, overseer)

        ((headers, body),) = receiver.wait_for(1)
        verify_signature = readme_verify_signature()
        assert verify_signature(endpoint.secret, headers["Palantrix-Signature"], body)
        assert not verify_signature("whsec_wrong", headers["Palantrix-Signature"], body)
        assert not verify_signature(endpoint.secret, headers["Palantrix-Signature"], body + b" ")

        event = json.loads(body)
        assert event["type"] == "candidate.decided"
        assert headers["Palantrix-Event-Id"] == event["id"]
        assert event["data"]["interview"] == str(invitation.public_id)
        assert event["data"]["outcome"] == "advance"
        assert event["data"]["url"].endswith(f"/api/v1/interviews/{invitation.public_id}/")
        for personal in (invitation.name, invitation.email, "Clear examples", overseer.email):
            assert personal not in body.decode()

        wait_until(
            lambda: WebhookDelivery.objects.filter(status="delivered").exists(),
            what="the delivery to be marked delivered",
        )
        log = client_for(admin).get(
            reverse("webhook_detail", kwargs={"org": org.slug, "endpoint_id": endpoint.public_id})
        )
        assert "HTTP 200" in log.content.decode()
        assert event["id"] in log.content.decode()
    finally:
        receiver.stop()


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_receiver_that_was_down_gets_the_event_after_a_retry_once(
    celery_worker, client_for, admin, org, api, job, overseer
):
    port = free_port()
    endpoint = register(client_for, admin, org, f"http://127.0.0.1:{port}/hooks/palantrix")
    (invitation,) = scored_candidates(job, [(60, 80)])
    decide(api, invitation, overseer)

    wait_until(
        lambda: WebhookAttempt.objects.filter(status_code__isnull=True).exists(),
        what="a failed first try",
    )
    failed = WebhookAttempt.objects.get(number=1)
    assert "Connection" in failed.error
    receiver = Receiver(port=port)
    try:
        ((_, body),) = receiver.wait_for(1)
        # Every retry still scheduled has run (and found the delivery done): none came twice.
        celery_worker.wait_idle()
        assert len(receiver.requests) == 1
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert delivery.status == "delivered"
        assert delivery.attempt_count >= 2
        assert json.loads(body)["id"] == str(delivery.event.public_id)

        # An admin redelivers from the log: the same event id arrives again.
        client_for(admin).post(
            reverse(
                "webhook_redeliver", kwargs={"org": org.slug, "delivery_id": delivery.public_id}
            )
        )
        receiver.wait_for(2)
        assert json.loads(receiver.requests[1][1])["id"] == str(delivery.event.public_id)
        assert AuditEvent.objects.filter(action="api.webhook_delivery.redelivered").exists()
    finally:
        receiver.stop()


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_beat_sweep_sends_deliveries_whose_task_was_lost(celery_worker, org, admin):
    receiver = Receiver()
    try:
        endpoint = webhook_endpoint_create(
            organization=org, actor=admin, url=receiver.url, events=["answer.scored"]
        )
        event = WebhookEvent.objects.create(organization=org, type="answer.scored", data={})
        delivery = WebhookDelivery.objects.create(  # as if the enqueue after commit was lost
            organization=org, endpoint=endpoint, event=event, next_attempt_at=timezone.now()
        )
        assert webhooks.webhooks_enqueue_due() == 1
        receiver.wait_for(1)
        wait_until(
            lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == "delivered",
            what="the delivery to be marked delivered",
        )
        assert webhooks.webhooks_enqueue_due() == 0
        celery_worker.wait_idle()
        assert len(receiver.requests) == 1
    finally:
        receiver.stop()


def test_the_sweep_and_the_purge_are_scheduled():
    from palantrix.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"api.enqueue_due_webhooks", "api.purge_records"} <= tasks


@pytest.mark.django_db
def test_the_log_forgets_finished_events_after_thirty_days(org, admin):
    from datetime import timedelta

    webhook_endpoint_create(
        organization=org, actor=admin, url="http://127.0.0.1:9/hook", events=["answer.scored"]
    )
    old_done, old_pending, recent = (
        webhooks.emit(org, "answer.scored", {"answer": f"a-{n}"}) for n in range(3)
    )
    WebhookEvent.objects.filter(pk__in=[old_done.pk, old_pending.pk]).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    WebhookDelivery.objects.filter(event=old_done).update(status="delivered")
    assert webhooks.webhook_events_purge() == 1
    assert webhooks.webhook_events_purge() == 0
    assert set(WebhookEvent.objects.values_list("pk", flat=True)) == {old_pending.pk, recent.pk}


# --- In process ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1:9/hook", "private or internal address"),
        ("https://localhost/hook", "private or internal address"),
        ("https://10.1.2.3/hook", "private or internal address"),
        ("https://169.254.169.254/latest/meta-data/", "private or internal address"),
        ("https://[::1]/hook", "private or internal address"),
        ("https://[::ffff:192.168.1.1]/hook", "private or internal address"),
        ("https://224.0.0.1/hook", "private or internal address"),
        ("https://0.0.0.0/hook", "private or internal address"),
        ("http://93.184.215.14/hook", "Use an https:// URL"),
        ("ftp://example.com/hook", "Use an http:// or https:// URL."),
    ],
)
def test_internal_addresses_are_refused_at_registration(
    url, reason, client_for, admin, org, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    response = client_for(admin).post(
        reverse("webhooks", kwargs={"org": org.slug}), {"url": url, "events": ["answer.scored"]}
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_a_public_https_url_is_accepted(client_for, admin, org, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    endpoint = register(client_for, admin, org, "https://93.184.215.14/hooks/palantrix")
    assert endpoint.events == ["candidate.decided"]
    assert endpoint.secret.startswith("whsec_")
    page = client_for(admin).get(reverse("webhooks", kwargs={"org": org.slug}))
    assert "https://93.184.215.14/hooks/palantrix" in page.content.decode()
    assert AuditEvent.objects.filter(action="api.webhook_endpoint.created").exists()


@pytest.mark.django_db
def test_a_url_is_checked_again_at_delivery_time(org, admin, settings, job, api, overseer):
    receiver = Receiver()
    try:
        endpoint = webhook_endpoint_create(
            organization=org, actor=admin, url=receiver.url, events=["candidate.decided"]
        )
        (invitation,) = scored_candidates(job, [(60, 80)])
        decide(api, invitation, overseer)
        outbox.outbox_relay_pending()  # what the worker does after commit
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False  # e.g. DNS now points inside
        attempt = webhooks.webhook_deliver(delivery_id=delivery.pk)
        assert "https://" in attempt.error
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            url=receiver.url.replace("http://", "https://")
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
        attempt = webhooks.webhook_deliver(delivery_id=delivery.pk)
        assert "private or internal address" in attempt.error
        assert "127.0.0.1" not in attempt.error  # the log does not map internal names
        assert receiver.requests == []
        delivery.refresh_from_db()
        assert delivery.status == "pending"
        assert delivery.next_attempt_at is not None
    finally:
        receiver.stop()


@pytest.mark.django_db
def test_delivering_twice_sends_once_and_a_receiver_that_never_answers_is_given_up(
    org, admin, settings
):
    receiver = Receiver()
    try:
        endpoint = webhook_endpoint_create(
            organization=org, actor=admin, url=receiver.url, events=["candidate.erased"]
        )
        event = webhooks.emit(org, "candidate.erased", {"interview": "x-1"})
        delivery = WebhookDelivery.objects.get(event=event)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk).status_code == 200
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
        assert len(receiver.requests) == 1
    finally:
        receiver.stop()

    settings.WEBHOOK_RETRY_SECONDS = [0]
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=f"http://127.0.0.1:{free_port()}/")
    event = webhooks.emit(org, "candidate.erased", {"interview": "x-2"})
    delivery = WebhookDelivery.objects.get(event=event)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("failed", 2)


@pytest.mark.django_db
def test_a_rolled_secret_signs_beside_the_old_one_for_a_day(client_for, org, admin):
    verify = readme_verify_signature()
    receiver = Receiver()
    try:
        endpoint = register(client_for, admin, org, receiver.url, events=["candidate.erased"])
        old = endpoint.secret
        client_for(admin).post(
            reverse(
                "webhook_secret_roll", kwargs={"org": org.slug, "endpoint_id": endpoint.public_id}
            )
        )
        endpoint.refresh_from_db()
        new = endpoint.secret
        assert new != old

        def deliver(interview):
            event = webhooks.emit(org, "candidate.erased", {"interview": interview})
            webhooks.webhook_deliver(delivery_id=WebhookDelivery.objects.get(event=event).pk)
            headers, body = receiver.requests[-1]
            return headers["Palantrix-Signature"], body

        header, body = deliver("x-1")
        assert header.count("v1=") == 2
        assert verify(new, header, body)
        assert verify(old, header, body)  # a receiver not yet switched loses nothing

        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            previous_secret_until=timezone.now() - timedelta(seconds=1)
        )
        header, body = deliver("x-2")
        assert header.count("v1=") == 1
        assert verify(new, header, body)
        assert not verify(old, header, body)
    finally:
        receiver.stop()
    event = AuditEvent.objects.get(action="api.webhook_endpoint.secret_rolled")
    assert event.data == {"overlap_hours": 24}
    assert old not in str(event.data)


def test_the_default_retry_schedule_lasts_about_a_day():
    hours = sum(webhooks.DEFAULT_RETRY_SECONDS) / 3600
    assert 20 <= hours <= 30
    assert list(webhooks.DEFAULT_RETRY_SECONDS) == sorted(webhooks.DEFAULT_RETRY_SECONDS)


@pytest.mark.django_db
def test_events_are_emitted_where_they_happen_with_ids_only(
    org, admin, interview_job, recruiter, client
):
    webhook_endpoint_create(
        organization=org,
        actor=admin,
        url="http://127.0.0.1:9/hook",
        events=["invitation.opened", "interview.completed", "answer.needs_review"],
    )
    invitation = interview_services.invitation_send(
        job=interview_job, actor=recruiter, name="Ana Lima", email="ana.lima@example.test"
    )
    client.get(reverse("candidate_link", args=[link_token(invitation)]))
    outbox.outbox_relay_pending()  # what the worker does after each commit
    (opened,) = WebhookEvent.objects.filter(type="invitation.opened")
    assert opened.data == {
        "interview": str(invitation.public_id),
        "job": str(interview_job.public_id),
        "url": f"http://testserver/api/v1/interviews/{invitation.public_id}/",
    }
    # The candidate answers everything and finishes; a worker scores one answer and sends
    # another to people.
    from interviews.models import Answer
    from scoring import services as scoring_services

    answers = [
        Answer.objects.create(
            organization=org,
            invitation=invitation,
            question=question,
            kind=question.kind,
            status="uploaded",
        )
        for question in invitation.question_set.questions.all()
    ]
    interview_services.interview.interview_finish(invitation=invitation)
    outbox.outbox_relay_pending()
    (completed,) = WebhookEvent.objects.filter(type="interview.completed")
    assert completed.data["interview"] == str(invitation.public_id)
    assert completed.data["answers"] == 3
    scoring_services.answer_mark_needs_review(
        answer_id=answers[0].pk, code="silent", reason="No speech in the recording."
    )
    outbox.outbox_relay_pending()
    (review,) = WebhookEvent.objects.filter(type="answer.needs_review")
    assert review.data == {
        "interview": str(invitation.public_id),
        "answer": str(answers[0].public_id),
        "reason": "silent",
        "url": f"http://testserver/api/v1/interviews/{invitation.public_id}/",
    }
    for event in WebhookEvent.objects.all():
        assert "Ana" not in json.dumps(event.data)
        assert "ana.lima" not in json.dumps(event.data)
    assert WebhookDelivery.objects.count() == 3

    with pytest.raises(ValueError, match="Unknown webhook event type"):
        webhooks.emit(org, "candidate.hired", {})
    from palantrix.audit import AuditDataError

    with pytest.raises(AuditDataError):
        webhooks.emit(org, "candidate.erased", {"email": "ana.lima@example.test"})


@pytest.mark.django_db
def test_no_endpoint_means_no_event_is_stored(org):
    assert webhooks.emit(org, "answer.scored", {"answer": "a-1"}) is None
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_scored_answer_emits_its_numbers_not_its_evidence(org, admin, job):
    from scoring import scorer
    from scoring import services as scoring_services

    webhook_endpoint_create(
        organization=org, actor=admin, url="http://127.0.0.1:9/hook", events=["answer.scored"]
    )
    (invitation,) = scored_candidates(job, [None])
    answer = invitation.answers.get()
    version = job.profile.versions.get()
    competency = version.competencies.first()
    result = scorer.CompetencyResult(
        key=str(competency.key),
        name=competency.name,
        weight=competency.weight,
        score=72,
        confidence=0.8,
        insufficient=False,
        reason="",
        evidence=(
            scorer.EvidenceItem(
                "I called the customer back.", 0, "I called back.", "strong", 0.9, 0.7
            ),
        ),
        level=4,
        level_anchor="A specific episode with reasons and a clear result.",
    )
    scoring_services._save_scores(answer, answer.transcripts.get(), version, [result])
    outbox.outbox_relay_pending()  # what the worker does after commit

    (event,) = WebhookEvent.objects.filter(type="answer.scored")
    assert event.data["answer"] == str(answer.public_id)
    assert event.data["profile_version"] == 1
    assert event.data["scores"] == [
        {"competency": str(competency.key), "value": 72, "confidence": 0.8, "level": 4}
    ]
    assert "called" not in json.dumps(event.data)
    assert "episode" not in json.dumps(event.data)  # the level's number, not its words


@pytest.mark.django_db
def test_an_admin_switches_events_and_the_endpoint_off(client_for, admin, org):
    endpoint = register(client_for, admin, org, "http://127.0.0.1:9/hook")
    url = reverse("webhook_detail", kwargs={"org": org.slug, "endpoint_id": endpoint.public_id})
    client_for(admin).post(url, {"events": ["answer.scored", "candidate.erased"]})
    endpoint.refresh_from_db()
    assert endpoint.events == ["answer.scored", "candidate.erased"]
    assert endpoint.is_active is False
    assert webhooks.emit(org, "answer.scored", {"answer": "a-1"}) is None
    client_for(admin).post(
        reverse("webhook_delete", kwargs={"org": org.slug, "endpoint_id": endpoint.public_id})
    )
    assert not WebhookEndpoint.objects.exists()
    assert AuditEvent.objects.filter(action="api.webhook_endpoint.deleted").exists()


class TricklingReceiver:
    """A receiver that answers one byte at a time, never finishing within the deadline."""

    def __init__(self, pause: float = 0.2):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.pause = pause
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}/hooks/palantrix"

    def _serve(self):
        self.server.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                answer = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000
                for byte in answer:
                    if self.stopped.is_set():
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    time.sleep(self.pause)

    def stop(self):
        self.stopped.set()
        self.thread.join(5)
        self.server.close()


@pytest.mark.django_db
def test_a_receiver_that_trickles_its_answer_is_cut_off_at_the_deadline(org, admin, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    receiver = TricklingReceiver()
    try:
        webhook_endpoint_create(
            organization=org, actor=admin, url=receiver.url, events=["candidate.erased"]
        )
        event = webhooks.emit(org, "candidate.erased", {"interview": "x-1"})
        delivery = WebhookDelivery.objects.get(event=event)
        started = time.monotonic()
        attempt = webhooks.webhook_deliver(delivery_id=delivery.pk)
        took = time.monotonic() - started
    finally:
        receiver.stop()
    # Cut off (the whole answer would take hours), with room for a busy machine's delays.
    assert took < 2 + seconds(8)
    assert attempt.status_code is None
    assert "within 2 s" in attempt.error
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.claimed_at) == ("pending", 1, None)
    assert delivery.next_attempt_at is not None


@pytest.mark.django_db
def test_a_try_that_outlived_its_claim_does_not_undo_a_later_success(org, admin):
    receiver = Receiver()
    try:
        webhook_endpoint_create(
            organization=org, actor=admin, url=receiver.url, events=["candidate.erased"]
        )
        event = webhooks.emit(org, "candidate.erased", {"interview": "x-1"})
        delivery = WebhookDelivery.objects.get(event=event)
        stale_claim = webhooks._claim(delivery.pk)
        # The first try hangs past its claim; a second worker takes over and succeeds.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            claimed_at=stale_claim - timedelta(seconds=webhooks.CLAIM_SECONDS + 1)
        )
        assert webhooks.webhook_deliver(delivery_id=delivery.pk).status_code == 200
    finally:
        receiver.stop()

    late = webhooks._record_attempt(delivery.pk, stale_claim, None, "TimeoutError", 60000)

    assert late is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("delivered", 1)
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 1


def test_the_delivery_task_ends_before_its_claim_does(settings):
    from api.tasks import deliver_webhook_task

    assert deliver_webhook_task.soft_time_limit > settings.WEBHOOK_TIMEOUT_SECONDS
    assert deliver_webhook_task.soft_time_limit < deliver_webhook_task.time_limit
    assert deliver_webhook_task.time_limit < webhooks.CLAIM_SECONDS


@pytest.mark.django_db
def test_a_url_with_non_ascii_characters_is_delivered_percent_encoded(org, admin):
    receiver = Receiver()
    try:
        endpoint = webhook_endpoint_create(
            organization=org,
            actor=admin,
            url=receiver.url.replace("/palantrix", "/café/ünïcode?team=Zürich&x=a%20b"),
            events=["candidate.erased"],
        )
        event = webhooks.emit(org, "candidate.erased", {"interview": "x-1"})
        delivery = WebhookDelivery.objects.get(event=event)
        attempt = webhooks.webhook_deliver(delivery_id=delivery.pk)
    finally:
        receiver.stop()
    assert (attempt.status_code, attempt.error) == (200, "")
    assert receiver.paths == ["/hooks/caf%C3%A9/%C3%BCn%C3%AFcode?team=Z%C3%BCrich&x=a%20b"]
    assert endpoint.url.endswith("/café/ünïcode?team=Zürich&x=a%20b")  # kept as typed


@pytest.mark.parametrize(
    "address",
    [
        "2002:c0a8:101::1",  # 6to4 around 192.168.1.1
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "fec0::1",  # site-local
        "64:ff9b::a00:1",  # NAT64 to 10.0.0.1
        "64:ff9b::808:808",  # NAT64 (translated by a gateway inside the network)
        "::ffff:10.0.0.1",  # IPv4-mapped private
        "::ffff:169.254.169.254",  # IPv4-mapped metadata address
        "::10.0.0.1",  # IPv4-compatible
    ],
)
def test_ipv6_addresses_that_lead_inside_are_refused(address, settings):
    from api.ssrf import UnsafeUrl, check_url

    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(UnsafeUrl, match="private or internal address"):
        check_url(f"https://[{address}]/hook")


@pytest.mark.parametrize("address", ["2606:4700:4700::1111", "::ffff:93.184.215.14"])
def test_public_ipv6_addresses_are_accepted(address, settings):
    from api.ssrf import check_url

    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    target = check_url(f"https://[{address}]/hook")
    assert ipaddress.ip_address(target.address) == ipaddress.ip_address(address)


@pytest.mark.django_db
def test_redeliver_waits_for_a_try_in_progress_and_marks_its_attempt_manual(client_for, admin, org):
    receiver = Receiver()
    try:
        endpoint = register(client_for, admin, org, receiver.url, events=["candidate.erased"])
        event = webhooks.emit(org, "candidate.erased", {"interview": "x-1"})
        delivery = WebhookDelivery.objects.get(event=event)
        claim = webhooks._claim(delivery.pk)  # a worker is sending it right now
        redeliver = reverse(
            "webhook_redeliver", kwargs={"org": org.slug, "delivery_id": delivery.public_id}
        )

        page = client_for(admin).post(redeliver, follow=True)

        assert "being sent right now" in page.content.decode()
        delivery.refresh_from_db()
        assert delivery.claimed_at == claim  # no second worker may start meanwhile
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
        assert not AuditEvent.objects.filter(action="api.webhook_delivery.redelivered").exists()

        # That try finishes; now the admin's redelivery goes out and is marked as theirs.
        first = webhooks._record_attempt(delivery.pk, claim, 200, "", 5)
        page = client_for(admin).post(redeliver, follow=True)
        assert "Sending the event again now." in page.content.decode()
        again = webhooks.webhook_deliver(delivery_id=delivery.pk)
    finally:
        receiver.stop()
    assert (first.manual, again.manual, again.status_code) == (False, True, 200)
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.manual_requested) == ("delivered", False)
    log = client_for(admin).get(
        reverse("webhook_detail", kwargs={"org": org.slug, "endpoint_id": endpoint.public_id})
    )
    assert "(redelivered by an admin)" in log.content.decode()


@pytest.mark.django_db
def test_a_second_roll_within_the_overlap_is_refused_and_keeps_both_secrets(client_for, org, admin):
    endpoint = register(client_for, admin, org, "http://127.0.0.1:9/hooks")
    roll = reverse(
        "webhook_secret_roll", kwargs={"org": org.slug, "endpoint_id": endpoint.public_id}
    )
    original = endpoint.secret
    client_for(admin).post(roll)
    endpoint.refresh_from_db()
    current, until = endpoint.secret, endpoint.previous_secret_until

    page = client_for(admin).post(roll, follow=True)

    assert "The secret was rolled less than 24 hours ago" in page.content.decode()
    assert f"until {until:%d %b %Y, %H:%M} UTC" in page.content.decode()
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.previous_secret) == (current, original)
    assert endpoint.previous_secret_until == until
    assert AuditEvent.objects.filter(action="api.webhook_endpoint.secret_rolled").count() == 1

    # Once the overlap is over, rolling works again.
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_until=timezone.now() - timedelta(seconds=1)
    )
    page = client_for(admin).post(roll, follow=True)
    assert "New signing secret made" in page.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.previous_secret == current
