"""What an answer shows, read from its words (plain Python, no model, no ORM).

The scorer judges evidence, not vocabulary: whether an answer tells a specific episode,
the candidate's own actions in it, the reasons for them, a result and what changed after
(for a "what would you do" question: an ordered plan with reasons and a check of the
outcome). This module finds those elements in a transcript.

Everything is lower-cased and read as a stream of words, so punctuation, capitals and
filler words do not change what is found; segments (for quoting and relevance) come from
punctuation where there is some and from discourse markers and fixed windows where a
transcript has none. Each segment keeps its exact character offsets in the text.
"""

import re
from dataclasses import dataclass, field

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?|%")
SENTENCE_BREAK = re.compile(r"[.!?;]+(?=\s|$)|\n+")
# A piece longer than this (in words) is cut at a discourse marker, then into windows.
MAX_SEGMENT_WORDS = 28
MIN_SEGMENT_WORDS = 5

ELEMENTS = ("episode", "own_action", "reason", "result", "reflection", "plan")

_FUNCTION_WORDS = """a an the and or but so because if when while then than that this these
    those it its i me my we our us you your he she they them their his her to of in on at for
    with from by about into over after before during as was were is are be been being have
    has had do did does not no will would could should can may might must just also very
    there here what which who how why all some any each every more most other i'm i've i'd
    i'll it's don't didn't wasn't we're they're that's there's one up out off"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())

FILLERS = frozenset(
    [
        "um",
        "uh",
        "erm",
        "er",
        "ah",
        "hmm",
        "like",
        "basically",
        "actually",
        "literally",
        "yeah",
        "okay",
        "ok",
    ]
)

# Words that may sit between "I" and the verb that says what I did.
_BETWEEN = frozenset(
    [
        "also",
        "then",
        "just",
        "immediately",
        "quickly",
        "personally",
        "first",
        "finally",
        "actually",
        "really",
        "eventually",
        "still",
        "even",
        "both",
        "later",
        "directly",
        "basically",
        "straight",
        "myself",
        "again",
        "soon",
        "right",
        "carefully",
        "simply",
        "only",
        "mostly",
        "um",
        "uh",
        "erm",
        "so",
        "kind",
        "sort",
        "of",
    ]
)
_AUXILIARY_PAST = frozenset(["have", "had", "'ve", "'d", "did"])
_MODAL = frozenset(
    ["would", "will", "could", "should", "might", "can", "'d", "'ll", "shall", "must"]
)
_CLAIM_VERBS = frozenset(
    [
        "am",
        "'m",
        "always",
        "usually",
        "normally",
        "generally",
        "often",
        "never",
        "think",
        "believe",
        "feel",
        "like",
        "love",
        "enjoy",
        "know",
        "guess",
        "mean",
        "hope",
        "want",
        "prefer",
        "consider",
        "value",
        "care",
        "tend",
        "try",
        "see",
        "would'nt",
    ]
)
_NEGATIONS = frozenset(["didn't", "don't", "not", "never", "wasn't", "couldn't", "can't", "won't"])
_STATE_VERBS = frozenset(["was", "were", "is", "are", "be", "been", "'s"])
_OTHERS = frozenset(
    [
        "he",
        "she",
        "they",
        "someone",
        "somebody",
        "colleague",
        "colleagues",
        "manager",
        "boss",
        "lead",
        "team",
        "teammate",
        "teammates",
        "partner",
        "partners",
        "customer",
        "client",
        "developer",
        "engineer",
        "engineers",
        "director",
        "everyone",
        "nobody",
        "people",
    ]
)

_IRREGULAR_PAST = frozenset(
    [
        "went",
        "came",
        "took",
        "made",
        "got",
        "gave",
        "told",
        "found",
        "thought",
        "knew",
        "saw",
        "said",
        "left",
        "kept",
        "felt",
        "brought",
        "began",
        "ran",
        "wrote",
        "spoke",
        "broke",
        "chose",
        "drove",
        "fell",
        "forgot",
        "held",
        "heard",
        "led",
        "lost",
        "meant",
        "met",
        "paid",
        "put",
        "read",
        "rode",
        "rose",
        "sent",
        "set",
        "shut",
        "sat",
        "slept",
        "spent",
        "stood",
        "stuck",
        "swore",
        "taught",
        "tore",
        "threw",
        "understood",
        "woke",
        "won",
        "wore",
        "built",
        "bought",
        "caught",
        "dealt",
        "dug",
        "fed",
        "fought",
        "fled",
        "hung",
        "hid",
        "hurt",
        "laid",
        "lent",
        "let",
        "lit",
        "made",
        "overcame",
        "overtook",
        "rebuilt",
        "redid",
        "rewrote",
        "sold",
        "shook",
        "shot",
        "sang",
        "sank",
        "slid",
        "split",
        "spread",
        "sprang",
        "stole",
        "struck",
        "swept",
        "swam",
        "undid",
        "upset",
        "withdrew",
        "became",
        "did",
        "had",
        "was",
        "were",
        "been",
        "done",
        "gone",
        "seen",
        "taken",
        "given",
        "written",
        "spoken",
        "broken",
        "chosen",
        "driven",
        "fallen",
        "forgotten",
        "known",
        "grown",
        "drew",
        "grew",
        "blew",
        "flew",
        "rang",
        "ate",
        "sought",
        "stuck",
        "led",
        "oversaw",
    ]
)
_NOT_PAST = frozenset(
    [
        "need",
        "needed",
        "speed",
        "indeed",
        "feed",
        "seed",
        "red",
        "bed",
        "shed",
        "hundred",
        "weed",
        "breed",
        "proceed",
        "succeed",
        "exceed",
        "united",
        "based",
        "related",
        "interested",
        "excited",
        "tired",
        "worried",
    ]
)

_TIME_MARKERS = (
    "last year",
    "last month",
    "last week",
    "last summer",
    "last winter",
    "last spring",
    "last autumn",
    "last quarter",
    "last sprint",
    "last project",
    "last job",
    "last role",
    "last company",
    "last team",
    "previous job",
    "previous role",
    "previous company",
    "previous team",
    "first job",
    "first week",
    "first month",
    "one day",
    "one time",
    "one night",
    "one morning",
    "one evening",
    "that day",
    "that week",
    "that night",
    "that morning",
    "at the time",
    "back then",
    "back in",
    "when i was",
    "when i joined",
    "when i started",
    "years ago",
    "months ago",
    "weeks ago",
    "days ago",
    "a while ago",
    "yesterday",
    "recently",
    "once",
    "in my last",
    "in my previous",
    "at my last",
    "at my previous",
    "there was a",
    "there was an",
    "we had a",
    "we had an",
    "i had a",
    "i had an",
    "i was working",
    "i was responsible",
    "i was the",
    "i was on",
    "i was in",
    "during",
    "in the beginning",
    "at first",
    "at the start",
    "the last",
    "when i moved",
    "when i joined",
    "when i came",
    "when i got",
    "when we",
    "the first time",
    "that time",
    "this one time",
    "ago",
    "that evening",
    "that afternoon",
    "the next",
    "next morning",
    "next day",
    "on monday",
    "on friday",
)
_MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "christmas",
        "weekend",
    ]
)
_NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "half",
        "dozen",
        "percent",
    ]
)
_QUANTIFIERS = _NUMBER_WORDS | {"a", "an", "one", "few", "several", "couple"}
_UNITS = frozenset(
    [
        "minutes",
        "minute",
        "hours",
        "hour",
        "days",
        "day",
        "weeks",
        "week",
        "months",
        "month",
        "years",
        "year",
        "seconds",
        "milliseconds",
        "percent",
        "customers",
        "users",
        "clients",
        "people",
        "invoices",
        "tickets",
        "orders",
    ]
)

_REASON = (
    "because",
    "'cause",
    "cause",
    "cos",
    "so that",
    "in order to",
    "the reason",
    "to make sure",
    "to avoid",
    "to prevent",
    "to stop",
    "to check",
    "to see if",
    "to find out",
    "to understand",
    "which meant",
    "that meant",
    "this meant",
    "it meant",
    "otherwise",
    "given that",
    "due to",
    "since it",
    "since the",
    "since we",
    "since they",
    "as it was",
    "as the",
    "that's why",
    "thats why",
    "this is why",
    "that is why",
    "so i",
    "so we",
    "which is why",
    "i figured",
    "i decided",
    "i chose",
    "i reasoned",
    "my thinking",
    "my idea was",
    "i wanted to",
    "since she",
    "since he",
    "since i",
    "as she",
    "as he",
    "as i",
    "so she",
    "so he",
    "so they",
    "so it",
    "so the",
    "so our",
    "for that reason",
    "in order",
    "the point was",
    "the idea was",
)
_RESULT = (
    "in the end",
    "ended up",
    "as a result",
    "the result",
    "the outcome",
    "eventually",
    "finally",
    "it worked",
    "that worked",
    "which worked",
    "worked",
    "solved",
    "fixed",
    "resolved",
    "dropped",
    "reduced",
    "increased",
    "improved",
    "went down",
    "went up",
    "went from",
    "down to",
    "up to",
    "saved",
    "delivered",
    "shipped",
    "launched",
    "on time",
    "succeeded",
    "passed",
    "no longer",
    "never happened again",
    "did not happen again",
    "didn't happen again",
    "without a repeat",
    "without any",
    "was happy",
    "were happy",
    "thanked",
    "agreed",
    "we agreed",
    "got",
    "managed to",
    "afterwards",
    "after that",
    "by the end",
    "within",
    "percent",
    "%",
    "arrived",
    "sent",
    "stopped",
    "back to normal",
    "came back",
    "no more",
    "it was fixed",
    "was solved",
    "happy",
    "zero",
    "the next",
    "at the end",
    "ended",
    "finished",
    "accepted",
    "calmed down",
    "settled",
)
_REFLECTION = (
    "i learned",
    "i learnt",
    "i've learned",
    "i have learned",
    "learned that",
    "learnt that",
    "lesson",
    "lessons",
    "i realised",
    "i realized",
    "realised that",
    "realized that",
    "looking back",
    "in hindsight",
    "next time",
    "now i",
    "i now",
    "since then",
    "ever since",
    "from then on",
    "from that day",
    "these days",
    "going forward",
    "i started",
    "i changed",
    "changed how",
    "changed the way",
    "change how",
    "taught me",
    "do differently",
    "done differently",
    "would do it differently",
    "never again",
    "so it would not happen",
    "so it wouldn't happen",
    "won't happen again",
    "doesn't happen again",
    "does not happen again",
    "not happen again",
    "to prevent",
    "prevent",
    "my mistake",
    "my fault",
    "i should have",
    "i shouldn't have",
    "i should've",
    "i always now",
    "i make sure",
    "checklist",
    "i shared",
    "i showed",
    "i taught",
    "i wrote up",
    "i documented",
    "reflect",
    "i added",
    "added a",
    "i set up",
    "i put in place",
    "i introduced",
    "i created a",
    "from now on",
    "these days i",
)
_PLAN_STEPS = (
    "first",
    "firstly",
    "first of all",
    "to start",
    "start by",
    "begin by",
    "second",
    "secondly",
    "then",
    "next",
    "after that",
    "afterwards",
    "finally",
    "lastly",
    "before",
    "once",
    "step",
    "meanwhile",
    "at the same time",
)
_PLAN_OWN = ("i would", "i'd", "i will", "i'll", "i'm going to", "i am going to", "i'd want to")
_CHECK = (
    "check",
    "checking",
    "make sure",
    "confirm",
    "follow up",
    "following up",
    "verify",
    "measure",
    "monitor",
    "see if",
    "see whether",
    "review",
    "track",
    "test",
    "ask for feedback",
    "feedback",
    "whether it worked",
    "if it worked",
    "if that doesn't",
    "if it doesn't",
    "if not",
    "otherwise",
)
_CLAIMS = (
    "i always",
    "i am a",
    "i am very",
    "i'm a",
    "i'm very",
    "i am someone",
    "i'm someone",
    "i am the kind",
    "i'm the kind",
    "i consider myself",
    "i believe",
    "i think it is important",
    "i think it's important",
    "it is important",
    "it's important",
    "is important to me",
    "are important to me",
    "i value",
    "i love",
    "i usually",
    "i normally",
    "i generally",
    "i tend to",
    "i never",
    "my approach is",
    "you have to",
    "you should",
    "you need to",
    "whenever",
    "every time",
    "in general",
    "generally",
)
_HABITUAL = frozenset(["always", "usually", "normally", "generally", "whenever", "typically"])


@dataclass(frozen=True)
class Token:
    word: str  # lower-cased, curly apostrophe made straight
    start: int
    end: int


@dataclass
class Segment:
    index: int
    start: int
    end: int
    tokens: list[Token]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def words(self) -> list[str]:
        return [t.word for t in self.tokens]


# Contractions as speech recognition may write them, without the apostrophe.
_BARE_CONTRACTIONS = {
    "id": "i'd",
    "im": "i'm",
    "ive": "i've",
    "didnt": "didn't",
    "dont": "don't",
    "doesnt": "doesn't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "wont": "won't",
    "thats": "that's",
    "theres": "there's",
    "weve": "we've",
    "youre": "you're",
    "theyre": "they're",
    "itll": "it'll",
    "hadnt": "hadn't",
    "havent": "haven't",
    "isnt": "isn't",
    "arent": "aren't",
}


def tokenize(text: str) -> list[Token]:
    found = []
    for m in TOKEN.finditer(text):
        word = m.group(0).lower().replace("\u2019", "'")
        found.append(Token(_BARE_CONTRACTIONS.get(word, word), m.start(), m.end()))
    return found


def _cut_long(tokens: list[Token]) -> list[list[Token]]:
    """Cut a run of words with no sentence punctuation at discourse markers, then windows."""
    if len(tokens) <= MAX_SEGMENT_WORDS:
        return [tokens]
    markers = {
        "so",
        "then",
        "but",
        "because",
        "after",
        "afterwards",
        "and",
        "when",
        "now",
        "later",
        "finally",
        "first",
        "next",
        "since",
        "which",
        "until",
        "eventually",
        "once",
    }
    pieces: list[list[Token]] = []
    current: list[Token] = []
    for position, token in enumerate(tokens):
        following = tokens[position + 1].word if position + 1 < len(tokens) else ""
        marker = token.word in markers and following in {"i", "we", "then", "the", "he", "she"}
        if marker and len(current) >= MIN_SEGMENT_WORDS * 2:
            pieces.append(current)
            current = []
        current.append(token)
        if len(current) >= MAX_SEGMENT_WORDS:
            pieces.append(current)
            current = []
    if current:
        if pieces and len(current) < MIN_SEGMENT_WORDS:
            pieces[-1] = pieces[-1] + current
        else:
            pieces.append(current)
    return pieces


def segments(text: str) -> list[Segment]:
    """The answer in quotable pieces, each with exact offsets (text[start:end])."""
    tokens = tokenize(text)
    runs: list[list[Token]] = []
    boundaries = [m.end() for m in SENTENCE_BREAK.finditer(text)]
    current: list[Token] = []
    b = 0
    for token in tokens:
        while b < len(boundaries) and boundaries[b] <= token.start:
            if current:
                runs.append(current)
                current = []
            b += 1
        current.append(token)
    if current:
        runs.append(current)
    # Very short runs ("Yes." "So,") join the next run so a quote reads as a sentence.
    merged: list[list[Token]] = []
    carry: list[Token] = []
    for run in runs:
        run = carry + run
        carry = []
        if len(run) < 3:
            carry = run
            continue
        merged.append(run)
    if carry:
        if merged:
            merged[-1] = merged[-1] + carry
        else:
            merged.append(carry)
    found: list[Segment] = []
    for run in merged:
        for piece in _cut_long(run):
            found.append(Segment(len(found), piece[0].start, piece[-1].end, piece))
    return found


def _phrase_count(words: list[str], phrases: tuple[str, ...]) -> int:
    """How many of the phrases occur in the words (each phrase counted once)."""
    joined = " " + " ".join(words) + " "
    return sum(1 for phrase in phrases if f" {phrase} " in joined)


def _is_past(word: str) -> bool:
    if word in _IRREGULAR_PAST:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in _NOT_PAST


def _subject_verbs(words: list[str]) -> list[tuple[str, str, bool]]:
    """(subject, verb, habitual) for each "I/we/they…" followed by a verb."""
    found = []
    for position, word in enumerate(words):
        if word in {"i", "i've", "i'd", "i'll", "i'm", "we", "we've"} or word in _OTHERS:
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
            while step < len(words) and (words[step] in _BETWEEN or words[step] in _HABITUAL):
                habitual = habitual or words[step] in _HABITUAL
                step += 1
            if step >= len(words):
                continue
            verb = words[step]
            if verb in _MODAL:
                if subject == "i" and verb in {"would", "will", "'d", "'ll"}:
                    subject = "i_would"
                    step += 1
                    while step < len(words) and words[step] in _BETWEEN:
                        step += 1
                    verb = words[step] if step < len(words) else ""
                else:
                    continue
            if verb in _AUXILIARY_PAST and step + 1 < len(words):
                nxt = words[step + 1]
                if nxt in _NEGATIONS:
                    continue
                verb = nxt if _is_past(nxt) or nxt not in FUNCTION_WORDS else verb
            found.append((subject, verb, habitual))
    return found


def count_elements(words: list[str]) -> dict[str, int]:
    """Raw counts of each kind of cue in a run of lower-case words."""
    counts = dict.fromkeys(
        (
            "own_past",
            "own_any",
            "own_plan",
            "others_past",
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
            "negated",
            "content",
            "function",
        ),
        0,
    )
    for subject, verb, habitual in _subject_verbs(words):
        if not verb or (verb in FUNCTION_WORDS and verb not in {"did", "had", "was"}):
            if verb in _NEGATIONS:
                counts["negated"] += subject == "i"
            continue
        if verb in _NEGATIONS:
            counts["negated"] += subject == "i"
            continue
        if habitual:
            counts["habitual"] += 1
            continue
        if subject == "i_would":
            counts["own_plan"] += verb not in _CLAIM_VERBS and verb not in _STATE_VERBS
            continue
        if verb in _CLAIM_VERBS or verb in _STATE_VERBS:
            continue
        past = _is_past(verb)
        if subject == "i":
            counts["own_any"] += 1
            counts["own_past"] += past
        elif subject == "we":
            counts["shared"] += 1  # "we" did it: shared, not the candidate's own
        else:
            counts["others_past"] += past
    counts["past"] = sum(
        1
        for position, w in enumerate(words)
        if _is_past(w) and (position == 0 or words[position - 1] not in _ADJECTIVAL)
    )
    counts["time"] = _phrase_count(words, _TIME_MARKERS) + sum(
        1 for w in words if w in _MONTHS_DAYS or re.fullmatch(r"(19|20)\d\d", w)
    )
    counts["specifics"] = sum(
        1
        for position, w in enumerate(words)
        if (w.isdigit() or w in _NUMBER_WORDS)
        or (w in _UNITS and position and words[position - 1] in _QUANTIFIERS)
    )
    counts["reason"] = _phrase_count(words, _REASON)
    counts["result"] = _phrase_count(words, _RESULT)
    counts["reflection"] = _phrase_count(words, _REFLECTION)
    counts["steps"] = _phrase_count(words, _PLAN_STEPS)
    counts["check"] = _phrase_count(words, _CHECK)
    counts["claims"] = _phrase_count(words, _CLAIMS)
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
_ADJECTIVAL = frozenset(
    ["am", "'m", "is", "are", "be", "being", "get", "gets", "very", "so", "really", "more", "most"]
)
_INDEFINITE = frozenset(
    [
        "something",
        "someone",
        "somebody",
        "anything",
        "anyone",
        "things",
        "there",
        "a",
        "an",
        "people",
        "you",
    ]
)


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
            _INDEFINITE
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


def stem(word: str) -> str:
    """A crude stem, enough to see "understands" and "understand" as one word."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def ngrams(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    spoken = [stem(w) for w in words if w not in FILLERS]
    return {tuple(spoken[i : i + n]) for i in range(len(spoken) - n + 1)}
