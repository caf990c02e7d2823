"""Rank correlation, its bootstrap interval and the raters' agreement (numpy only)."""

from collections import defaultdict

import numpy as np

BOOTSTRAP = 2000
SEED = 20240615


def average_ranks(values) -> np.ndarray:
    """Ranks from 1, ties sharing the mean of the ranks they span."""
    array = np.asarray(values, dtype=float)
    order = np.argsort(array, kind="mergesort")
    ranks = np.empty(len(array))
    start = 0
    while start < len(array):
        end = start
        while end + 1 < len(array) and array[order[end + 1]] == array[order[start]]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs, ys) -> float | None:
    """Spearman's rho (Pearson on average ranks); None when undefined (n < 3 or a constant)."""
    if len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def partial_spearman(xs, ys, zs) -> float | None:
    """Spearman's rho of xs and ys with zs (word count) partialled out."""
    rxy, rxz, ryz = spearman(xs, ys), spearman(xs, zs), spearman(ys, zs)
    if None in (rxy, rxz, ryz) or abs(rxz) >= 1 or abs(ryz) >= 1:
        return None
    return float((rxy - rxz * ryz) / np.sqrt((1 - rxz**2) * (1 - ryz**2)))


def bootstrap_interval(rows, seed: int = SEED) -> tuple[float, float] | None:
    """95 % interval of rho, resampling answers (an answer's pairs move together)."""
    by_answer: dict[str, list] = defaultdict(list)
    for row in rows:
        by_answer[row.answer].append(row)
    keys = sorted(by_answer)
    if len(keys) < 5:
        return None
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(BOOTSTRAP):
        picked = [r for k in rng.choice(keys, size=len(keys)) for r in by_answer[k]]
        rho = spearman([r.score for r in picked], [r.rating for r in picked])
        if rho is not None:
            values.append(rho)
    if not values:
        return None
    low, high = np.percentile(values, [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)


def krippendorff_interval(units: list[list[float]]) -> float | None:
    """Krippendorff's alpha for interval data; units are the ratings of one rated pair."""
    units = [[float(v) for v in u if v is not None] for u in units]
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    if n < 2:
        return None
    observed = sum(sum((a - b) ** 2 for a in u for b in u) / (len(u) - 1) for u in units) / n
    expected = sum((a - b) ** 2 for a in values for b in values) / (n * (n - 1))
    if expected == 0:
        return None
    return round(1 - observed / expected, 3)
