"""The element reader finds the same evidence whatever the grammar it is told in."""

import pytest

from scoring import evidence


def elements(text):
    return evidence.count_elements([t.word for t in evidence.tokenize(text)])


@pytest.mark.parametrize(
    ("native", "second_language", "element"),
    [
        ("Eventually he accepted it and the call ended.", "At the end he accept it.", "result"),
        (
            "What I learned is that silent failures hurt.",
            "What I learn is silent failures hurt.",
            "reflection",
        ),
        ("I had a customer who was angry.", "I had customer who was angry.", "time"),
    ],
)
def test_second_language_grammar_shows_the_same_element(native, second_language, element):
    assert elements(native)[element] >= 1
    assert elements(second_language)[element] >= 1


def test_plain_matching_does_not_turn_present_tense_or_obligation_into_evidence():
    assert elements("I work in a bank and it works for me.")["result"] == 0
    assert elements("I had to answer the phones.")["time"] == 0
