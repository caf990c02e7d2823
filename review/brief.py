"""The live interview brief: what the people meeting an advanced candidate should know.

Reads only this candidate's answers, scores, evidence, overrides, ratings and decisions,
and the job's Team DNA Profile; nothing from the voluntary self-identification (no
demographic data) and nothing about other candidates. Follow-up questions come from
templates filled with the profile's own words, aimed at the competencies with the weakest
score or the least evidence: deterministic, no model runs here.
"""

from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from interviews.models import Competency, Invitation
from scoring import ranking, scorer
from scoring.models import Rating, ScoreOverride

from . import selectors

STRONGEST_EVIDENCE = 3
FOLLOW_UP_COMPETENCIES = 3
FOLLOW_UPS_EACH = 2
# A competency at or above this score, with evidence, needs no probing.
WELL_EVIDENCED = 70


@dataclass
class CompetencyBrief:
    key: str
    name: str
    description: str = ""
    weight: int = 1
    ai: int | None = None
    human: int | None = None
    confidence: float = 0.0
    overrides: list[Any] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)
    evidence_count: int = 0
    rating: float | None = None
    strong_examples: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    # The anchored level the AI matched (the median over the answers that scored it).
    level: int | None = None
    level_anchor: str = ""

    @property
    def value(self) -> int | None:
        """What counts: a reviewer's override over the AI's score."""
        return self.human if self.human is not None else self.ai


@dataclass
class Brief:
    invitation: Invitation
    overall: int | None
    confidence: float
    human_overall: int | None
    decision: Any
    competencies: list[CompetencyBrief]
    answers: list[dict]
    notes: list[Any]
    rating_average: float | None

    @property
    def follow_up_competencies(self) -> list[CompetencyBrief]:
        return [c for c in self.competencies if c.follow_ups]


def _first_sentence(text: str) -> str:
    sentence = scorer.SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip().rstrip(".!?")
    return sentence[:1].lower() + sentence[1:] if sentence else ""


def follow_up_questions(competency: CompetencyBrief) -> list[str]:
    """Questions for the live interviewers, from the competency's description and examples."""
    name = competency.name.lower()
    questions = []
    if competency.evidence_count == 0:
        questions.append(
            f"The recorded answers said little about {name}. Tell us about a recent situation "
            "from your own work where it mattered: what did you do, and what happened?"
        )
    elif competency.evidence:
        questions.append(
            f"You said: “{competency.evidence[0].sentence}” What exactly was your part, and "
            "what would you do differently next time?"
        )
    description = _first_sentence(competency.description)
    if description:
        questions.append(
            f"For us, {name} means: {description}. Walk us through an example of that, "
            "step by step."
        )
    if competency.strong_examples:
        questions.append(
            f"Our team recognises strong {name} in stories like “{competency.strong_examples[0]}” "
            "Describe a time you did something comparable."
        )
    return questions[:FOLLOW_UPS_EACH]


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 1) if values else None


def candidate_brief(*, invitation: Invitation) -> Brief:
    organization = invitation.organization
    answers = list(selectors.candidate_answers(invitation=invitation))
    scores = [score for answer in answers for score in answer.active_scores]
    overrides = list(
        ScoreOverride.objects.for_organization(organization)
        .filter(score__in=scores)
        .select_related("overridden_by", "score")
        .order_by("created_at")
    )
    ratings = list(
        Rating.objects.for_organization(organization)
        .filter(answer__in=answers)
        .select_related("reviewer", "answer__question")
    )
    profile = invitation.job.profile
    defined = (
        list(
            Competency.objects.for_organization(organization)
            .filter(version__profile=profile, version__number=profile.current_version)
            .order_by("position")
        )
        if profile
        else []
    )
    briefs: dict[str, CompetencyBrief] = {
        str(c.key): CompetencyBrief(
            key=str(c.key),
            name=c.name,
            description=c.description,
            weight=c.weight,
            strong_examples=list(c.strong_examples),
        )
        for c in defined
    }
    for score in scores:
        key = str(score.competency_key)
        briefs.setdefault(key, CompetencyBrief(key=key, name=score.competency_name))
    for key, brief in briefs.items():
        own = [s for s in scores if str(s.competency_key) == key]
        figures = ranking.competency_standings(own).get(key)
        brief.ai = figures.ai_shown if figures else None
        brief.confidence = round(mean(s.confidence for s in own), 2) if own else 0.0
        if figures and any(s.overridden_value is not None for s in own):
            brief.human = figures.value_shown
        brief.overrides = [o for o in overrides if o.score in own]
        leveled = sorted((s.level, s.level_anchor) for s in own if s.level)
        if leveled:
            brief.level, brief.level_anchor = leveled[(len(leveled) - 1) // 2]
        items = [item for s in own for item in s.evidence.all() if item.example_kind != "weak"]
        brief.evidence_count = len(items)
        brief.evidence = sorted(items, key=lambda item: -item.support)[:STRONGEST_EVIDENCE]
        # A question naming no competency is scored against them all (as the scorer does).
        brief.rating = _mean(
            [
                r.value
                for r in ratings
                if not r.answer.question.competency_keys
                or key in map(str, r.answer.question.competency_keys)
            ]
        )
    # Weakest first: no evidence, then the lowest score that counts.
    weakest = sorted(
        briefs.values(),
        key=lambda b: (b.evidence_count > 0, b.value if b.value is not None else -1),
    )
    to_probe = [
        b for b in weakest if b.evidence_count == 0 or b.value is None or b.value < WELL_EVIDENCED
    ] or weakest[:1]
    for brief in to_probe[:FOLLOW_UP_COMPETENCIES]:
        brief.follow_ups = follow_up_questions(brief)

    # The brief is for advanced candidates: their first review is done, nothing is hidden.
    shown = ranking.shown_to(ranking.standing(scores), hidden=False)
    decisions = list(selectors.decisions_of(invitation=invitation))
    return Brief(
        invitation=invitation,
        overall=shown.ai,
        confidence=shown.confidence or 0.0,
        human_overall=shown.value if shown.override_changed else None,
        decision=decisions[0] if decisions else None,
        competencies=list(briefs.values()),
        answers=[
            {
                "answer": answer,
                "transcript": answer.current_transcripts[0] if answer.current_transcripts else None,
            }
            for answer in answers
        ],
        notes=[r for r in ratings if r.comment],
        rating_average=_mean([r.value for r in ratings]),
    )
