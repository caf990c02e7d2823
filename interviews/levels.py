"""Anchored levels 1-5 of a competency: what an answer at each level contains.

Reviewers and the scorer judge an answer against the same five descriptions. They describe
the evidence an answer gives (a specific episode, the candidate's own actions and reasons,
a result, reflection), never its length, fluency or vocabulary. Every competency of the
starter library has its own defaults; any other competency gets the generic set, which a
recruiter can rewrite in the profile editor.
"""

import re

LEVELS = 5
MAX_LEVEL_CHARS = 500

GENERIC: tuple[str, ...] = (
    "No relevant example: only general claims or opinions with no episode, someone else "
    "acted rather than the candidate, or the answer is about something else.",
    "A situation is mentioned but stays general: it is unclear what the candidate did "
    "themselves, or why.",
    "A real episode with the candidate's own actions, but the reasons for those actions "
    "or the result stay vague.",
    "A specific episode: the candidate's own actions with the reasons for them, and a clear "
    "result.",
    "A specific episode: the candidate's own actions with the reasons for them, a "
    "measurable result, and a reflection on what they learned and what changed afterwards.",
)

# Keyed by the library's competency themes (interviews.library.THEMES).
LIBRARY: dict[str, tuple[str, ...]] = {
    "Communication": (
        "No example of explaining or informing someone: general claims such as “I am a good "
        "communicator”, someone else did the talking, or the answer is about something else.",
        "Mentions a conversation or message but not what the candidate said or how they "
        "adapted it to the listener.",
        "A real episode in which the candidate explained or informed someone themselves, but "
        "why they chose that approach, or whether it was understood, stays vague.",
        "A specific episode: how the candidate adapted the message to the listener and why, "
        "and how they checked it was understood, with a clear outcome.",
        "A specific episode: the message adapted to the listener with reasons, understanding "
        "checked, a measurable result (a decision made, an error avoided, a complaint closed), "
        "and what the candidate now does differently.",
    ),
    "Problem solving": (
        "No example of a problem the candidate worked on: claims such as “I love solving "
        "problems”, someone else found the cause, or the answer is about something else.",
        "Names a problem but not how the candidate worked out what was going on.",
        "A real problem the candidate worked on themselves, but how they found the cause, or "
        "which options they weighed, stays vague.",
        "A specific problem: how the candidate found the cause, the options they weighed and "
        "why they chose one, and a clear result.",
        "A specific problem: the cause found step by step, options weighed with reasons, a "
        "measurable result, and what the candidate changed so it does not happen again.",
    ),
    "Teamwork": (
        "No example of working with others: claims such as “I am a team player”, the team "
        "acted without the candidate's part being clear, or the answer is about something else.",
        "Mentions working in a team but not what the candidate did for it.",
        "A real episode with the candidate's own contribution to the team, but why they acted "
        "so, or how it turned out, stays vague.",
        "A specific episode: what the candidate did with or for colleagues and why (sharing "
        "work, resolving a disagreement, helping someone succeed), with a clear result.",
        "A specific episode: the candidate's own part with reasons, a result for the team "
        "that can be checked, and what they learned about working with others.",
    ),
    "Customer focus": (
        "No example with a customer: claims such as “the customer is always first”, someone "
        "else handled it, or the answer is about something else.",
        "Mentions a customer situation but not what the candidate did for the customer.",
        "A real customer episode with the candidate's own actions, but why they acted so, or "
        "what it meant for the customer, stays vague.",
        "A specific customer episode: what the candidate did to understand and meet the "
        "customer's need and why, with a clear outcome for the customer.",
        "A specific customer episode: actions and reasons, a measurable outcome for the "
        "customer, and how the candidate's way of working changed because of it.",
    ),
    "Ownership": (
        "No example of taking responsibility: claims such as “I always take ownership”, "
        "someone else acted, blame placed on others, or the answer is about something else.",
        "Mentions a responsibility but not what the candidate did about it.",
        "A real episode in which the candidate took something on themselves, but why, or how "
        "it ended, stays vague.",
        "A specific episode: the candidate took responsibility beyond what was asked, with "
        "their reasons and a clear result, including owning a mistake if there was one.",
        "A specific episode: responsibility taken with reasons, a measurable result, and what "
        "the candidate changed afterwards so the team or process is better.",
    ),
    "Adaptability": (
        "No example of a change: claims such as “I adapt easily”, someone else handled the "
        "change, or the answer is about something else.",
        "Mentions a change but not how the candidate responded to it.",
        "A real change the candidate responded to themselves, but why they chose that "
        "response, or how it turned out, stays vague.",
        "A specific change: how the candidate re-planned or learned what was needed and why, "
        "what they dropped, and a clear result.",
        "A specific change: the response with reasons, a measurable result, and what the "
        "candidate learned about handling change that they use now.",
    ),
    "Leadership": (
        "No example of leading: claims such as “I am a natural leader”, a manager or someone "
        "else led, or the answer is about something else.",
        "Mentions leading a group but not what the candidate did to lead.",
        "A real episode in which the candidate led others, but how they brought people along, "
        "or the result, stays vague.",
        "A specific episode: how the candidate set direction, won people over or gave "
        "feedback, with reasons, and a clear result.",
        "A specific episode: leadership actions with reasons, a measurable result for the "
        "group, and a reflection on what the candidate would do differently.",
    ),
    "Technical depth": (
        "No technical example: lists of technologies or claims of expertise, someone else "
        "built it, or the answer is about something else.",
        "Mentions a piece of technical work but not the candidate's own part in it.",
        "A real piece of technical work by the candidate, but the trade-offs, reasons or "
        "outcome stay vague.",
        "A specific piece of technical work: what the candidate built or diagnosed, the "
        "trade-offs they made and why, and a clear result.",
        "A specific piece of technical work: own decisions with trade-offs and reasons, a "
        "measurable result, and what the candidate learned or changed afterwards.",
    ),
}

# Competency names a team commonly uses for a library theme.
SYNONYMS = {
    "teamwork": "Teamwork",
    "collaboration": "Teamwork",
    "collaborative": "Teamwork",
    "team": "Teamwork",
    "customer": "Customer focus",
    "client": "Customer focus",
    "service": "Customer focus",
    "ownership": "Ownership",
    "responsibility": "Ownership",
    "accountability": "Ownership",
    "adaptability": "Adaptability",
    "learning": "Adaptability",
    "change": "Adaptability",
    "flexibility": "Adaptability",
    "problem": "Problem solving",
    "analytical": "Problem solving",
    "technical": "Technical depth",
    "engineering": "Technical depth",
    "communication": "Communication",
    "communicating": "Communication",
    "leadership": "Leadership",
    "leading": "Leadership",
}
WORD = re.compile(r"[a-z]+")


def library_theme(name: str) -> str | None:
    """The library theme a competency name belongs to, if any."""
    found = WORD.findall(name.lower())
    for theme in LIBRARY:
        if theme.lower() == " ".join(found):
            return theme
    return next((SYNONYMS[word] for word in found if word in SYNONYMS), None)


def default_anchors(name: str) -> tuple[str, ...]:
    """The suggested levels for a competency: its library theme's, else the generic set."""
    theme = library_theme(name)
    return LIBRARY[theme] if theme else GENERIC


def problems(name: str, anchors: list[str]) -> dict[int, str]:
    """Per level (1-5), what is wrong with the given levels; {} when they can be saved."""
    found: dict[int, str] = {}
    for level in range(1, LEVELS + 1):
        text = anchors[level - 1].strip() if level <= len(anchors) else ""
        if not text:
            found[level] = (
                f"Level {level} of {name} is empty: describe what an answer at level {level} "
                "contains, or clear all five levels to use the suggested ones."
            )
        elif len(text) > MAX_LEVEL_CHARS:
            found[level] = (
                f"Level {level} of {name} is {len(text)} characters long; keep it to "
                f"{MAX_LEVEL_CHARS}."
            )
    if len(anchors) > LEVELS:
        found[LEVELS] = f"{name} has {len(anchors)} levels; a competency has exactly five."
    return found
