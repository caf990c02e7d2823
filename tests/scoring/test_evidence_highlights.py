"""Reviewers see, in the transcript itself, the sentences that drove each score."""

import re

import pytest
from django.urls import reverse

from tests.factories import scored_candidates, with_transcript

pytestmark = pytest.mark.django_db

SEGMENTS = [
    (0.0, 4.0, "Hello, I am Candidate 000 and I work in support."),
    (4.0, 9.0, "A customer was charged twice, so I called him back"),
    (9.0, 12.0, "the same day and refunded it myself."),
    (12.0, 15.0, "I also like hiking at the weekend."),
    (15.0, 19.0, "I paired with a colleague to fix the billing export."),
]


def marked(page: str) -> dict[int, str]:
    """Piece index -> the competencies its evidence tags name, for pieces with evidence."""
    found = {}
    for index, body in re.findall(
        r'<p id="piece-[^"]+-(\d+)" class="has-evidence"(.*?)</p>', page, re.S
    ):
        found[int(index)] = " ".join(
            re.findall(r'<a class="evidence-tag"[^>]*>(.*?)</a>', body, re.S)
        )
    return found


def test_evidence_is_marked_in_the_transcript_with_its_example_and_score(
    client_for, hiring_manager, org, job
):
    (invitation,) = scored_candidates(job, [(72, 35)])
    with_transcript(
        invitation,
        SEGMENTS,
        evidence=[
            # Scored from the redacted text: the name is masked there, and the
            # sentence runs over two timed segments.
            (
                0,
                "A customer was charged twice, so I called him back the same day and "
                "refunded it myself.",
                "I called the customer back the same day.",
            ),
            (1, "I paired with a colleague to fix the billing export.", "I paired with a peer."),
            (1, "Hello, I am [name] [name] and I work in support.", "I help my team."),
        ],
    )
    url = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id}
    )
    page = client_for(hiring_manager).get(url).content.decode()

    notes = marked(page)
    assert set(notes) == {0, 1, 2, 4}  # the hiking sentence drove nothing
    assert (notes[1], notes[2], notes[4]) == ("Customer focus", "Customer focus", "Teamwork")
    assert "Teamwork" in notes[0]  # matched although the scorer saw [name] for the name
    # The example each quote matched is explained once, with its score, not on every line.
    assert page.count("I called the customer back the same day.") == 1
    assert page.count("I paired with a peer.") == 1
    assert "<mark>I also like hiking" not in page
    # Each competency can be highlighted on its own.
    assert "data-evidence-filter" in page
    assert page.count('<option value="') >= 2


def test_an_override_shows_beside_the_ais_value_as_large(
    client_for, hiring_manager, admin, org, job
):
    from review import services
    from scoring.models import Score

    (invitation,) = scored_candidates(job, [(40, 35)])
    with_transcript(invitation, SEGMENTS, evidence=[(0, SEGMENTS[1][2], "I called back.")])
    score = Score.objects.get(answer__invitation=invitation, competency_name="Customer focus")
    services.score_override(score=score, actor=admin, value=80, reason="Strong example")
    url = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id}
    )
    page = client_for(hiring_manager).get(url).content.decode()
    assert marked(page)[1] == "Customer focus"
    # The reviewer's value stands beside the AI's, as large (the same class), and first.
    head = re.search(r'<div class="score-values">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'<span class="value">(\d+)</span>', head) == ["80", "40"]
    assert "data-override" in head


def test_blind_first_review_marks_no_evidence_before_ones_own_rating(
    client_for, hiring_manager, org, job
):
    job.blind_first_review = True
    job.save()
    (invitation,) = scored_candidates(job, [(72, 35)])
    with_transcript(invitation, SEGMENTS, evidence=[(0, SEGMENTS[4][2], "I paired.")])
    url = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id}
    )
    page = client_for(hiring_manager).get(url).content.decode()
    assert marked(page) == {}
    assert "billing export" in page  # the transcript itself stays


class _Evidence:
    def __init__(self, *items):
        self.items = items

    def all(self):
        return self.items


class _Item:
    def __init__(self, sentence):
        self.sentence, self.example, self.example_kind = sentence, "e", "strong"


class _Score:
    def __init__(self, *sentences):
        self.public_id = "s1"
        self.evidence = _Evidence(*[_Item(s) for s in sentences])


class _Transcript:
    text = "We shipped it late. I told the client early and we agreed a new date! Done."


def test_a_written_answer_is_split_into_sentences_and_a_near_match_still_marks():
    from scoring import highlights

    found = highlights.pieces(
        transcript=_Transcript(),
        segments=[],
        # One word differs from the text (a corrected transcript): the loose match finds it.
        scores=[_Score("I told the customer early and we agreed a new date.")],
        names=[],
    )
    assert [p.text for p in found] == [
        "We shipped it late.",
        "I told the client early and we agreed a new date!",
        "Done.",
    ]
    assert [bool(p.marks) for p in found] == [False, True, False]
    assert found[1].score_ids == ["s1"]


class _Placed:
    def __init__(self, sentence, start, end):
        self.sentence, self.example, self.example_kind = sentence, "", ""
        self.start, self.end = start, end


class _Segment:
    def __init__(self, index, text):
        self.index, self.text, self.start, self.end = index, text, float(index), index + 1.0


def test_evidence_with_offsets_marks_exactly_its_span_across_segments():
    from scoring import highlights

    class Transcript:
        text = "Hello, I am Ana. A customer was charged twice, so I called him back the same day."

    segments = [
        _Segment(0, "Hello, I am Ana."),
        _Segment(1, "A customer was charged twice,"),
        _Segment(2, "so I called him back the same day."),
    ]
    quote = "charged twice, so I called him back"
    start = Transcript.text.index(quote)
    score = _Score()
    score.evidence = _Evidence(_Placed(quote, start, start + len(quote)))

    found = highlights.pieces(transcript=Transcript(), segments=segments, scores=[score], names=[])

    assert [bool(p.marks) for p in found] == [False, True, True]
    assert [(part.text, part.marked) for part in found[1].parts] == [
        ("A customer was ", False),
        ("charged twice,", True),
    ]
    assert [(part.text, part.marked) for part in found[2].parts] == [
        ("so I called him back", True),
        (" the same day.", False),
    ]


def test_a_masked_quote_is_placed_back_where_the_name_stands():
    from palantrix import redaction

    text = "Call Ana Lima on +44 20 7946 0958. Ana refunded it herself."
    masked = redaction.redact_mapped(text, names=["Ana Lima"])
    assert masked.text == redaction.redact(text, names=["Ana Lima"])
    quote = "[name] refunded it herself"
    start = masked.text.index(quote)
    low, high = masked.original_span(start, start + len(quote))
    assert text[low:high] == "Ana refunded it herself"
    assert masked.original_span(0, len(masked.text) + 1) is None
