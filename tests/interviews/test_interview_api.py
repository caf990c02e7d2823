"""The candidate's recorder talks to these endpoints; recordings go straight to S3."""

import json
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Answer, AnswerStatus, Consent, InvitationStatus
from interviews.notice import NOTICE_VERSION
from palantrix.models import AuditEvent
from palantrix.storage import s3_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3_bucket")]


def post(client, url, body=None):
    response = client.post(url, json.dumps(body or {}), content_type="application/json")
    return response.status_code, response.json()


def question(invitation, number):
    return invitation.question_set.questions.get(position=number - 1)


def answer_url(name, q):
    return reverse(name, kwargs={"question_id": q.public_id})


def put(url: str, data: bytes) -> str:
    request = urllib.request.Request(url, data=data, method="PUT")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["ETag"].strip('"')


def upload(client, q, data: bytes, *, content_type="video/webm;codecs=vp8,opus"):
    """What the browser does: start, sign each part, PUT it to S3, complete."""
    status, started = post(
        client, answer_url("candidate_upload", q), {"content_type": content_type, "size": len(data)}
    )
    assert status == 200, started
    size = started["part_size"]
    chunks = [data[i : i + size] for i in range(0, len(data), size)] or [b""]
    parts = []
    for number, chunk in enumerate(chunks, start=1):
        _, signed = post(client, answer_url("candidate_parts", q), {"numbers": [number]})
        parts.append({"number": number, "etag": put(signed["urls"][str(number)], chunk)})
    return post(client, answer_url("candidate_complete", q), {"parts": parts, "duration": 4.2})


def test_consent_needs_the_box_ticked_and_records_notice_browser_and_choice(candidate, invitation):
    url = reverse("candidate_notice")
    page = candidate.get(url)
    assert "no analysis of your face, emotions, voice tone" in page.content.decode()
    refused = candidate.post(url, {"assessment": "ai"})
    assert "Tick the box to continue" in refused.content.decode()
    assert not Consent.objects.exists()

    response = candidate.post(
        url, {"assessment": "ai", "agree": "on"}, HTTP_USER_AGENT="Mozilla/5.0 Test"
    )
    assert response["Location"] == reverse("candidate_check")
    consent = Consent.objects.get()
    assert (consent.notice_version, consent.ai_assessment, consent.user_agent) == (
        NOTICE_VERSION,
        True,
        "Mozilla/5.0 Test",
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.STARTED
    assert not invitation.human_review_only
    event = AuditEvent.objects.get(action="interviews.consent.given")
    assert event.data == {"notice_version": NOTICE_VERSION, "ai_assessment": True}
    assert event.actor_type == "candidate"
    assert event.actor_id == str(invitation.public_id)


def test_human_review_only_is_a_real_choice(candidate, invitation):
    candidate.post(reverse("candidate_notice"), {"assessment": "human", "agree": "on"})
    invitation.refresh_from_db()
    assert invitation.human_review_only
    assert AuditEvent.objects.get(action="interviews.consent.given").data["ai_assessment"] is False


def test_questions_wait_for_consent(candidate):
    assert candidate.get(reverse("candidate_questions"))["Location"] == reverse("candidate_notice")
    assert candidate.get(reverse("candidate_check"))["Location"] == reverse("candidate_notice")


def test_a_recording_uploads_in_parts_straight_to_s3_and_completes_once(
    consented, invitation, settings
):
    settings.UPLOAD_PART_BYTES = 64 * 1024
    data = bytes(range(256)) * 700  # 179,200 bytes: three parts
    q = question(invitation, 1)

    status, result = upload(consented, q, data)

    assert (status, result) == (200, {"status": "uploaded", "submitted": True})
    answer = Answer.objects.get(question=q)
    assert answer.object_key.startswith(f"orgs/{invitation.organization.public_id}/")
    stored = s3_client().get_object(Bucket=settings.S3_BUCKET, Key=answer.object_key)
    assert stored["Body"].read() == data
    assert answer.duration_seconds == 4.2
    # A duplicate completion changes nothing and writes no second event.
    again = post(consented, answer_url("candidate_complete", q), {"parts": []})
    assert again == (200, {"status": "uploaded", "submitted": True})
    assert AuditEvent.objects.filter(action="interviews.answer.submitted").count() == 1


def test_an_interrupted_upload_resumes_after_the_parts_s3_already_has(
    consented, invitation, settings
):
    settings.UPLOAD_PART_BYTES = 64 * 1024
    data = b"x" * (150 * 1024)
    q = question(invitation, 1)
    body = {"content_type": "video/webm", "size": len(data)}
    post(consented, answer_url("candidate_upload", q), body)
    _, signed = post(consented, answer_url("candidate_parts", q), {"numbers": [1]})
    etag = put(signed["urls"]["1"], data[: 64 * 1024])
    upload_id = Answer.objects.get(question=q).upload_id

    # The page reloads: the same recording asks again and learns what is there.
    post(consented, answer_url("candidate_upload", q), body)
    assert Answer.objects.get(question=q).upload_id == upload_id
    listed = consented.get(answer_url("candidate_parts", q)).json()["parts"]
    assert listed == [{"number": 1, "etag": etag, "size": 64 * 1024}]


def test_an_incomplete_upload_is_refused_and_leaves_nothing_in_storage(
    consented, invitation, settings
):
    settings.UPLOAD_PART_BYTES = 64 * 1024
    data = b"x" * (100 * 1024)  # two parts; only the first is sent
    q = question(invitation, 1)
    post(
        consented, answer_url("candidate_upload", q), {"content_type": "video/webm", "size": 102400}
    )
    _, signed = post(consented, answer_url("candidate_parts", q), {"numbers": [1]})
    etag = put(signed["urls"]["1"], data[: 64 * 1024])
    key = Answer.objects.get(question=q).object_key

    status, body = post(
        consented, answer_url("candidate_complete", q), {"parts": [{"number": 1, "etag": etag}]}
    )

    assert status == 409
    assert "incomplete" in body["error"]
    answer = Answer.objects.get(question=q)
    assert answer.status == AnswerStatus.UPLOADING
    listed = s3_client().list_objects_v2(Bucket=settings.S3_BUCKET, Prefix=key)
    assert listed.get("KeyCount", 0) == 0
    # The candidate simply uploads again, from the start.
    assert upload(consented, q, data) == (200, {"status": "uploaded", "submitted": True})


def test_storage_refuses_a_part_larger_than_the_candidate_declared(consented, invitation):
    q = question(invitation, 1)
    post(consented, answer_url("candidate_upload", q), {"content_type": "video/webm", "size": 1000})
    _, signed = post(consented, answer_url("candidate_parts", q), {"numbers": [1]})

    for body in (b"v" * (2 * 1024 * 1024), b"v" * 999):
        with pytest.raises(urllib.error.HTTPError) as refused:
            put(signed["urls"]["1"], body)
        assert refused.value.code == 403

    assert put(signed["urls"]["1"], b"v" * 1000)
    status, body = post(consented, answer_url("candidate_parts", q), {"numbers": [2]})
    assert (status, body["error"]) == (409, "Ask for 1 to 100 part numbers from 1 to 1.")


def test_a_recording_larger_than_the_question_allows_is_refused_before_upload(
    consented, invitation, settings
):
    q = question(invitation, 1)
    allowed = (q.answer_seconds + settings.ANSWER_EXTRA_SECONDS) * 1000
    settings.ANSWER_MAX_BYTES_PER_SECOND = 1000

    status, body = post(
        consented,
        answer_url("candidate_upload", q),
        {"content_type": "video/webm", "size": allowed + 1},
    )

    assert status == 409
    assert body["error"] == (
        "The recording is larger than this question allows: record a shorter answer."
    )
    ok, _ = post(
        consented,
        answer_url("candidate_upload", q),
        {"content_type": "video/webm", "size": allowed},
    )
    assert ok == 200


def test_unsupported_types_and_other_questions_are_refused(consented, invitation, make, org):
    q = question(invitation, 1)
    status, body = post(
        consented, answer_url("candidate_upload", q), {"content_type": "image/png", "size": 10}
    )
    assert (status, body["error"]) == (409, "This browser recorded in a format we cannot accept.")

    from interviews import services

    other_job = services.job_create(organization=org, actor=None, title="Other")
    foreign = services.question_add(
        job=other_job, actor=None, question=services.QuestionInput("Not yours?")
    )
    status, body = post(
        consented,
        answer_url("candidate_upload", foreign),
        {"content_type": "video/webm", "size": 10},
    )
    assert (status, body["error"]) == (409, "This question is not part of your interview.")


def test_retakes_are_counted_on_the_server(consented, invitation):
    q = question(invitation, 1)  # one retake allowed
    url = answer_url("candidate_take", q)
    assert post(consented, url) == (200, {"takes_used": 1})
    assert post(consented, url) == (200, {"takes_used": 2})
    status, body = post(consented, url)
    assert status == 409
    assert "No retakes are left" in body["error"]


def test_written_answers_and_finishing(consented, invitation, settings):
    written = question(invitation, 3)
    status, body = post(consented, answer_url("candidate_written", written), {"text": "  "})
    assert (status, body["error"]) == (409, "Write your answer before submitting.")
    assert post(consented, answer_url("candidate_written", written), {"text": "Because."})[0] == 200

    status, body = post(consented, reverse("candidate_finish"))
    assert (status, body["error"]) == (409, "2 question(s) still need an answer before you finish.")
    settings.UPLOAD_PART_BYTES = 1024 * 1024
    for number in (1, 2):
        upload(consented, question(invitation, number), b"v" * 2048)
    assert post(consented, reverse("candidate_finish"))[0] == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert consented.get(reverse("candidate_questions"))["Location"] == reverse("candidate_done")
    assert "your interview is complete" in consented.get(reverse("candidate_done")).content.decode()


def test_without_a_session_the_recorder_is_refused(client, invitation):
    status, body = post(client, reverse("candidate_finish"))
    assert status == 403
    assert "open the link in your email" in body["error"]


def test_a_closed_invitation_stops_the_recorder(consented, invitation):
    invitation.deadline = timezone.now() - timedelta(minutes=1)
    invitation.save()
    status, body = post(consented, answer_url("candidate_take", question(invitation, 1)))
    assert (status, body["error"]) == (410, "The deadline for this interview has passed.")


def test_candidate_calls_are_rate_limited(consented, settings):
    settings.CANDIDATE_REQUESTS_PER_MINUTE = 5
    codes = [consented.get(reverse("candidate_state")).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429, 429]
    response = consented.get(reverse("candidate_state"))
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_wrong_etag_at_completion_is_refused_naming_the_parts(consented, invitation):
    q = question(invitation, 1)
    data = b"x" * 1024
    post(consented, answer_url("candidate_upload", q), {"content_type": "video/webm", "size": 1024})
    _, signed = post(consented, answer_url("candidate_parts", q), {"numbers": [1]})
    put(signed["urls"]["1"], data)

    status, body = post(
        consented,
        answer_url("candidate_complete", q),
        {"parts": [{"number": 1, "etag": "0" * 32}]},
    )

    assert status == 400
    assert body["field"] == "parts"
    assert body["error"].startswith("parts: storage does not hold these parts")
    assert Answer.objects.get(question=q).status == AnswerStatus.UPLOADING


@pytest.mark.parametrize(
    "content_type",
    ["video/webm\r\nX-Amz-Meta-Evil: 1", "video/webm;\ncodecs=vp8", "video/webm;" + "a" * 200],
)
def test_a_content_type_that_is_no_media_type_is_refused_naming_the_field(
    consented, invitation, content_type
):
    q = question(invitation, 1)

    status, body = post(
        consented, answer_url("candidate_upload", q), {"content_type": content_type, "size": 10}
    )

    assert status == 400
    assert body["field"] == "content_type"
    assert body["error"].startswith("content_type:")


def test_think_time_runs_on_the_server_and_a_reload_gets_only_what_is_left(consented, invitation):
    q = question(invitation, 1)
    q.think_seconds = 30
    q.save()
    hidden = consented.get(reverse("candidate_state")).json()["questions"][0]
    assert (hidden["text"], hidden["think_left"]) == ("", 30)  # unread until it starts

    status, shown = post(consented, answer_url("candidate_think", q))
    assert (status, shown) == (200, {"text": q.text, "think_left": 30})
    # 20 s later the page is reloaded: the time goes on from the first start.
    Answer.objects.filter(question=q).update(
        think_started_at=timezone.now() - timedelta(seconds=20)
    )
    again = consented.get(reverse("candidate_state")).json()["questions"][0]
    assert again["text"] == q.text
    assert 9 <= again["think_left"] <= 10
    status, shown = post(consented, answer_url("candidate_think", q))
    assert status == 200
    assert 9 <= shown["think_left"] <= 10
    Answer.objects.filter(question=q).update(think_started_at=timezone.now() - timedelta(minutes=5))
    assert post(consented, answer_url("candidate_think", q))[1]["think_left"] == 0


def test_a_question_without_think_time_is_shown_at_once(consented, invitation):
    first = consented.get(reverse("candidate_state")).json()["questions"][0]
    assert first["text"] == question(invitation, 1).text
    assert first["think_left"] == 0


def test_starting_a_take_shows_the_question_even_without_the_think_call(consented, invitation):
    q = question(invitation, 1)
    q.think_seconds = 30
    q.save()
    assert post(consented, answer_url("candidate_take", q))[0] == 200
    shown = consented.get(reverse("candidate_state")).json()["questions"][0]
    assert shown["text"] == q.text
    assert shown["think_left"] <= 30


def test_another_organisations_question_cannot_start_its_think_time(
    consented, invitation, other_org
):
    from interviews import services

    job = services.job_create(organization=other_org, actor=None, title="Other")
    foreign = services.question_add(
        job=job, actor=None, question=services.QuestionInput("Secret?", think_seconds=30)
    )
    status, body = post(consented, answer_url("candidate_think", foreign))
    assert (status, body["error"]) == (409, "This question is not part of your interview.")
    assert "Secret?" not in json.dumps(body)
