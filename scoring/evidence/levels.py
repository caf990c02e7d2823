"""From counted elements to a continuous level 1.0-5.0 (plain Python, no model).

Each element counts once it is shown (counts saturate), so length does not add points; an
answer without an episode with the candidate's own actions cannot pass level 2; for a
situational question the candidate's own plan, its order and a check of the outcome stand
in for the episode. Which of reason / result / reflection weighs most is read from the
competency's upper anchors.
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


def level_from(counts: dict[str, int], weights: dict[str, float], situational: bool):
    """(level, episode, story, depth) from the counts of the answer's kept segments."""
    # An episode: the answer is set in a time and place, told in the past, with specifics.
    episode = clamp(
        0.6 * sat(counts["past"] + counts["own_any"], 6)
        + 0.25 * sat(counts["time"], 1)
        + 0.15 * sat(counts["specifics"], 2)
    )
    own = sat(counts["own_any"] + 0.5 * counts["shared"], OWN_FULL)
    # When others did most of it ("my colleague fixed it"), the story is not the candidate's.
    mine = counts["own_any"] / (counts["others_past"] + 1)
    story = min(episode, own) * clamp(0.5 + mine)
    depth = sum(weights[e] * sat(counts[e], 2) for e in ("reason", "result", "reflection")) / sum(
        weights.values()
    )
    level = 1.0 + 0.5 * episode + 1.5 * story + 2.0 * depth * clamp(story / 0.6)
    # No specific episode with own actions: claims and generalities stop at level 2.
    level = min(level, 2.0 + 3.0 * clamp((story - 0.2) / 0.4))
    if situational:
        plan = sat(counts["own_plan"], 2)
        ordered = sat(counts["steps"], 2)
        checked = sat(counts["check"], 2)
        plan_depth = (
            weights["reason"] * sat(counts["reason"], 2)
            + weights["result"] * checked
            + weights["reflection"] * sat(counts["reflection"] + counts["check"], 3)
        ) / sum(weights.values())
        planned = 1.0 + 1.0 * plan + 1.0 * plan * ordered + 2.0 * plan_depth * plan
        planned = min(planned, 2.0 + 3.0 * clamp((plan - 0.2) / 0.4))
        level = max(level, planned)
        story = max(story, plan)
    return level, episode, story, depth
