"""The word lists the element reader uses, loaded once from lexicon.json.

Lists are data, not code: lexicon.json holds them (one list per line) so that a change to a
list is a reviewable diff of words. Any change to a list changes what the scorer finds, so it
bumps scoring.scorer.METHOD_VERSION.
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("lexicon.json")).read_text(encoding="utf-8"))


def _words(key: str) -> frozenset[str]:
    return frozenset(_DATA[key])


def _phrases(key: str) -> tuple[str, ...]:
    return tuple(_DATA["phrases"][key])


FUNCTION_WORDS = _words("function_words")
FILLERS = _words("fillers")
# Words that may sit between "I" and the verb that says what I did.
BETWEEN = _words("between")
AUXILIARY_PAST = _words("auxiliary_past")
MODAL = _words("modal")
# Verbs after "I" that state a view or a habit, not an action.
CLAIM_VERBS = _words("claim_verbs")
NEGATIONS = _words("negations")
STATE_VERBS = _words("state_verbs")
# Subjects that are someone else than the candidate.
OTHERS = _words("others")
IRREGULAR_PAST = _words("irregular_past")
# Irregular forms and their base, so "told" and "tell" (or "went" and "go") read as one verb.
IRREGULAR_BASE: dict[str, str] = dict(_DATA["irregular_base"])
# Words ending in "-ed" that are not past tenses.
NOT_PAST = _words("not_past")
MONTHS_DAYS = _words("months_days")
NUMBER_WORDS = _words("number_words")
QUANTIFIERS = NUMBER_WORDS | {"a", "an", "one", "few", "several", "couple"}
UNITS = _words("units")
HABITUAL = _words("habitual")
# Between "I would" and the verb, these make a plan a guess ("I'd probably check").
HEDGES = _words("hedges")
# "-ed" after these is an adjective or a passive, not a past action ("I am focused").
ADJECTIVAL = _words("adjectival")
INDEFINITE = _words("indefinite")
# Contractions as speech recognition may write them, without the apostrophe.
BARE_CONTRACTIONS: dict[str, str] = dict(_DATA["bare_contractions"])
# Where a run of words with no punctuation may be cut into quotable pieces.
SEGMENT_MARKERS = _words("segment_markers")

TIME_MARKERS = _phrases("time")
REASON = _phrases("reason")
RESULT = _phrases("result")
REFLECTION = _phrases("reflection")
PLAN_STEPS = _phrases("steps")
PLAN_OWN = _phrases("plan_own")
CHECK = _phrases("check")
CLAIMS = _phrases("claims")
