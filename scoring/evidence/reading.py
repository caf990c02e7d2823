"""What an answer shows, read from meaning over several segmentations (all-MiniLM-L6-v2).

A lexical cue is there or not: a paraphrase or a second-language telling that says the same
in other words loses it. Here the candidate's own action, a result, a reflection and a plan
each get a strength from 0 to 1 read from sentence vectors: each piece of the answer is
compared with the short, generic descriptions of `semantic.PROTOTYPES`; a label's
similarity above the piece's mean over all labels says how far the piece shows it, and the
two pieces that show it best give the answer's strength. The pieces are read three ways and
averaged (the segments cut at punctuation, and windows of 12 and of 20 words with no
punctuation at all), so neither where punctuation falls nor one segmentation's accident
decides what is found. The scorer compares this reading with the one by words
(`levels.level_from(..., meaning=...)`) and sends answers on which they disagree by far to
a person. Measured on the development half and not used to set the level (3.3): blending
these strengths into the level's (at 0.3-0.5 of each element) lowered rho there (0.70-0.73
against 0.73) and moved the developer's paraphrases almost as much.
"""

from . import semantic
from .lexicon import FILLERS
from .text import Segment
from .vectors import Vectors

# Window sizes (words) and strides of the segmentations read besides the segments.
WINDOWS = ((12, 6), (20, 10))
# A label's similarity above the mean over labels, on its best two pieces: from
# RELATIVE_LOW (strength 0) to RELATIVE_HIGH (1); the 5th and 90th percentiles on dev.
RELATIVE_LOW, RELATIVE_HIGH = 0.0, 0.15


def pieces(segments: list[Segment], kept: list[int]) -> list[list[str]]:
    """The three segmentations of the kept words (fillers out), as lists of word runs."""
    runs = [[w for w in segments[i].words if w not in FILLERS] for i in kept]
    readings = [[" ".join(r) for r in runs if r]]
    spoken = [w for r in runs for w in r]
    for size, stride in WINDOWS:
        starts = range(0, max(1, len(spoken) - size + stride), stride)
        readings.append([" ".join(spoken[j : j + size]) for j in starts] if spoken else [])
    return readings


def strengths(readings_vectors: list[Vectors], prototype_vectors: Vectors) -> dict[str, float]:
    """Each label's strength in the answer (0-1), averaged over the segmentations."""
    import numpy as np

    owners = np.array([semantic.LABELS.index(o) for o in semantic.OWNER])
    found: dict[str, list[float]] = {label: [] for label in semantic.LABELS}
    for vectors in readings_vectors:
        if not len(vectors):
            continue
        sims = vectors @ prototype_vectors.T
        per_label = np.stack(
            [sims[:, owners == k].max(axis=1) for k in range(len(semantic.LABELS))], axis=1
        )
        relative = per_label - per_label.mean(axis=1, keepdims=True)
        for k, label in enumerate(semantic.LABELS):
            best = float(np.sort(relative[:, k])[-2:].mean())
            found[label].append(
                max(0.0, min(1.0, (best - RELATIVE_LOW) / (RELATIVE_HIGH - RELATIVE_LOW)))
            )
    return {label: (sum(v) / len(v) if v else 0.0) for label, v in found.items()}
