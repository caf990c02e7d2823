"""No face, emotion, voice-tone or speaker analysis, ever (EU AI Act Art. 5(1)(f),
Maryland HB 1202): such a package in the dependencies or the environment fails the build."""

import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DENYLIST = {
    # faces
    "deepface", "face-recognition", "facenet-pytorch", "insightface", "mtcnn", "retina-face",
    "retinaface", "dlib", "mediapipe", "face-alignment", "openface",
    # emotions and expressions
    "fer", "hsemotion", "py-feat", "emotion-recognition", "deepemotion",
    # voice tone, prosody and speakers
    "speechbrain", "pyannote-audio", "pyannote.audio", "resemblyzer", "opensmile",
    "praat-parselmouth", "parselmouth", "pyaudioanalysis", "wav2vec2-emotion",
}  # fmt: skip


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return {normalise(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def test_no_biometric_analysis_package_is_declared():
    assert declared() & {normalise(n) for n in DENYLIST} == set()


def test_no_biometric_analysis_package_is_installed():
    installed = {normalise(d.metadata["Name"]) for d in distributions() if d.metadata["Name"]}
    assert installed & {normalise(n) for n in DENYLIST} == set()


def test_the_denylist_catches_what_it_names():
    assert normalise("Face_Recognition") in {normalise(n) for n in DENYLIST}
