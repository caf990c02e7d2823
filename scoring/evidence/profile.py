"""A competency's own texts (topic, anchored levels, examples) and their vectors, prepared once
per scoring call: what relevance is read against, and what an answer must not echo."""

from typing import TYPE_CHECKING

from . import levels
from .text import ngrams, tokenize
from .vectors import Embed

if TYPE_CHECKING:
    from ..scorer import CompetencySpec


def words(text: str) -> list[str]:
    return [t.word for t in tokenize(text)]


def default_anchors(name: str, description: str) -> tuple[str, ...]:
    """Levels 1-5 for a competency whose profile has none, from its description."""
    what = description.strip().rstrip(".") or name
    return (
        f"No relevant example of {name.lower()}: only claims, or talk about something else.",
        f"A general or vague account; little of the candidate's own action. ({what})",
        f"A specific situation where the candidate acted themselves: {what}.",
        f"A specific situation with the candidate's own actions, the reasons for them and a "
        f"clear result: {what}.",
        f"As level 4, and reflects on it: a lesson or change that lasted, shared with others. "
        f"({what})",
    )


class Profile:
    """A competency's texts and their vectors, prepared once per call."""

    def __init__(self, spec: "CompetencySpec", embed: Embed) -> None:
        self.spec = spec
        self.defaulted = len(spec.anchors) != 5
        self.anchors = (
            tuple(spec.anchors)
            if not self.defaulted
            else default_anchors(spec.name, spec.description)
        )
        self.topic = f"{spec.name}: {spec.description}"
        own_texts = [
            self.topic,
            *self.anchors,
            *spec.strong_examples,
            *spec.weak_examples,
        ]
        self.echo_texts = own_texts
        self.trigrams: set[tuple[str, ...]] = set()
        for text in own_texts:
            self.trigrams |= ngrams(words(text))
        vectors = embed(own_texts)
        self.topic_vector = vectors[0]
        self.anchor_vectors = vectors[1:6]
        # what the competency is about: its description and its upper anchors
        self.about_vectors = vectors[[0, 3, 4, 5]]
        self.echo_vectors = vectors
        self.emphasis = levels.emphasis(self.anchors, spec.description)
