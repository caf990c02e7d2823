"""Noise is not a language: what the worker decides about recordings nobody spoke English in.

Real media through the real pipeline pieces: ffmpeg encodes the recording as MediaRecorder
would, the media check extracts its sound, Whisper base (int8, language detected as in the
worker) transcribes it, and the not-scorable gates decide what reviewers are told.
"""

import subprocess

import pytest
from django.conf import settings

from scoring import media, transcription
from scoring.services import _unscorable_speech
from tests import media as fixtures

GERMAN = (
    "Als unser Kassensystem an einem Freitagabend ausfiel, sammelte ich die Protokolle, "
    "fand heraus, dass ein Zwischenspeicher abgelaufen war, und erklärte dem Kunden die "
    "Lösung in einfachen Worten."
)


@pytest.fixture(scope="module")
def transcriber():
    from django.core.management import call_command

    call_command("provision_models", verbosity=0)
    assert settings.MODELS_DIR
    return transcription.get_transcriber("faster-whisper")


def decided(transcriber, sound, tmp_path):
    """What reviewers are told about a WebM whose sound track is `sound`."""
    recording = fixtures.recording(
        tmp_path / "answer.webm", audio=sound, seconds=fixtures.duration(sound)
    )
    facts = media.inspect(recording, tmp_path)
    transcript = transcriber.transcribe(facts.wav_path, expected_language="en")
    return transcript, _unscorable_speech(transcript, expected_language="en")


def test_pink_noise_goes_to_people_as_noise_not_as_another_language(transcriber, tmp_path):
    noise = tmp_path / "pink.wav"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i"),
            "anoisesrc=color=pink:duration=5:amplitude=0.1:seed=7",
            *("-ac", "1", "-ar", "48000", str(noise)),
        ],
        check=True,
        timeout=60,
    )

    transcript, (code, reason) = decided(transcriber, noise, tmp_path)

    assert transcript.language != "en"  # Whisper still names a language for noise
    assert code in {"no_speech", "unclear_speech"}
    assert "noise" in reason
    assert "another language" not in reason
    assert "person should listen" in reason


def test_a_german_speaker_is_still_reported_as_another_language(transcriber, tmp_path):
    voice = tmp_path / "german.wav"
    subprocess.run(["espeak-ng", "-v", "de", "-s", "150", "-w", str(voice), GERMAN], check=True)

    transcript, (code, reason) = decided(transcriber, voice, tmp_path)

    assert transcript.language == "de"
    assert code == "other_language"
    assert "another language (de)" in reason
