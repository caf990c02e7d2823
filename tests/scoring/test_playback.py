"""A browser's recording plays with a duration, a usable scrubber, a poster and captions.

MediaRecorder's WebM states no duration and has no index; the real worker copies it into
a seekable file (and an H.264 + AAC MP4 for browsers without WebM) beside the original,
and the reviewer's player plays those, with the transcript as captions.
"""

import html
import json
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from interviews import services
from palantrix.storage import s3_client
from scoring import services as scoring
from scoring.models import Playback
from scoring.tasks import make_playback_task, process_answer_task
from tests import media
from tests.factories import TranscriptFactory, TranscriptSegmentFactory, uploaded_recording
from tests.waiting import seconds, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("s3_bucket"),
]

SOURCE = re.compile(r'<source src="([^"]+)" type="([^"]+)">')


def answer_of(org, admin, path: Path, name: str, content_type="video/webm"):
    job = services.job_create(organization=org, actor=admin, title="Engineer")
    services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a bug.")
    )
    invitation = services.invitation_send(
        job=job, actor=admin, name="Ana Lima", email=f"{name}@example.test"
    )
    key = f"orgs/{org.public_id}/invitations/{invitation.public_id}/answers/q/{name}{path.suffix}"
    answer = uploaded_recording(invitation, path, key)
    answer.content_type = content_type
    answer.save(update_fields=["content_type"])
    return answer


def timed_transcript(answer):
    transcript = TranscriptFactory(answer=answer, text="I found the bug. Then I fixed it & left.")
    TranscriptSegmentFactory(transcript=transcript, index=0, start=0.0, end=1.5, text="I found")
    TranscriptSegmentFactory(
        transcript=transcript, index=1, start=1.5, end=3.2, text=" Then I <b>fixed</b> it & left."
    )
    return transcript


def fetch(url: str, path: Path) -> Path:
    with urllib.request.urlopen(html.unescape(url), timeout=seconds(30)) as response:
        path.write_bytes(response.read())
    return path


def probed(path: Path) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def codecs(found: dict) -> list[str]:
    return sorted(s["codec_name"] for s in found["streams"])


def has_cues(path: Path) -> bool:
    return b"\x1c\x53\xbb\x6b" in path.read_bytes()  # the Matroska Cues element


def ready(answer):
    def check():
        row = Playback.objects.filter(answer=answer).first()
        return row if row is not None and row.status != Playback.Status.WORKING else None

    return wait_until(check, timeout=300, what="the playback to be made")


def page_of(client, org, answer) -> str:
    url = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": answer.invitation.public_id}
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.worker
def test_a_browser_recording_plays_seekable_with_a_poster_and_captions(
    celery_worker, org, admin, client_for, tmp_path
):
    # Given a recording as MediaRecorder writes it: no duration, no index.
    wav = media.speech_wav(tmp_path / "voice.wav", "I found the bug and fixed it.")
    original = media.recording(tmp_path / "rec.webm", audio=wav, seconds=3, live=True)
    assert "duration" not in probed(original)["format"]
    assert not has_cues(original)
    answer = answer_of(org, admin, original, "seek")
    timed_transcript(answer)

    # When the worker processes it (its transcription held back: not what this is about).
    with celery_worker.holding(settings.CELERY_ML_QUEUE):
        process_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))
        playback = ready(answer)
    celery_worker.wait_not_running()

    # Then the reviewer's player offers the seekable copy first, then an MP4 for browsers
    # without WebM, with a JPEG poster and the transcript as captions.
    assert playback.status == Playback.Status.READY, playback.problem
    page = page_of(client_for(admin), org, answer)
    sources = SOURCE.findall(page)
    assert [html.unescape(t) for _, t in sources] == [
        'video/webm; codecs="vp8, opus"',
        'video/mp4; codecs="avc1.42E01E, mp4a.40.2"',
    ]
    copy = fetch(sources[0][0], tmp_path / "copy.webm")
    found = probed(copy)
    length = 3.0  # the picture's (the voice ends sooner)
    assert abs(float(found["format"]["duration"]) - length) < 0.2
    assert has_cues(copy)
    assert codecs(found) == ["opus", "vp8"]  # the streams as recorded, not re-encoded
    rendition = probed(fetch(sources[1][0], tmp_path / "h264.mp4"))
    assert codecs(rendition) == ["aac", "h264"]
    assert abs(float(rendition["format"]["duration"]) - length) < 0.2
    poster = re.search(r'poster="([^"]+)"', page)
    assert poster is not None
    assert fetch(poster.group(1), tmp_path / "poster.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    captions_url = reverse(
        "answer_captions", kwargs={"org": org.slug, "answer_id": answer.public_id}
    )
    assert f'<track kind="captions" src="{captions_url}"' in page
    captions = client_for(admin).get(captions_url)
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert captions.content.decode() == (
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nI found\n\n"
        "2\n00:00:01.500 --> 00:00:03.200\nThen I &lt;b&gt;fixed&lt;/b&gt; it &amp; left.\n"
    )
    # The original stays as it was uploaded, beside the copies.
    kept = s3_client().head_object(Bucket=settings.S3_BUCKET, Key=answer.object_key)
    assert kept["ContentLength"] == original.stat().st_size

    # And running it again writes nothing.
    before = s3_client().head_object(Bucket=settings.S3_BUCKET, Key=playback.renditions[0]["key"])
    assert make_playback_task.delay(answer_id=answer.pk).get(timeout=seconds(300)) is False
    after = s3_client().head_object(Bucket=settings.S3_BUCKET, Key=playback.renditions[0]["key"])
    assert after["LastModified"] == before["LastModified"]
    assert Playback.objects.get(answer=answer).updated_at == playback.updated_at


@pytest.mark.worker
def test_an_audio_only_answer_plays_without_a_poster_and_with_captions(
    celery_worker, org, admin, client_for, tmp_path
):
    wav = media.speech_wav(tmp_path / "voice.wav", "I found the bug and fixed it.")
    original = media.recording(tmp_path / "rec.weba", audio=wav, video=False, seconds=3, live=True)
    answer = answer_of(org, admin, original, "audio", content_type="audio/webm")
    timed_transcript(answer)

    with celery_worker.holding(settings.CELERY_ML_QUEUE):
        process_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))
        playback = ready(answer)
    celery_worker.wait_not_running()

    assert playback.status == Playback.Status.READY, playback.problem
    assert playback.poster_key == ""
    page = page_of(client_for(admin), org, answer)
    assert "poster=" not in page
    assert 'class="player player-audio"' in page
    sources = SOURCE.findall(page)
    assert [html.unescape(t) for _, t in sources] == [
        'audio/webm; codecs="opus"',
        'audio/mp4; codecs="mp4a.40.2"',
    ]
    copy = probed(fetch(sources[0][0], tmp_path / "copy.webm"))
    assert codecs(copy) == ["opus"]
    assert abs(float(copy["format"]["duration"]) - media.duration(original)) < 0.2
    assert codecs(probed(fetch(sources[1][0], tmp_path / "copy.m4a"))) == ["aac"]
    assert '<track kind="captions"' in page


def test_when_the_copy_cannot_be_made_the_original_plays_and_processing_goes_on(
    org, admin, client_for, tmp_path, settings
):
    wav = media.speech_wav(tmp_path / "voice.wav", "I found the bug.")
    original = media.recording(tmp_path / "rec.webm", audio=wav, seconds=2, live=True)
    answer = answer_of(org, admin, original, "fails")
    assert scoring.answer_check_media(answer_id=answer.pk)
    settings.PLAYBACK_FFMPEG_SECONDS = 0  # ffmpeg is stopped at once: no copy is made

    assert scoring.answer_make_playback(answer_id=answer.pk, task_id="t1") is False

    playback = Playback.objects.get(answer=answer)
    assert playback.status == Playback.Status.FAILED
    assert "ffmpeg ran past" in playback.problem
    answer.refresh_from_db()
    assert answer.status == "uploaded"  # still on its way to transcription and scoring
    assert answer.review_reason == ""
    sources = SOURCE.findall(page_of(client_for(admin), org, answer))
    assert len(sources) == 1
    assert answer.object_key in html.unescape(sources[0][0])
    assert sources[0][1] == "video/webm"
    # A failed playback is not tried again by a repeat.
    settings.PLAYBACK_FFMPEG_SECONDS = 300
    assert scoring.answer_make_playback(answer_id=answer.pk, task_id="t2") is False
