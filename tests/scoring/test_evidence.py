"""The element reader finds the same evidence whatever the grammar it is told in."""

import pytest

from scoring import evidence
from scoring.evidence import levels


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


def test_the_second_of_two_joined_actions_counts_as_the_candidates_own():
    found = elements("I checked the logs and rolled back the release.")
    assert found["own_any"] == 2
    assert found["own_past"] == 2


def test_a_joined_verb_after_someone_else_is_theirs_not_the_candidates():
    found = elements("I checked the logs and the senior engineer rolled back the release.")
    assert found["own_any"] == 1
    assert found["others_past"] == 1
    # a new subject after the joiner takes the verb
    assert elements("I talked to him and he calmed down.")["own_any"] == 1


def test_a_joined_step_of_a_plan_is_part_of_the_plan():
    assert elements("I would call the customer and then apologise.")["own_plan"] == 2


def test_a_hedged_plan_is_a_guess_not_a_step():
    assert elements("I'd check the logs.")["own_plan"] == 1
    hedged = elements("I'd probably check the logs.")
    assert hedged["own_plan"] == 0
    assert hedged["hedged"] == 1


def level_of(text, situational=False):
    weights = {"reason": 1.0, "result": 1.0, "reflection": 1.0}
    return levels.level_from(elements(text), weights, situational)[0]


def test_a_story_told_in_the_present_reaches_the_level_of_its_past_telling():
    past = (
        "Last week a customer called about a refund that never arrived. I checked the account "
        "and found the wrong bank number. I asked finance to recall it, I sent the money again "
        "the same day, and she thanked me."
    )
    present = (
        "Last week one customer call about refund which never arrive. I check the account and "
        "I find wrong bank number. I ask finance to recall it, I send the money again same day, "
        "and she thank me."
    )
    assert level_of(present) >= 3.0
    assert abs(level_of(past) - level_of(present)) <= 0.5


def test_a_plan_told_in_the_present_is_a_plan():
    would = "First I would check the logs, then I would roll back the deploy and watch the rate."
    present = "First I check the logs, then I roll back the deploy and I watch the rate."
    assert level_of(present, situational=True) == level_of(would, situational=True)
