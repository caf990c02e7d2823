"""The rated evaluation set is well-formed; no model runs here (see benchmarks/scoring_eval.py)."""

from collections import Counter
from pathlib import Path

import pytest

from benchmarks import scoring_eval
from scoring import scorer

EVAL_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "eval"
KINDS = {"normal", "keyword_stuffed", "off_topic", "very_short", "non_native"}


@pytest.fixture(scope="module")
def eval_set():
    return scoring_eval.load_set(EVAL_DIR)


def test_the_set_has_enough_answers_questions_and_competencies(eval_set):
    assert len(eval_set["answers"]) >= 40
    assert len(eval_set["questions"]) >= 4
    (profile,) = eval_set["profiles"].values()
    assert len(profile["competencies"]) >= 3
    per_question = Counter(a["question"] for a in eval_set["answers"])
    assert all(per_question[q["id"]] >= 10 for q in eval_set["questions"])


def test_every_kind_of_answer_is_present(eval_set):
    kinds = Counter(a["kind"] for a in eval_set["answers"])
    assert set(kinds) == KINDS


def test_competencies_are_complete_profile_entries_with_a_rubric(eval_set):
    (profile,) = eval_set["profiles"].values()
    for competency in profile["competencies"]:
        assert competency["name"]
        assert competency["description"]
        assert competency["weight"] > 0
        assert len(competency["strong_examples"]) >= 2
        assert len(competency["weak_examples"]) >= 1
        # The first set's rubrics are read as the competencies' anchored levels.
        anchors = competency["anchors"]
        assert sorted(anchors) == ["1", "2", "3", "4", "5"]
        assert all(text.strip() for text in anchors.values())


def test_every_question_targets_existing_competencies(eval_set):
    (profile,) = eval_set["profiles"].values()
    keys = {c["key"] for c in profile["competencies"]}
    for question in eval_set["questions"]:
        assert question["text"]
        assert question["competencies"]
        assert set(question["competencies"]) <= keys


def test_every_answer_is_rated_1_to_5_with_a_reason_on_exactly_its_questions_competencies(
    eval_set,
):
    questions = {q["id"]: q for q in eval_set["questions"]}
    ids = [a["id"] for a in eval_set["answers"]]
    assert len(ids) == len(set(ids))
    for answer in eval_set["answers"]:
        assert answer["kind"] in KINDS
        assert answer["question"] in questions
        assert set(answer["ratings"]) == set(questions[answer["question"]]["competencies"])
        assert all(rating in {1, 2, 3, 4, 5} for rating in answer["ratings"].values())


def test_answer_lengths_match_their_kind(eval_set):
    for answer in eval_set["answers"]:
        count = len(scorer.words(answer["text"]))
        if answer["kind"] == "very_short":
            assert count < 30, answer["id"]
        elif answer["kind"] == "keyword_stuffed":
            assert count >= scorer.MIN_WORDS, answer["id"]
        else:
            assert 40 <= count <= 200, answer["id"]


def test_ratings_span_the_scale_and_strong_answers_exist_for_the_adversarial_check(eval_set):
    ratings = Counter(r for a in eval_set["answers"] for r in a["ratings"].values())
    assert set(ratings) == {1, 2, 3, 4, 5}
    for question in eval_set["questions"]:
        answers = [a for a in eval_set["answers"] if a["question"] == question["id"]]
        for key in question["competencies"]:
            assert any(a["ratings"][key] >= 4 for a in answers)
        assert any(a["kind"] in scoring_eval.ADVERSARIAL_KINDS for a in answers)


def test_spearman_uses_average_ranks_for_ties():
    assert scoring_eval.average_ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert scoring_eval.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert scoring_eval.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert scoring_eval.spearman([1, 2, 3], [5, 5, 5]) is None
    # The value scipy.stats.spearmanr gives for these ties.
    xs, ys = [1, 2, 2, 3, 5, 4], [2, 1, 3, 3, 5, 5]
    assert scoring_eval.spearman(xs, ys) == pytest.approx(0.8508410434878082)


def test_a_gamed_answer_at_or_above_a_strong_one_is_a_violation():
    def row(answer, kind, rating, score):
        return scoring_eval.Row(answer, "q1", kind, "ownership", rating, score, 50)

    rows = [
        row("good", "normal", 5, 60),
        row("stuffed", "keyword_stuffed", 1, 60),
        row("off", "off_topic", 1, 10),
        row("silent", "off_topic", 1, None),
    ]
    order = scoring_eval.gaming_order(rows)
    assert order["keyword_stuffed"]["correct"] == 0.0
    assert order["keyword_stuffed"]["wrong"] == ["stuffed(60)>=good(60)"]
    # An off-topic answer below the strong one, or given no number, is ordered correctly.
    assert order["off_topic"]["correct"] == 1.0


def test_partial_rho_removes_what_word_count_explains():
    # Scores that only follow length carry nothing once length is partialled out.
    words = [40, 60, 80, 100, 120, 140]
    ratings = [1, 3, 2, 4, 3, 5]
    assert scoring_eval.partial_spearman(words, ratings, words) is None
    scores = [10, 50, 30, 70, 45, 90]
    assert scoring_eval.partial_spearman(scores, ratings, words) > 0.5


def test_raters_in_perfect_agreement_give_alpha_one():
    assert scoring_eval.krippendorff_interval([[1, 1, 1], [3, 3, 3], [5, 5, 5]]) == 1.0
    assert scoring_eval.krippendorff_interval([[1, 5], [5, 1], [3, 3]]) < 0


def test_a_set_in_the_new_format_loads_with_splits_and_variants(tmp_path):
    given = {
        "version": "t",
        "profiles": [
            {
                "key": "p",
                "name": "P",
                "competencies": [
                    {
                        "key": "c",
                        "name": "C",
                        "description": "d",
                        "weight": 1,
                        "anchors": {str(n): f"level {n}" for n in range(1, 6)},
                        "strong_examples": ["s"],
                        "weak_examples": [],
                    }
                ],
            }
        ],
        "questions": [
            {
                "id": "q1",
                "profile": "p",
                "type": "situational",
                "text": "Q?",
                "competencies": ["c"],
                "split": "dev",
            },
            {
                "id": "q2",
                "profile": "p",
                "type": "behavioural",
                "text": "R?",
                "competencies": ["c"],
                "split": "test",
            },
        ],
        "answers": [
            {
                "id": "a1",
                "question": "q1",
                "kind": "normal",
                "text": "t",
                "variant_of": None,
                "variant": None,
                "ratings": {"c": 4.33},
                "rater_ratings": {"c": [4, 4, 5]},
            },
            {
                "id": "a2",
                "question": "q2",
                "kind": "normal",
                "text": "t",
                "variant_of": None,
                "variant": None,
                "ratings": {"c": 2},
                "rater_ratings": {"c": [2, 2, 2]},
            },
        ],
    }
    path = tmp_path / "set.json"
    path.write_text(__import__("json").dumps(given))
    dev = scoring_eval.select_split(scoring_eval.load_set(tmp_path), "dev")
    assert [a["id"] for a in dev["answers"]] == ["a1"]
    spec = scoring_eval.competency_specs(dev["profiles"]["p"])["c"]
    assert spec.anchors == tuple(f"level {n}" for n in range(1, 6))
    assert dev["questions"][0]["type"] == "situational"
