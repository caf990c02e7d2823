"""In Chromium with a fake camera and a microphone that speaks: a candidate opens the
emailed link, consents, checks the devices, practises, records three answers (one upload
loses the network half way, one recording survives a page reload) and finishes."""

import re
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from interviews import services
from interviews.models import Answer, AnswerKind, InvitationStatus
from palantrix.models import AuditEvent
from palantrix.storage import bucket_ensure, s3_client
from tests import media
from tests.conftest import BROWSER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, csp_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def speaking_browser(playwright_session, tmp_path_factory):
    wav = media.speech_wav(tmp_path_factory.mktemp("voice") / "voice.wav")
    browser = playwright_session.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def candidate_page(speaking_browser, request):
    context = speaking_browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()


def emailed_link(mail_sink, address: str, live_server) -> str:
    (message,) = mail_sink.wait_for(address)
    body = message.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"http://testserver(/i/\S+/)", body).group(1)
    return f"{live_server.url}{path}"


def open_interview(org, admin, questions, email):
    job = services.job_create(organization=org, actor=admin, title="Support engineer")
    for text, kind in questions:
        services.question_add(
            job=job,
            actor=admin,
            question=services.QuestionInput(text, answer_seconds=30, think_seconds=0, kind=kind),
        )
    services.job_set_status(job=job, actor=admin, status="open")
    return services.invitation_send(job=job, actor=admin, name="Ana Lima", email=email)


def record(page, seconds: float = 4.0) -> float:
    """Record for at least `seconds`; returns how long the recorder can have been running."""
    started = time.monotonic()
    page.get_by_role("button", name="Record", exact=True).click()
    page.get_by_text("● Recording").wait_for()
    page.wait_for_timeout(int(seconds * 1000))
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_role("button", name="Submit this answer").wait_for()
    return time.monotonic() - started


def parts_sent(urls: list[str]) -> Counter:
    """How often each part of each multipart upload was sent: {(upload id, part): count}."""
    sent = Counter()
    for url in urls:
        query = parse_qs(urlsplit(url).query)
        if "partNumber" in query:
            sent[query["uploadId"][0], int(query["partNumber"][0])] += 1
    return sent


def saved(page, number: int) -> None:
    page.get_by_text(f"Question {number}: saved ✓").wait_for()


def test_candidate_records_three_answers_through_a_dropped_connection_and_a_reload(
    live_server, celery_worker, mail_sink, candidate_page, org, admin, settings, tmp_path
):
    # Several parts per answer, even from a recorder that a busy machine starves of frames.
    settings.UPLOAD_PART_BYTES = 32 * 1024
    bucket_ensure(settings.S3_BUCKET, extra_origins=[live_server.url])
    invitation = open_interview(
        org,
        admin,
        [(f"Question number {n}?", AnswerKind.VIDEO) for n in (1, 2, 3)],
        "ana.lima@example.test",
    )
    page = candidate_page
    blocked = csp_violations(page)
    storage_requests = []
    storage = urlsplit(settings.S3_ENDPOINT_URL).netloc  # where presigned uploads go
    page.on("request", lambda r: storage_requests.append(r.url) if f"{storage}/" in r.url else None)

    # The emailed link lands on a page whose address no longer holds the token.
    page.goto(emailed_link(mail_sink, "ana.lima@example.test", live_server))
    assert page.url == f"{live_server.url}/interview/"
    page.get_by_role("link", name="Start").click()

    # Notice and consent.
    page.get_by_role("heading", name="Before you start: how your answers are used").wait_for()
    page.get_by_label("I have read this notice").check()
    page.get_by_role("button", name="Agree and continue").click()

    # Device check and a practice recording that never leaves the browser.
    page.get_by_role("button", name="Allow camera and microphone").click()
    page.locator("#check-recorder[data-state=ok]").wait_for()
    page.get_by_role("button", name="Record practice").click()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop", exact=True).click()
    page.locator("#practice-playback:not([hidden])").wait_for()
    screenshot(page, "candidate-device-check")
    assert storage_requests == []
    page.get_by_role("link", name="Continue to the questions").click()

    # Question 1: record, play back, submit.
    page.get_by_text("Question 1 of 3").wait_for()
    longest = record(page)
    page.get_by_role("button", name="Submit this answer").click()
    saved(page, 1)

    # Question 2: the network drops after the first part; the upload resumes by itself.
    cut = {"done": False}

    def drop_second_part(route):
        if not cut["done"] and "partNumber=2" in route.request.url:
            cut["done"] = True
            page.context.set_offline(True)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    to_storage = re.compile(rf".*{re.escape(storage)}/.*")
    page.route(to_storage, drop_second_part)
    longest = max(longest, record(page))
    page.get_by_role("button", name="Submit this answer").click()
    page.get_by_text("Connection lost").wait_for()
    screenshot(page, "candidate-upload-offline")
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    saved(page, 2)
    page.unroute(to_storage)

    # Question 3: recorded, then the page reloads before submitting: nothing is lost, and
    # nothing is sent without asking — the kept take is offered for review first.
    longest = max(longest, record(page))
    page.reload()
    page.get_by_text("We kept this recording on your device").wait_for()
    assert not Answer.objects.get(invitation=invitation, question__position=2).is_submitted
    page.get_by_role("button", name="Submit this answer").click()
    saved(page, 3)
    page.get_by_role("button", name="Finish the interview").click()
    page.get_by_role("heading", name="Thank you, your interview is complete").wait_for()
    screenshot(page, "candidate-done")

    # Every answer is one upload in S3 that ffprobe reads as speech of the right length
    # (beside it, only the worker's playable copies and poster of that same recording).
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    client = s3_client()
    for answer in Answer.objects.filter(invitation=invitation).order_by("question__position"):
        assert answer.status != "uploading"
        prefix = answer.object_key.rsplit("/", 1)[0] + "/"
        listing = client.list_objects_v2(Bucket=settings.S3_BUCKET, Prefix=prefix)
        stem = answer.object_key.rsplit(".", 1)[0]
        uploads_kept = [
            o["Key"]
            for o in listing["Contents"]
            if not o["Key"].startswith((f"{stem}.playback", f"{stem}.poster"))
        ]
        assert uploads_kept == [answer.object_key]
        path = tmp_path / Path(answer.object_key).name
        client.download_file(settings.S3_BUCKET, answer.object_key, str(path))
        assert media.audio_streams(path) == 1
        # Four seconds at least; at most as long as the recorder ran, however slowly.
        assert 3.0 <= media.duration(path) <= longest + 1.0, answer.object_key
        volume = subprocess.run(
            ["ffmpeg", "-nostdin", "-i", str(path), "-af", "volumedetect", "-f", "null", "-"],
            capture_output=True,
            text=True,
            check=False,
        ).stderr
        assert float(re.search(r"max_volume: (-?[\d.]+) dB", volume).group(1)) > -40
    # The part lost to the dropped connection was sent again; none was sent twice otherwise.
    sent = parts_sent(storage_requests)
    assert len({upload for upload, _ in sent}) == 3  # one multipart upload per answer
    assert sorted(sent.values()) == [1] * (len(sent) - 1) + [2]
    assert [part for (_, part), count in sent.items() if count == 2] == [2]
    uploads = client.list_multipart_uploads(Bucket=settings.S3_BUCKET, Prefix=prefix)
    assert not uploads.get("Uploads")
    consent = AuditEvent.objects.get(action="interviews.consent.given")
    assert consent.data["ai_assessment"] is True
    # The whole flow (recording, playback, uploads to S3) ran under the page's policy.
    assert blocked == []


def test_a_candidate_can_choose_human_review_only_and_answer_in_writing(
    live_server, celery_worker, mail_sink, candidate_page, org, admin
):
    invitation = open_interview(
        org, admin, [("Why this team?", AnswerKind.WRITTEN)], "bo.chen@example.test"
    )
    page = candidate_page
    page.goto(emailed_link(mail_sink, "bo.chen@example.test", live_server))
    page.get_by_role("link", name="Start").click()
    page.get_by_label("Human review only").check()
    page.get_by_label("I have read this notice").check()
    page.get_by_role("button", name="Agree and continue").click()
    # Nothing to record: no device check.
    page.get_by_label("Your answer", exact=True).fill("Because I like hard problems.")
    page.get_by_text("29 / 5000 characters").wait_for()
    page.get_by_role("button", name="Submit this answer").click()
    page.get_by_role("button", name="Finish the interview").click()
    page.get_by_role("heading", name="Thank you, your interview is complete").wait_for()

    invitation.refresh_from_db()
    assert invitation.human_review_only
    assert invitation.answers.get().text == "Because I like hard problems."
    consent = AuditEvent.objects.get(action="interviews.consent.given")
    assert consent.data["ai_assessment"] is False


def test_an_expired_link_shows_a_clear_page(
    live_server, celery_worker, mail_sink, candidate_page, org, admin
):
    invitation = open_interview(org, admin, [("Why?", AnswerKind.VIDEO)], "late@example.test")
    link = emailed_link(mail_sink, "late@example.test", live_server)
    services.invitations_expire(now=invitation.deadline)
    candidate_page.goto(link)
    assert candidate_page.get_by_text("The deadline for this interview has passed.").is_visible()
    screenshot(candidate_page, "candidate-expired-link")


def test_think_time_goes_on_through_a_reload(
    live_server, celery_worker, mail_sink, candidate_page, org, admin
):
    text = "What would you check first when a release fails?"
    invitation = open_interview(org, admin, [(text, AnswerKind.VIDEO)], "cy.diaz@example.test")
    invitation.question_set.questions.update(think_seconds=120)
    page = candidate_page
    page.goto(emailed_link(mail_sink, "cy.diaz@example.test", live_server))
    page.get_by_role("link", name="Start").click()
    page.get_by_label("I have read this notice").check()
    page.get_by_role("button", name="Agree and continue").click()
    page.goto(f"{live_server.url}/interview/questions/")

    countdown = page.locator("#think:not([hidden]) #think-seconds")
    expect(countdown).to_have_text(re.compile(r"^\d+$"), timeout=BROWSER_TIMEOUT_MS)
    page.get_by_text(text).wait_for()
    assert int(countdown.text_content()) > 60
    # A minute passes (on the server's clock), then the candidate reloads.
    answer = Answer.objects.get(invitation=invitation)
    Answer.objects.filter(pk=answer.pk).update(
        think_started_at=answer.think_started_at - timedelta(seconds=60)
    )
    page.reload()
    # The countdown shows once the server said what is left (the text may show before).
    countdown = page.locator("#think:not([hidden]) #think-seconds")
    expect(countdown).to_have_text(re.compile(r"^\d+$"), timeout=BROWSER_TIMEOUT_MS)
    assert 0 < int(countdown.text_content()) <= 60  # not 120 again
    page.get_by_role("button", name="Start recording now").click()
    page.get_by_text("● Recording").wait_for()
