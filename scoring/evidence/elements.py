"""Which elements of evidence a run of words shows (plain Python, no model, no ORM).

The scorer judges evidence, not vocabulary: whether an answer tells a specific episode,
the candidate's own actions in it, the reasons for them, a result and what changed after
(for a "what would you do" question: an ordered plan with reasons and a check of the
outcome). This module counts the cues of those elements in lower-case words.
"""

import re

from . import lexicon as lx
from .lexicon import FILLERS, FUNCTION_WORDS

ELEMENTS = ("episode", "own_action", "reason", "result", "reflection", "plan")


# Third-person subjects: a bare verb after one ("he accept it") is not native present
# ("he accepts"), so in an answer it is a past told in second-language grammar.
_THIRD_PERSON = frozenset(["he", "she", "it", "they"])
# Dropped before matching cues in their grammar-blind form: second-language speakers and
# quick speech often leave articles out ("I had customer", "call finished").
_ARTICLES = frozenset(["a", "an", "the"])


def lemma(word: str) -> str:
    """A crude base form, so "accepted" and "accept" (or "learned" and "learn")
    read as one verb whatever the grammar around it."""
    word = lx.IRREGULAR_BASE.get(word, word)
    # "-s" is kept: "it works" is a native present, not a past told without its ending.
    for suffix, repl in (("ied", "y"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopped" -> "stopp" -> "stop"
    return word


def _plain(words: list[str]) -> list[str]:
    """Words without articles, each as its lemma: cues matched in this form do not depend
    on tense agreement or articles."""
    return [lemma(w) for w in words if w not in _ARTICLES]


_PLAIN_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _plain_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Each phrase in its plain form; a phrase that reduces to one word keeps no plain form
    (a lone "work" would match every present tense), so it is matched as written only."""
    found = _PLAIN_PHRASES.get(phrases)
    if found is None:
        seen: set[str] = set()
        forms = []
        for phrase in phrases:
            plain = _plain(phrase.split())
            form = " ".join(plain) if len(plain) >= 2 else ""
            # "i had a" and "i had an" are one cue in plain form: counted once.
            forms.append("" if form in seen else form)
            seen.add(form)
        found = tuple(forms)
        _PLAIN_PHRASES[phrases] = found
    return found


def _found_plain(plain_words: str, form: str, needs_noun: bool) -> bool:
    """The plain form occurs; one whose phrase ended in an article ("i had a") must be
    followed by a content word ("i had customer"), not by anything ("i had to")."""
    if not needs_noun:
        return f" {form} " in plain_words
    start = plain_words.find(f" {form} ")
    while start >= 0:
        following = plain_words[start + len(form) + 2 :].split(" ", 1)[0]
        if following and following not in FUNCTION_WORDS:
            return True
        start = plain_words.find(f" {form} ", start + 1)
    return False


def _phrase_count(words: list[str], phrases: tuple[str, ...]) -> int:
    """How many of the phrases occur in the words (each phrase counted once), as written or
    in plain form (no articles, verbs as lemmas); a one-word verb cue ("accepted") also
    counts in the bare form a second-language speaker gives it after "he/she/they"."""
    joined = " " + " ".join(words) + " "
    plain = " " + " ".join(_plain(words)) + " "
    bare = {
        lemma(w)
        for prev, w in zip(["", *words], words, strict=False)
        if prev in _THIRD_PERSON and not w.endswith("s")
    }
    return sum(
        1
        for phrase, plain_phrase in zip(phrases, _plain_phrases(phrases), strict=True)
        if f" {phrase} " in joined
        or (plain_phrase and _found_plain(plain, plain_phrase, phrase.split()[-1] in _ARTICLES))
        or (" " not in phrase and phrase.endswith("ed") and lemma(phrase) in bare)
    )


def _is_past(word: str) -> bool:
    if word in lx.IRREGULAR_PAST:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in lx.NOT_PAST


def _subject_verbs(words: list[str]) -> list[tuple[str, str, bool]]:
    """(subject, verb, habitual) for each "I/we/they…" followed by a verb."""
    found = []
    for position, word in enumerate(words):
        if word in {"i", "i've", "i'd", "i'll", "i'm", "we", "we've"} or word in lx.OTHERS:
            subject = "i" if word.startswith("i") else ("we" if word.startswith("we") else "other")
            habitual = False
            step = position + 1
            if word in {"i've", "we've"}:
                pass
            elif word == "i'd" or word == "i'll":
                subject = "i_would"
            elif word == "i'm":
                nxt = words[step] if step < len(words) else ""
                if nxt == "going":
                    subject = "i_would"
                    step += 2
                else:
                    continue
            while step < len(words) and (words[step] in lx.BETWEEN or words[step] in lx.HABITUAL):
                habitual = habitual or words[step] in lx.HABITUAL
                step += 1
            if step >= len(words):
                continue
            verb = words[step]
            if verb in lx.MODAL:
                if subject == "i" and verb in {"would", "will", "'d", "'ll"}:
                    subject = "i_would"
                    step += 1
                    while step < len(words) and words[step] in lx.BETWEEN:
                        step += 1
                    verb = words[step] if step < len(words) else ""
                else:
                    continue
            if subject == "i_would" and verb in lx.HEDGES:
                step += 1
                verb = words[step] if step < len(words) else ""
                found.append(("i_maybe", verb, habitual))
                continue
            if verb in lx.AUXILIARY_PAST and step + 1 < len(words):
                nxt = words[step + 1]
                if nxt in lx.NEGATIONS:
                    continue
                verb = nxt if _is_past(nxt) or nxt not in FUNCTION_WORDS else verb
            found.append((subject, verb, habitual))
            carried = _carried(words, step + 1, subject, habitual)
            found.extend(carried)
    return found


# Words that join a second action to the first one's subject ("I checked the logs and
# rolled back"): the second verb is the same person's.
_JOINERS = frozenset(["and", "then", "but", "also"])
# How far (in words) a subject carries over joined verbs.
_CARRY_WORDS = 14


def _carried(
    words: list[str], start: int, subject: str, habitual: bool
) -> list[tuple[str, str, bool]]:
    """The later verbs of one subject: "I checked the logs and rolled back" gives "rolled"
    to "I" too. A verb carries only right after a joiner, never past a new subject."""
    found: list[tuple[str, str, bool]] = []
    position = start
    end = min(len(words), start + _CARRY_WORDS)
    while position < end:
        word = words[position]
        if word in _SUBJECTS or word in {"they", "it", "this", "that", "which", "who"}:
            break
        if word in _JOINERS:
            step = position + 1
            while step < len(words) and (words[step] in _JOINERS or words[step] in lx.BETWEEN):
                step += 1
            verb = words[step] if step < len(words) else ""
            if subject == "i_would":
                ok = bool(verb) and verb not in FUNCTION_WORDS and verb not in lx.MODAL
            else:
                ok = _is_past(verb) and verb not in lx.AUXILIARY_PAST
            if ok and verb not in lx.CLAIM_VERBS and verb not in lx.STATE_VERBS:
                found.append((subject, verb, habitual))
                end = min(len(words), step + 1 + _CARRY_WORDS)
            position = step
            continue
        position += 1
    return found


_SUBJECTS = frozenset(["i", "i've", "i'd", "i'll", "i'm", "we", "we've", "you", "he", "she"])


def count_elements(words: list[str]) -> dict[str, int]:
    """Raw counts of each kind of cue in a run of lower-case words."""
    counts = dict.fromkeys(
        (
            "own_past",
            "own_any",
            "own_plan",
            "others_past",
            "others_any",
            "shared",
            "past",
            "time",
            "specifics",
            "reason",
            "result",
            "reflection",
            "steps",
            "check",
            "claims",
            "habitual",
            "hedged",
            "negated",
            "content",
            "function",
        ),
        0,
    )
    for subject, verb, habitual in _subject_verbs(words):
        if not verb or (verb in FUNCTION_WORDS and verb not in {"did", "had", "was"}):
            if verb in lx.NEGATIONS:
                counts["negated"] += subject == "i"
            continue
        if verb in lx.NEGATIONS:
            counts["negated"] += subject == "i"
            continue
        if habitual:
            counts["habitual"] += 1
            continue
        if subject == "i_would":
            counts["own_plan"] += verb not in lx.CLAIM_VERBS and verb not in lx.STATE_VERBS
            continue
        if subject == "i_maybe":
            counts["hedged"] += 1
            continue
        if verb in lx.CLAIM_VERBS or verb in lx.STATE_VERBS:
            continue
        past = _is_past(verb)
        if subject == "i":
            counts["own_any"] += 1
            counts["own_past"] += past
        elif subject == "we":
            counts["shared"] += 1  # "we" did it: shared, not the candidate's own
        else:
            counts["others_past"] += past
            counts["others_any"] += 1  # someone else acts, in any tense
    counts["past"] = sum(
        1
        for position, w in enumerate(words)
        if _is_past(w) and (position == 0 or words[position - 1] not in lx.ADJECTIVAL)
    )
    counts["time"] = _phrase_count(words, lx.TIME_MARKERS) + sum(
        1 for w in words if w in lx.MONTHS_DAYS or re.fullmatch(r"(19|20)\d\d", w)
    )
    counts["specifics"] = sum(
        1
        for position, w in enumerate(words)
        if (w.isdigit() or w in lx.NUMBER_WORDS)
        or (w in lx.UNITS and position and words[position - 1] in lx.QUANTIFIERS)
    )
    counts["reason"] = _phrase_count(words, lx.REASON)
    counts["result"] = _phrase_count(words, lx.RESULT)
    counts["reflection"] = _phrase_count(words, lx.REFLECTION)
    counts["steps"] = _phrase_count(words, lx.PLAN_STEPS)
    counts["check"] = _phrase_count(words, lx.CHECK)
    counts["claims"] = _phrase_count(words, lx.CLAIMS)
    counts["content"] = sum(1 for w in words if w not in FUNCTION_WORDS and w not in FILLERS)
    counts["function"] = sum(1 for w in words if w in FUNCTION_WORDS)
    return counts


def speech_share(words: list[str]) -> float:
    """Share of function words: ordinary speech sits near 0.4-0.5, a keyword list near 0."""
    spoken = [w for w in words if w not in FILLERS]
    if not spoken:
        return 0.0
    return sum(1 for w in spoken if w in FUNCTION_WORDS) / len(spoken)


# "-ed" after these is an adjective or a passive, not a past action ("I am focused").


def is_general_claim(words: list[str], counts: dict[str, int]) -> bool:
    """A segment that says what the candidate does in general, not what they did once:
    no past-tense verb, and a claim ("I always…", "I am very…") or an indefinite condition
    ("when something goes wrong…")."""
    if counts["own_past"]:
        return False
    if counts["claims"] or counts["habitual"]:
        return True
    if counts["past"]:
        return False
    for position, word in enumerate(words):
        if word in {"when", "if", "whenever"} and set(words[position + 1 : position + 3]) & (
            lx.INDEFINITE
        ):
            return True
    return False


def element_of(counts: dict[str, int], situational: bool) -> str:
    """The element a segment shows best (for labelling a quote), or ""."""
    if counts["reflection"]:
        return "reflection"
    if situational and (counts["own_plan"] or (counts["steps"] and counts["check"])):
        return "plan"
    if counts["result"] and (counts["own_any"] or counts["others_past"] or counts["past"]):
        return "result"
    if counts["reason"] and counts["own_any"]:
        return "reason"
    if counts["own_any"]:
        return "own_action"
    if counts["time"] or (counts["specifics"] and counts["past"]):
        return "episode"
    return ""
