"""Masking who the candidate is before scoring: name, email addresses, phone numbers, URLs.

Scores must not depend on identity (GDPR Art. 25, and fairness): the scorer reads the
masked text; reviewers still see the full transcript. `redact_mapped` also says where each
character of the masked text came from, so a quote the scorer places in the masked text
can be placed exactly in the transcript reviewers read.
"""

import re
from dataclasses import dataclass

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
URL = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|dev|co|uk|de)(?:/\S*)?\b", re.IGNORECASE
)
# Seven or more digits, allowing spaces, dots, dashes, brackets and a leading +.
PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{5,}\d(?![\w])")


@dataclass(frozen=True)
class Redacted:
    text: str
    # For each character of `text`, the span [start, end) of the original it stands for.
    origin: tuple[tuple[int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where text[start:end] lies in the original text (None: not a span of text)."""
        if not 0 <= start < end <= len(self.text):
            return None
        return self.origin[start][0], self.origin[end - 1][1]


def _phone(match: re.Match) -> str:
    return "[phone]" if sum(c.isdigit() for c in match.group()) >= 7 else match.group()


def _sub(pattern: re.Pattern, replace, current: Redacted) -> Redacted:
    text, origin = current.text, current.origin
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(text[last : match.start()])
        spans.extend(origin[last : match.start()])
        new = replace if isinstance(replace, str) else replace(match)
        if new == match.group():
            spans.extend(origin[match.start() : match.end()])
        else:
            covered = (origin[match.start()][0], origin[match.end() - 1][1])
            spans.extend([covered] * len(new))
        parts.append(new)
        last = match.end()
    parts.append(text[last:])
    spans.extend(origin[last:])
    return Redacted("".join(parts), tuple(spans))


def redact_mapped(text: str, *, names: list[str] = ()) -> Redacted:
    current = Redacted(text, tuple((i, i + 1) for i in range(len(text))))
    current = _sub(EMAIL, "[email]", current)
    current = _sub(URL, "[link]", current)
    current = _sub(PHONE, _phone, current)
    parts = {part for name in names for part in re.split(r"[\s,]+", name) if len(part) >= 2}
    for part in sorted(parts, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)", flags=re.IGNORECASE)
        current = _sub(pattern, "[name]", current)
    return current


def redact(text: str, *, names: list[str] = ()) -> str:
    return redact_mapped(text, names=names).text


def redact_names(text: str, names: list[str]) -> str:
    """Every part of each name (two letters or more) as "[name]", whatever its case."""
    parts = {part for name in names for part in re.split(r"[\s,]+", name) if len(part) >= 2}
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text
