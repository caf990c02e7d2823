"""Rated sets in the documented format of benchmarks/eval/ (see its README), normalised."""

import hashlib
import json
from pathlib import Path

from scoring import scorer


def _anchors(value) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, dict):
        return tuple(str(value[str(level)]) for level in range(1, 6))
    return tuple(str(text) for text in value)


def _rating(value) -> float:
    return float(value["rating"] if isinstance(value, dict) else value)


def _first_set_profiles(data: dict, path: Path, digest) -> list[dict]:
    """The first set's format: one profile file, its rubrics read as anchors."""
    profile = data["profile"]
    if isinstance(profile, str):
        profile_path = path.parent / profile
        digest.update(profile_path.read_bytes())
        profile = json.loads(profile_path.read_text())
    rubrics = data.get("rubrics") or {}
    if isinstance(rubrics, str):
        rubrics_path = path.parent / rubrics
        digest.update(rubrics_path.read_bytes())
        rubrics = json.loads(rubrics_path.read_text())
    competencies = []
    for competency in profile["competencies"]:
        rubric = rubrics.get(competency["key"])
        competencies.append({**competency, "anchors": competency.get("anchors") or rubric or {}})
    return [{**profile, "key": profile.get("key", "profile"), "competencies": competencies}]


def load_set(path: Path) -> dict:
    """Any rated set, normalised: profiles by key, questions, answers with float ratings."""
    path = Path(path)
    if path.is_dir():
        candidates = [path / "set.json", path / "eval_set.json"]
        found = next((c for c in candidates if c.exists()), None)
        if found is None:
            raise SystemExit(f"No set.json or eval_set.json in {path}")
        path = found
    raw_bytes = path.read_bytes()
    data = json.loads(raw_bytes)
    digest = hashlib.sha256(raw_bytes)
    profiles = data.get("profiles") or _first_set_profiles(data, path, digest)
    default_profile = profiles[0]["key"]
    questions = [
        {
            **q,
            "profile": q.get("profile", default_profile),
            "type": q.get("type", "behavioural"),
            "split": q.get("split"),
        }
        for q in data["questions"]
    ]
    answers = [
        {
            **a,
            "kind": a.get("kind"),
            "variant_of": a.get("variant_of"),
            "variant": a.get("variant"),
            "ratings": {key: _rating(value) for key, value in a["ratings"].items()},
        }
        for a in data["answers"]
    ]
    return {
        "name": data.get("name", path.parent.name if path.name != "dev.json" else path.stem),
        "version": data.get("version", "?"),
        "path": str(path),
        "sha256": digest.hexdigest()[:16],
        "profiles": {p["key"]: p for p in profiles},
        "questions": questions,
        "answers": answers,
    }


def select_split(data: dict, split: str) -> dict:
    if split == "all":
        return data
    questions = [q for q in data["questions"] if q["split"] == split]
    if not any(q["split"] for q in data["questions"]):
        print(f"note: this set has no split; --split {split} evaluates all of it")
        return data
    ids = {q["id"] for q in questions}
    return {
        **data,
        "questions": questions,
        "answers": [a for a in data["answers"] if a["question"] in ids],
    }


def renderings(data: dict, path: Path) -> list[dict]:
    """A file of re-renderings of the set's answers (`{"answers": [{"id", "variant_of",
    "variant", "text"}]}`), each taking its question and ratings from the answer it
    renders; only those whose original is in `data` (the selected split) are kept."""
    originals = {a["id"]: a for a in data["answers"]}
    found = []
    for answer in json.loads(Path(path).read_text())["answers"]:
        original = originals.get(answer["variant_of"])
        if original is None:
            continue
        found.append(
            {
                **answer,
                "question": original["question"],
                "kind": answer.get("variant") or "variant",
                "ratings": original["ratings"],
            }
        )
    return found


def competency_specs(profile: dict) -> dict[str, scorer.CompetencySpec]:
    return {
        c["key"]: scorer.CompetencySpec(
            key=c["key"],
            name=c["name"],
            description=c["description"],
            weight=c.get("weight", 1),
            strong_examples=tuple(c.get("strong_examples", ())),
            weak_examples=tuple(c.get("weak_examples", ())),
            anchors=_anchors(c.get("anchors")),
        )
        for c in profile["competencies"]
    }
