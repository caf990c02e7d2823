"""What each segment of an answer is doing, read from its meaning (all-MiniLM-L6-v2).

Lexical cues miss evidence told in other words, and count words of setting ("our system is
old and slow") as if they were the story. Each segment is compared with short, generic
descriptions of what a part of an answer can do — the candidate's own action, a result, a
reflection, a reason, a plan, hedging, someone else acting, the setting, a general claim —
and takes the label of the nearest. The descriptions are plain general English, written
once for every profile and question; they are never taken from a rated set.
"""

from .text import Segment
from .vectors import Vectors

PROTOTYPES: dict[str, tuple[str, ...]] = {
    "own": (
        "I did it myself.",
        "I fixed it personally.",
        "I called them and explained what had happened.",
        "I took charge and sorted it out.",
        "I went and checked it myself, then I changed it.",
    ),
    "result": (
        "In the end it was solved.",
        "It worked and the problem went away.",
        "The numbers improved a lot.",
        "They were happy with the outcome.",
        "It has not happened again since.",
    ),
    "reflection": (
        "I learned an important lesson from it.",
        "Since then I do it differently.",
        "Looking back, I would do it differently next time.",
        "It changed how I work.",
    ),
    "reason": (
        "I did that because it was the safest option.",
        "The reason I chose this was the risk.",
        "I wanted to make sure it would not get worse.",
    ),
    "plan": (
        "First I would check what happened, then I would fix it.",
        "I would call them back and explain the next steps.",
        "My first step would be to find out the facts.",
    ),
    "vague": (
        "It depends on the situation.",
        "I guess I would probably try something.",
        "Maybe I would mention it to someone.",
        "I'm not sure what I would do.",
    ),
    "others": (
        "My manager dealt with it.",
        "The senior team fixed it and I watched.",
        "Someone else handled it.",
    ),
    "setting": (
        "Our company has a large system with many parts.",
        "My job involves a lot of different tasks every day.",
        "We have processes and tools for this.",
        "I work in a team of about ten people.",
        "The organisation was going through a lot of change at the time.",
        "There are rules and guidelines we have to follow.",
    ),
    "claim": (
        "I always put people first.",
        "I am a very hard-working person.",
        "It is important to stay calm.",
    ),
}
LABELS = tuple(PROTOTYPES)
TEXTS = tuple(text for texts in PROTOTYPES.values() for text in texts)
OWNER = tuple(label for label, texts in PROTOTYPES.items() for _ in texts)


def labels(segment_vectors: Vectors, prototype_vectors: Vectors) -> list[str]:
    """The label of the nearest description, for each segment."""
    if not len(segment_vectors):
        return []
    sims = segment_vectors @ prototype_vectors.T
    return [OWNER[int(row.argmax())] for row in sims]


# Labels that count as an element where the segment's words show no cue for it (measured
# on the development half): results and reflections told in other words; and the
# candidate's own action where a past story names no subject at all ("then checked the logs
# and found it", as second-language speakers and quick speech often say it) and nobody else
# acts in it. "Plan" and "reason" by meaning added noise: they stay lexical.
COUNTED = ("result", "reflection")


def add_counts(counts: dict[str, int], label: str, segment_counts: dict[str, int]) -> None:
    """Add what a segment shows by meaning to the answer's counts, where its words did not."""
    if label in COUNTED and not segment_counts[label]:
        counts[label] += 1
    elif (
        label == "own"
        and segment_counts["past"]
        and not (
            segment_counts["own_any"] or segment_counts["others_past"] or segment_counts["shared"]
        )
    ):
        counts["own_any"] += 1


def share(segments: list[Segment], segment_labels: list[str], label: str) -> float:
    """Share of the answer's words in segments with this label."""
    total = sum(len(s.words) for s in segments)
    if not total:
        return 0.0
    return (
        sum(
            len(s.words)
            for s, found in zip(segments, segment_labels, strict=True)
            if found == label
        )
        / total
    )
