"""From counted elements to a continuous level 1.0-5.0 (plain Python, no model).

Each element counts once it is shown (counts saturate), so length does not add points; an
answer without an episode with the candidate's own actions cannot pass level 2; for a
situational question the candidate's own plan, its order and a check of the outcome stand
in for the episode. Which of reason / result / reflection weighs most is read from the
competency's upper anchors. Since method 3.3 the tense does not matter: a story told in the
present ("then I ask him, he say yes"), as second-language speakers often tell it, is told
all the same, and "first I check the logs" answers "what would you do" as a plan.

`level_from(..., meaning=...)` reads the same level with the candidate's own action, the
result, the reflection and the plan taken from meaning (scoring/evidence/reading.py) instead
of from words: the scorer compares the two readings and sends an answer on which they
disagree by far to a person.
"""

OWN_FULL = 3


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def sat(count: float, full: float) -> float:
    """0 at none, 1 at `full` or more: an element counts once it is shown."""
    return clamp(count / full)


# Stems in an anchor that say which element a competency's higher levels ask for.
EMPHASIS = {
    "reason": ("reason", "why", "cause", "evidence", "hypothes", "option", "alternativ", "weigh"),
    "result": ("result", "outcome", "verif", "measur", "solved", "deliver", "concrete"),
    "reflection": ("learn", "lesson", "reflect", "change", "prevent", "recurren", "again", "shar"),
}


def emphasis(anchors: tuple[str, ...], description: str) -> dict[str, float]:
    text = " ".join((*anchors[2:], description)).lower()
    return {
        element: 1.0 + sum(1 for stem in stems if stem in text) / 2
        for element, stems in EMPHASIS.items()
    }


def _read(lexical: float, meaning: dict[str, float] | None, label: str) -> float:
    return lexical if meaning is None else meaning[label]


def level_from(
    counts: dict[str, int],
    weights: dict[str, float],
    situational: bool,
    meaning: dict[str, float] | None = None,
) -> tuple[float, float, float, float]:
    """(level, episode, story, depth) from the counts of the answer's kept segments, or,
    with `meaning`, from its reading by meaning where one exists."""
    # An episode: the answer is set in a time and place, told with actions (in any tense:
    # the past, or the present of a second-language telling), with specifics.
    told = counts["past"] + counts["own_any"] + counts["others_any"] + counts["shared"]
    episode = clamp(
        0.6 * sat(told, 6) + 0.25 * sat(counts["time"], 1) + 0.15 * sat(counts["specifics"], 2)
    )
    own = _read(sat(counts["own_any"] + 0.5 * counts["shared"], OWN_FULL), meaning, "own")
    # When others did most of it ("my colleague fixed it"), the story is not the candidate's.
    mine = counts["own_any"] / (counts["others_past"] + 1)
    story = min(episode, own) * clamp(0.5 + mine)
    # A reason stays lexical: read from meaning it did not follow the ratings (dev half).
    strength = {
        "reason": sat(counts["reason"], 2),
        "result": _read(sat(counts["result"], 2), meaning, "result"),
        "reflection": _read(sat(counts["reflection"], 2), meaning, "reflection"),
    }
    depth = sum(weights[e] * strength[e] for e in strength) / sum(weights.values())
    level = 1.0 + 0.5 * episode + 1.5 * story + 2.0 * depth * clamp(story / 0.6)
    # No specific episode with own actions: claims and generalities stop at level 2.
    level = min(level, 2.0 + 3.0 * clamp((story - 0.2) / 0.4))
    if situational:
        # "I would check" or, in the present, "first I check": both answer with a plan.
        planned_own = counts["own_plan"] + counts["own_any"] - counts["own_past"]
        plan = _read(sat(planned_own, 2), meaning, "plan")
        ordered = sat(counts["steps"], 2)
        checked = sat(counts["check"], 2)
        plan_depth = (
            weights["reason"] * sat(counts["reason"], 2)
            + weights["result"] * checked
            + weights["reflection"]
            * _read(sat(counts["reflection"] + counts["check"], 3), meaning, "reflection")
        ) / sum(weights.values())
        planned = 1.0 + 1.0 * plan + 1.0 * plan * ordered + 2.0 * plan_depth * plan
        planned = min(planned, 2.0 + 3.0 * clamp((plan - 0.2) / 0.4))
        level = max(level, planned)
        story = max(story, plan)
    return level, episode, story, depth
