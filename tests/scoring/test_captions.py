"""Captions for an answer's player, from its transcript's timings: members and share links."""

import pytest
from django.urls import reverse

from interviews.models import Answer, ShareLink
from review.playback import webvtt
from scoring.models import TranscriptSegment
from tests.factories import scored_candidates, with_transcript
from tests.interviews.test_share_links import make_link
from tests.scoring.conftest import review_job

pytestmark = pytest.mark.django_db

SEGMENTS = [
    (0.0, 2.25, "I called the customer back."),
    (2.25, 61.5, "Then I refunded\n\nthe charge --> at once <now> & apologised."),
]


@pytest.fixture
def candidates(org, admin):
    first, other = scored_candidates(review_job(org, admin), [(70, 40), (90, 90)])
    with_transcript(first, SEGMENTS)
    with_transcript(other, [(0.0, 1.0, "Someone else.")])
    return first, other


def captions_url(org, invitation):
    answer = Answer.objects.get(invitation=invitation)
    return reverse("answer_captions", kwargs={"org": org.slug, "answer_id": answer.public_id})


def test_captions_follow_the_transcript_timings_and_escape_its_text(
    client_for, hiring_manager, org, candidates
):
    response = client_for(hiring_manager).get(captions_url(org, candidates[0]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:02.250\nI called the customer back.\n\n"
        "2\n00:00:02.250 --> 00:01:01.500\n"
        "Then I refunded the charge --&gt; at once &lt;now&gt; &amp; apologised.\n"
    )


def test_captions_of_a_corrected_transcript_are_the_corrected_text(
    client_for, admin, org, candidates
):
    answer = Answer.objects.get(invitation=candidates[0])
    transcript = answer.transcripts.get()
    TranscriptSegment.objects.filter(transcript=transcript, index=0).update(text="Corrected.")

    page = client_for(admin).get(captions_url(org, candidates[0])).content.decode()

    assert "Corrected." in page
    assert "I called the customer back." not in page


def test_a_cue_never_ends_before_it_starts():
    class Segment:
        start, end, text = 5.0, 5.0, "Yes."

    assert "00:00:05.000 --> 00:00:05.500" in webvtt([Segment()])


def test_another_organisation_gets_404_for_the_captions(client_for, other_admin, org, candidates):
    assert client_for(other_admin).get(captions_url(org, candidates[0])).status_code == 404


def test_a_share_link_gives_the_captions_of_its_candidate_only_and_only_while_open(
    client, client_for, hiring_manager, org, candidates
):
    first, other = candidates
    path, _ = make_link(client_for(hiring_manager), org, first)
    token = path.split("/")[2]
    client.logout()

    def shared(invitation):
        answer = Answer.objects.get(invitation=invitation)
        return client.get(
            reverse(
                "shared_answer_captions", kwargs={"token": token, "answer_id": answer.public_id}
            )
        )

    opened = shared(first)
    assert opened.status_code == 200
    assert "I called the customer back." in opened.content.decode()
    assert opened["Referrer-Policy"] == "no-referrer"
    assert ShareLink.objects.get().views == 0  # the page counts views, not its captions
    assert shared(other).status_code == 404  # same organisation, another candidate
    ShareLink.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert shared(first).status_code == 404
