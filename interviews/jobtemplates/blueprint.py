"""A job template as plain data: what a job made from it starts with.

The library's templates (`catalogue`) and an organisation's saved templates (`models`) are
both blueprints: a title and description, a Team DNA Profile's competencies (weighted, with
examples and anchored levels 1-5) and a structured question set whose questions name the
competencies they are meant to reveal. A blueprint is copied into a new job; nothing links
the job back to it, so changing a template later never changes a job made from it.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from interviews import levels


@dataclass(frozen=True)
class BlueprintCompetency:
    name: str
    description: str
    weight: int
    strong_examples: tuple[str, ...]
    weak_examples: tuple[str, ...] = ()
    # Levels 1..5; empty takes the suggested levels of the competency's name.
    anchors: tuple[str, ...] = ()

    @property
    def levels(self) -> tuple[str, ...]:
        return self.anchors or levels.default_anchors(self.name)


@dataclass(frozen=True)
class BlueprintQuestion:
    text: str
    question_type: str = "behavioural"  # or "situational"
    competencies: tuple[str, ...] = ()  # names of the blueprint's competencies
    answer_seconds: int = 120
    think_seconds: int = 30
    retakes: int = 1


@dataclass(frozen=True)
class Blueprint:
    title: str
    summary: str
    description: str = ""
    language: str = "en"
    competencies: tuple[BlueprintCompetency, ...] = ()
    questions: tuple[BlueprintQuestion, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Blueprint":
        return cls(
            title=data["title"],
            summary=data.get("summary", ""),
            description=data.get("description", ""),
            language=data.get("language", "en"),
            competencies=tuple(
                BlueprintCompetency(
                    name=c["name"],
                    description=c["description"],
                    weight=int(c["weight"]),
                    strong_examples=tuple(c.get("strong_examples", ())),
                    weak_examples=tuple(c.get("weak_examples", ())),
                    anchors=tuple(c.get("anchors", ())),
                )
                for c in data.get("competencies", ())
            ),
            questions=tuple(
                BlueprintQuestion(
                    text=q["text"],
                    question_type=q.get("question_type", "behavioural"),
                    competencies=tuple(q.get("competencies", ())),
                    answer_seconds=int(q.get("answer_seconds", 120)),
                    think_seconds=int(q.get("think_seconds", 30)),
                    retakes=int(q.get("retakes", 1)),
                )
                for q in data.get("questions", ())
            ),
        )


def anchored(subject: str, own_actions: str, result: str) -> tuple[str, ...]:
    """Levels 1-5 for a role's own competency, in the shape of the library's levels: they
    describe the evidence an answer gives (an episode, the candidate's own actions and
    reasons, a result, reflection), never its length or polish."""
    return (
        f"No example of {subject}: general claims or opinions, someone else acted rather "
        "than the candidate, or the answer is about something else.",
        f"Mentions a situation involving {subject}, but it stays general: it is unclear what "
        "the candidate did themselves, or why.",
        f"A real episode in which the candidate {own_actions}, but the reasons for their "
        "actions or the result stay vague.",
        f"A specific episode: the candidate {own_actions}, with the reasons for what they "
        f"did and a clear result ({result}).",
        f"A specific episode: the candidate {own_actions} with reasons, a measurable result "
        f"({result}), and a reflection on what they learned and do differently since.",
    )
