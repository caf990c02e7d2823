"""The scoring core reads text only, judges evidence against anchored levels, resists
gaming and does not move with punctuation. Uses the real all-MiniLM-L6-v2 model."""

import dataclasses
import inspect
import re

import pytest

from palantrix import redaction
from scoring import scorer

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
    weak_examples=(
        "I told the customer to read the FAQ and it was not my job so I passed it on to "
        "another team.",
        "The customer was angry but there was nothing I could do about the delay.",
    ),
    anchors=(
        "No example of helping a customer, or someone else handled it.",
        "Passes the customer on or does only what was asked; no follow-through.",
        "Acts on the customer's problem personally, but the outcome stays vague.",
        "Acts personally with reasons, solves the problem and confirms the result with the "
        "customer.",
        "As 4, and fixes the cause so other customers are spared, and shares the lesson.",
    ),
)
QUESTION = "Tell us about a time you went beyond what a customer asked for."
STRONG = (
    "Last spring a small shop owner had been charged twice and he was furious. I listened, "
    "apologised, and refunded the duplicate myself because he needed the money for his "
    "suppliers that week. Then I stayed late to find the bug in our billing export, so it "
    "would not happen to anyone else. I phoned him on Monday to confirm the refund had "
    "arrived, and since then I check the export report every Friday."
)
# The same episode told in other words, with none of the profile's vocabulary.
STRONG_OTHER_WORDS = (
    "Two winters ago a florist rang me, livid, because her card was debited twice. I sat "
    "with her on the phone, reversed the second payment on the spot since she had rent due, "
    "and that evening I traced the fault to a retry in our payment job. I sent her the "
    "receipt the next morning, and from then on I added a test for double payments."
)
ANSWERS = {
    "strong": STRONG,
    "other-words": STRONG_OTHER_WORDS,
    "claims": "I am a very customer focused person. I always go the extra mile and I always "
    "put the customer first. Whenever a customer has a problem I make sure it gets solved "
    "and I follow up. Customer satisfaction is really important to me.",
    "stuffed": "Customer focus, customer service, customer satisfaction, empathy, listening, "
    "follow up, customer first, delighted customer, loyalty, going the extra mile, customer "
    "needs, ownership, follow through.",
    "weak-echo": "I told the customer to read the FAQ, and it was not my job so I passed it "
    "on to another team. The customer was angry but there was nothing I could do about the "
    "delay.",
    "off-topic": "On weekends I like to bake bread with my children. Last month we made "
    "sourdough from a starter that has been in the family for years, and it took three "
    "days. My favourite part was the smell in the morning when the oven was warm.",
}


def score(text, competency=CUSTOMER_FOCUS, **kwargs):
    return scorer.score_answer(text=text, question=QUESTION, competencies=[competency], **kwargs)[0]


@pytest.fixture(scope="module")
def scores():
    return {name: score(text) for name, text in ANSWERS.items()}


def test_a_real_episode_scores_high_and_names_an_upper_level(scores):
    result = scores["strong"]
    assert result.score is not None
    assert result.score >= 60
    assert result.level >= 4
    assert result.level_anchor == CUSTOMER_FOCUS.anchors[result.level - 1]
    assert not result.needs_review


def test_the_same_episode_in_other_words_scores_close_to_it(scores):
    assert abs(scores["other-words"].score - scores["strong"].score) <= 15


@pytest.mark.parametrize("gamed", ["claims", "stuffed", "weak-echo", "off-topic"])
def test_claims_keyword_lists_echoes_and_other_stories_stay_below_level_3(scores, gamed):
    result = scores[gamed]
    assert result.score is not None
    assert result.score < scores["strong"].score - 30
    assert result.level <= 2


# The same episode retold with other words and no shared cue phrase. PARAPHRASE exposed two
# missing cues ("had come through", "so nobody else would"); SECOND_PARAPHRASE was written
# after they were added, so the cues were not written for it.
PARAPHRASE = (
    "Back in the spring a man who runs a small shop found he had paid us twice, and he was "
    "furious. I heard him out, said sorry, and put the second payment back in his account "
    "myself, since he had suppliers to pay that week. That evening I dug into our billing "
    "export and found the bug, so nobody else would get charged twice. On Monday I rang him "
    "to make sure the money had come through, and every Friday now I look over the export "
    "report."
)
SECOND_PARAPHRASE = (
    "This was in the spring. The owner of a little shop noticed we had taken his payment two "
    "times and he was really upset. I let him explain, told him I was sorry and sent the extra "
    "payment back to him myself, as he had to pay his suppliers that week. After work I looked "
    "through our billing export until I found what caused it, so it would not hit other "
    "customers. I called him on the Monday to check he had the money, and I now go through the "
    "export report each Friday."
)
# The same episode in second-language grammar: tenses, articles and agreement dropped.
SECOND_LANGUAGE = (
    "Last spring one shop owner was charged two times and he was very angry. I listen him, "
    "say sorry, and refund the double payment myself because he need the money for pay "
    "suppliers that week. After, stayed late and found the bug in billing export, so it not "
    "happen to other people. On Monday phoned him for confirm refund is arrived, and since "
    "then I check export report every Friday."
)
# Background about the workplace, with no action of the candidate's in it.
SETTING = (
    "I work at a mid-sized online retailer with a support team of about thirty people, and we "
    "handle thousands of tickets a month across phone, chat and email. Our tooling is a mix of "
    "an old ticketing system and a newer billing platform, and there are a lot of rules and "
    "processes around refunds. The company was growing quickly at the time and there was a lot "
    "of change going on. "
)


@pytest.mark.parametrize("retold", [PARAPHRASE, SECOND_PARAPHRASE])
def test_a_paraphrased_answer_keeps_its_level_give_or_take_one(scores, retold):
    strong, other = scores["strong"], score(retold)
    assert abs(other.level - strong.level) <= 1
    assert abs(other.score - strong.score) <= 15


def test_the_same_episode_in_second_language_grammar_scores_close_to_it(scores):
    # One answer moves more than the set's average (the target there is 5 points); scorer
    # 3.1 moved this one by 14 points (it lost the own actions told without "I").
    assert abs(score(SECOND_LANGUAGE).score - scores["strong"].score) <= 8


def test_the_setting_around_an_episode_adds_no_points_and_is_not_quoted(scores):
    padded = score(SETTING + STRONG)
    assert padded.score <= scores["strong"].score
    for item in padded.evidence:
        assert item.start >= len(SETTING)


def test_a_result_told_in_words_no_cue_lists_still_counts():
    episode = (
        "Last spring a small shop owner had been charged twice and he was furious. I listened, "
        "apologised, and refunded the duplicate myself because he needed the money for his "
        "suppliers that week. "
    )
    with_result = score(episode + "Since that week not one customer has been charged twice.")
    with_detail = score(episode + "I remember the shop had a blue door.")
    assert with_result.score >= with_detail.score + 5


def test_removing_punctuation_and_capitals_moves_a_score_by_a_few_points(scores):
    bare = re.sub(r"[^\w\s']", " ", STRONG).lower()
    assert abs(score(bare).score - scores["strong"].score) <= 8


def test_filler_words_do_not_add_points(scores):
    filled = STRONG.replace(". ", ". Um, so, like, ").replace(", and", ", uh, and")
    assert abs(score(filled).score - scores["strong"].score) <= 5


def test_evidence_quotes_exact_spans_of_the_answer_with_what_they_show(scores):
    result = scores["strong"]
    assert 1 <= len(result.evidence) <= 3
    for item in result.evidence:
        assert STRONG[item.start : item.end] == item.sentence
        assert item.element in {"episode", "own_action", "reason", "result", "reflection", "plan"}
        assert item.example_kind == "strong"


def test_spans_stay_exact_in_a_transcript_without_punctuation():
    bare = re.sub(r"[^\w\s']", "", STRONG).lower()
    result = score(bare)
    assert result.evidence
    for item in result.evidence:
        assert bare[item.start : item.end] == item.sentence
        assert len(item.sentence.split()) <= 40


def test_the_same_input_gives_the_same_result(scores):
    assert score(STRONG) == scores["strong"]


def test_a_situational_question_is_judged_on_the_plan():
    question = "A customer says their order never arrived. What would you do?"
    plan = (
        "First I would apologise and ask for the order number, because I need to see where "
        "it got stuck. Then I would check the tracking with the courier and, if it is lost, "
        "send a replacement the same day so they are not left waiting. After that I would "
        "call them to confirm it arrived, and I would look for a pattern in lost parcels."
    )
    vague = (
        "I think customers are very important and everyone deserves good service. It "
        "depends on the situation really, and every customer is different in the end."
    )
    (good,) = scorer.score_answer(
        text=plan, question=question, competencies=[CUSTOMER_FOCUS], question_type="situational"
    )
    (poor,) = scorer.score_answer(
        text=vague, question=question, competencies=[CUSTOMER_FOCUS], question_type="situational"
    )
    assert good.score >= poor.score + 30
    assert "plan" in {item.element for item in good.evidence}


def test_a_profile_without_anchors_still_scores_with_lower_confidence(scores):
    plain = dataclasses.replace(CUSTOMER_FOCUS, anchors=())
    result = score(STRONG, competency=plain)
    assert result.score is not None
    assert result.score >= 60
    assert result.confidence < scores["strong"].confidence
    assert "customer" in result.level_anchor.lower()


def test_unsure_speech_recognition_goes_to_a_person_without_a_number():
    result = score(STRONG, asr_confidence=0.2)
    assert result.needs_review
    assert result.score is None
    assert "Speech recognition" in result.review_reason


def test_too_little_speech_is_insufficient_evidence_not_a_low_score():
    result = score("I helped a customer once.")
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


def test_every_score_can_name_the_model_file_and_method():
    fingerprint = scorer.model_fingerprint()
    assert fingerprint["embedding_model"] == "all-MiniLM-L6-v2"
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint["embedding_sha256"])
    assert fingerprint["method"] == scorer.METHOD_VERSION
    assert scorer.SCORER_VERSION == "palantrix-dna-scorer 3"


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


def test_an_answer_in_another_language_goes_to_people():
    from types import SimpleNamespace

    from scoring.services import _unscorable_speech

    german = SimpleNamespace(
        language="de",
        language_probability=0.97,
        text="Ich habe dem Kunden geholfen. " * 10,
        avg_logprob=-0.2,
    )
    code, reason = _unscorable_speech(german, expected_language="en")
    assert code == "other_language"
    assert "another language (de)" in reason
    english = SimpleNamespace(
        language="en", language_probability=0.99, text=STRONG, avg_logprob=-0.2
    )
    assert _unscorable_speech(english, expected_language="en") is None
    unsure = SimpleNamespace(
        language="en", language_probability=0.99, text=STRONG, avg_logprob=-1.4
    )
    assert _unscorable_speech(unsure, expected_language="en")[0] == "low_asr_confidence"


@pytest.mark.parametrize(
    ("language", "certainty", "text", "code"),
    [
        ("nn", 0.44, "", "no_speech"),  # pink noise, as Whisper base heard it
        ("en", 0.41, " . . .", "no_speech"),
        ("nn", 0.48, "Ja, det er det. " * 10, "unclear_speech"),
    ],
)
def test_noise_goes_to_people_as_noise_not_as_another_language(language, certainty, text, code):
    from types import SimpleNamespace

    from scoring.services import _unscorable_speech

    noise = SimpleNamespace(
        language=language, language_probability=certainty, text=text, avg_logprob=-0.8
    )
    found, reason = _unscorable_speech(noise, expected_language="en")
    assert found == code
    assert "another language" not in reason
    assert "noise" in reason
