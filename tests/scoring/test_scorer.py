"""The scoring core reads text only, rewards evidence and resists stuffing by design."""

import inspect

import pytest

from scoring import redaction, scorer

CUSTOMER_FOCUS = scorer.CompetencySpec(
    key="customer-focus",
    name="Customer focus",
    description="Puts the customer's needs first and follows through until it is solved.",
    weight=4,
    strong_examples=(
        "A customer's order was lost, so I called them the same day, apologised, found the "
        "parcel and delivered it myself.",
        "I listened to an angry customer, repeated back what they needed, and followed up a "
        "week later to check it worked.",
    ),
    weak_examples=("I told the customer to read the FAQ.", "It was not my job so I passed it on."),
)
QUESTION = "Tell us about a time you went beyond what a customer asked for."
ANSWERS = {
    "strong": "A small shop owner had been charged twice and was furious. I listened, "
    "apologised, refunded the duplicate myself and then stayed late to find the bug in our "
    "billing export so it would not happen to anyone else. I phoned him on Monday to confirm "
    "the refund arrived.",
    "weak": "A customer asked about a refund once. I told them to check the website because "
    "the policy is there. I think they found it. It was not really my area so I passed it "
    "to billing.",
    "stuffed": "Customer focus customer service customer satisfaction empathy listening follow "
    "up customer first delighted customer loyalty going the extra mile customer needs.",
    "repeated": "I am customer focused. I always go the extra mile for the customer. I am "
    "customer focused. I always go the extra mile for the customer. Customers first always.",
    "off-topic": "On weekends I like to bake bread with my children. We usually make "
    "sourdough because the starter has been in the family for years. My favourite part is "
    "the smell in the morning when the oven is warm.",
}


@pytest.fixture(scope="module")
def scores():
    return {
        name: scorer.score_answer(text=text, question=QUESTION, competencies=[CUSTOMER_FOCUS])[0]
        for name, text in ANSWERS.items()
    }


def test_a_strong_answer_scores_above_a_weak_one(scores):
    assert scores["strong"].score > scores["weak"].score + 20


@pytest.mark.parametrize("gamed", ["stuffed", "repeated", "off-topic"])
def test_stuffing_repetition_and_off_topic_answers_rank_below_both(scores, gamed):
    assert scores[gamed].score < scores["weak"].score
    assert scores[gamed].score < 15


def test_evidence_is_sentences_of_the_answer_with_the_example_they_matched(scores):
    result = scores["strong"]
    assert 1 <= len(result.evidence) <= 3
    for item in result.evidence:
        assert item.sentence in ANSWERS["strong"]
        assert item.example in CUSTOMER_FOCUS.strong_examples + CUSTOMER_FOCUS.weak_examples
    assert 0 < result.confidence <= 1


def test_too_little_speech_is_insufficient_evidence_not_a_low_score():
    (result,) = scorer.score_answer(
        text="I helped a customer once.", question=QUESTION, competencies=[CUSTOMER_FOCUS]
    )
    assert result.insufficient
    assert result.score is None
    assert result.reason == "Too little speech to score (5 words)."


def test_the_scoring_entry_point_receives_text_alone():
    parameters = inspect.signature(scorer.score_answer).parameters
    assert set(parameters) == {
        "text",
        "question",
        "competencies",
        "asr_confidence",
        "other_questions",
        "embed",
        "question_type",
    }
    assert parameters["text"].annotation is str
    # Nothing about the recording can be passed: no path, audio, video or speaker field.
    fields = set(scorer.CompetencySpec.__dataclass_fields__)
    assert fields == {
        "key",
        "name",
        "description",
        "weight",
        "strong_examples",
        "weak_examples",
        "anchors",
    }


def test_overall_score_weights_competencies_and_skips_insufficient_ones():
    assert scorer.overall([(4, 80, 0.8), (1, 30, 0.6), (3, None, 0.0)]) == (70, 0.51)
    assert scorer.overall([(3, None, 0.0)]) == (None, 0.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm Ana Lima and I led the team.", "I'm [name] [name] and I led the team."),
        ("Mail me at ana.lima@example.com please.", "Mail me at [email] please."),
        ("Call +44 20 7946 0958 any time.", "Call [phone] any time."),
        ("See https://github.com/ana/tools for it.", "See [link] for it."),
        ("We shipped 3 releases in 2024.", "We shipped 3 releases in 2024."),
    ],
)
def test_identity_is_masked_before_scoring(text, expected):
    assert redaction.redact(text, names=["Ana Lima"]) == expected


def test_an_answer_in_another_language_goes_to_people(tmp_path):
    from types import SimpleNamespace

    from scoring.services import _unscorable_speech

    german = SimpleNamespace(
        language="de", text="Ich habe dem Kunden geholfen. " * 10, avg_logprob=-0.2
    )
    code, reason = _unscorable_speech(german, expected_language="en")
    assert code == "other_language"
    assert "another language (de)" in reason
    english = SimpleNamespace(language="en", text=ANSWERS["strong"], avg_logprob=-0.2)
    assert _unscorable_speech(english, expected_language="en") is None
    unsure = SimpleNamespace(language="en", text=ANSWERS["strong"], avg_logprob=-1.4)
    assert _unscorable_speech(unsure, expected_language="en")[0] == "low_asr_confidence"


def test_a_competency_without_weak_examples_scores_unrelated_talk_as_zero():
    plain = scorer.CompetencySpec(
        key="k",
        name="Teamwork",
        description="Works with colleagues.",
        weight=2,
        strong_examples=("I paired with a colleague to finish the release.",),
    )
    (result,) = scorer.score_answer(
        text=ANSWERS["off-topic"], question=QUESTION, competencies=[plain]
    )
    assert result.score == 0
    assert all(item.example_kind == "strong" for item in result.evidence)
