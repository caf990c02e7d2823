"""Masking who the candidate is before scoring: name, email addresses, phone numbers, URLs.

Scores must not depend on identity (GDPR Art. 25, and fairness): the scorer reads the
masked text; reviewers still see the full transcript.
"""

import re

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
URL = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|dev|co|uk|de)(?:/\S*)?\b", re.IGNORECASE
)
# Seven or more digits, allowing spaces, dots, dashes, brackets and a leading +.
PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{5,}\d(?![\w])")


def redact(text: str, *, names: list[str] = ()) -> str:
    text = EMAIL.sub("[email]", text)
    text = URL.sub("[link]", text)
    text = PHONE.sub(
        lambda m: "[phone]" if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text
    )
    return redact_names(text, names)


def redact_names(text: str, names: list[str]) -> str:
    """Every part of each name (two letters or more) as "[name]", whatever its case."""
    parts = {part for name in names for part in re.split(r"[\s,]+", name) if len(part) >= 2}
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text
