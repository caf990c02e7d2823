"""The types of sentence vectors, for annotations only: numpy is imported where it is used.

`Vectors` are the rows an embedder gives (one L2-normalised vector per text), `Embed` the
embedder itself (scoring.embeddings.embed, or a test's)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

Vectors: TypeAlias = "NDArray[np.floating[Any]]"
Embed: TypeAlias = Callable[[list[str]], Vectors]
