"""Share links: one candidate, read-only, for someone without an account, until it expires."""

import re
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Answer, ShareLink
from palantrix.models import AuditEvent
from palantrix.tokens import token_hash
from review import services as review_services
from tests.factories import scored_candidates, with_transcript
from tests.scoring.conftest import review_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(org, admin):
    return review_job(org, admin)


SEGMENTS = [(0.0, 5.0, "I called the customer back the same day and refunded the charge.")]


def make_link(client, org, invitation, days="7", label="Head of support"):
    url = reverse(
        "share_link_create", kwargs={"org": org.slug, "invitation_id": invitation.public_id}
    )
    page = client.post(url, {"days": days, "label": label}, follow=True).content.decode()
    found = re.search(r"http://testserver(/shared/[^/\s]+/)", page)
    return (found.group(1) if found else None), page


@pytest.fixture
def shared(client_for, hiring_manager, org, job):
    first, other = scored_candidates(job, [(70, 40), (90, 90)])
    with_transcript(first, SEGMENTS, evidence=[(0, SEGMENTS[0][2], "I called back.")])
    path, _ = make_link(client_for(hiring_manager), org, first)
    return first, other, path


def test_someone_without_an_account_sees_one_candidate_read_only(client, shared, org):
    _, _, path = shared
    client.logout()
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Candidate 000" in page
    assert "I called the customer back the same day" in page
    assert "<mark>" in page  # the evidence, marked
    assert '<span class="value">70</span>/100' in page
    assert "Candidate 001" not in page  # one candidate only
    assert "<form" not in page  # no actions: no decision, rating, override or share
    assert "csrfmiddlewaretoken" not in page


def test_a_view_through_a_share_link_is_audited_with_ids_and_no_names(client, shared):
    first, _, path = shared
    client.logout()
    client.get(path)
    client.get(path)
    link = ShareLink.objects.get()
    events = AuditEvent.objects.filter(action="interviews.share_link.viewed")
    assert events.count() == 2
    assert events.first().data == {
        "share_link": str(link.public_id),
        "invitation": str(first.public_id),
        "answers": 1,
    }
    assert "Candidate" not in str(events.first().data)
    link.refresh_from_db()
    assert link.views == 2


def test_creation_and_revocation_are_audited_and_the_token_is_kept_only_as_a_hash(
    client_for, hiring_manager, shared, org
):
    first, _, path = shared
    token = path.split("/")[2]
    assert len(token) >= 43  # 32 random bytes, base64
    link = ShareLink.objects.get()
    assert link.token_hash == token_hash(token)
    assert not ShareLink.objects.filter(token_hash=token).exists()
    created = AuditEvent.objects.get(action="interviews.share_link.created")
    assert created.data == {"invitation": str(first.public_id), "days": 7}
    assert created.actor_id == str(hiring_manager.pk)

    client = client_for(hiring_manager)
    candidate = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": first.public_id}
    )
    assert "Head of support" in client.get(candidate).content.decode()  # the list
    revoke = reverse("share_link_revoke", kwargs={"org": org.slug, "share_link_id": link.public_id})
    client.post(revoke)
    client.post(revoke)  # twice: still one event
    revoked = AuditEvent.objects.filter(action="interviews.share_link.revoked")
    assert revoked.count() == 1
    assert revoked.get().data == {"invitation": str(first.public_id)}


def test_a_revoked_link_gets_a_clear_page(client_for, hiring_manager, shared, org, client):
    _, _, path = shared
    link = ShareLink.objects.get()
    client_for(hiring_manager).post(
        reverse("share_link_revoke", kwargs={"org": org.slug, "share_link_id": link.public_id})
    )
    client.logout()
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 410
    assert "This link was withdrawn" in page
    assert "ask manager@acme.test at Acme Robotics for a new link" in page
    assert "I called the customer back" not in page
    assert not AuditEvent.objects.filter(action="interviews.share_link.viewed").exists()


def test_an_expired_link_gets_a_clear_page(client, shared):
    _, _, path = shared
    ShareLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 410
    assert "This link has expired" in page
    assert "for a new link" in page
    assert "Candidate 000" not in page


def test_times_labelled_utc_are_in_utc_whatever_the_servers_zone(
    client, client_for, hiring_manager, shared, org, settings
):
    first, _, path = shared
    settings.TIME_ZONE = "America/New_York"
    expires = (timezone.now() + timedelta(days=3)).replace(
        hour=9, minute=15, second=0, microsecond=0, tzinfo=UTC
    )
    ShareLink.objects.update(expires_at=expires)
    label = f"{expires:%-d %b %Y}, 09:15 UTC"
    with timezone.override("America/New_York"):
        candidate = reverse(
            "candidate_detail", kwargs={"org": org.slug, "invitation_id": first.public_id}
        )
        member_page = client_for(hiring_manager).get(candidate).content.decode()
        client.logout()
        shared_page = client.get(path).content.decode()
        ShareLink.objects.update(expires_at=expires - timedelta(days=5))
        closed_page = client.get(path).content.decode()
    assert label in shared_page
    assert label.replace(",", "") in member_page
    assert f"{expires - timedelta(days=5):%-d %b %Y}, 09:15 UTC" in closed_page


def test_an_unknown_link_is_a_plain_404(client, shared):
    response = client.get("/shared/not-a-real-token/")
    assert response.status_code == 404
    assert "We don't recognise this link" in response.content.decode()


def test_the_expiry_is_chosen_between_1_and_14_days(client_for, hiring_manager, org, job):
    (invitation,) = scored_candidates(job, [(70, 40)])
    client = client_for(hiring_manager)
    path, page = make_link(client, org, invitation, days="15")
    assert path is None
    assert "A share link lasts 1 to 14 days." in page
    path, page = make_link(client, org, invitation, days="1")
    assert path is not None
    link = ShareLink.objects.get()
    assert timedelta(hours=23) < link.expires_at - timezone.now() <= timedelta(days=1)


def test_on_a_blind_job_sharing_waits_for_the_makers_own_rating(
    client_for, hiring_manager, make, org, job
):
    job.blind_first_review = True
    job.save(update_fields=["blind_first_review"])
    (invitation,) = scored_candidates(job, [(70, 40)])
    answer = Answer.objects.get(invitation=invitation)
    colleague = make.member(org, "hiring_manager")
    review_services.rating_record(answer=answer, reviewer=colleague, value=4)  # someone else's

    client = client_for(hiring_manager)
    path, page = make_link(client, org, invitation)
    assert path is None
    assert "rate every answer of this candidate before sharing" in page
    assert not ShareLink.objects.exists()

    review_services.rating_record(answer=answer, reviewer=hiring_manager, value=3)
    path, _ = make_link(client, org, invitation)
    assert path is not None
    client.logout()
    assert '<span class="value">70</span>/100' in client.get(path).content.decode()


def test_another_organisation_cannot_manage_the_link(
    client_for, other_admin, shared, org, other_org
):
    link = ShareLink.objects.get()
    client = client_for(other_admin)
    revoke = reverse(
        "share_link_revoke", kwargs={"org": other_org.slug, "share_link_id": link.public_id}
    )
    assert client.post(revoke).status_code == 404
    create = reverse(
        "share_link_create",
        kwargs={"org": other_org.slug, "invitation_id": link.invitation.public_id},
    )
    assert client.post(create, {"days": 7}).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert ShareLink.objects.count() == 1


def test_a_new_link_is_shown_once_in_the_share_section_with_a_copy_button(
    client_for, hiring_manager, org, job
):
    (candidate,) = scored_candidates(job, [(70, 40)])
    client = client_for(hiring_manager)
    path, page = make_link(client, org, candidate)

    section = page[page.index('id="share-heading"') :]
    assert f'value="http://testserver{path}"' in section  # where the page scrolls to
    assert 'data-copy="new-share-link"' in section
    assert page.count(path) == 1  # not repeated in the message at the top
    assert 'copy it from the <a href="#share-heading">share links</a> section' in page
    again = client.get(
        reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": candidate.public_id})
    ).content.decode()
    assert path not in again  # shown only once
