"""The audit log in the product, for admins: a candidate's timeline and the organisation's
log with filters, pages and a CSV export."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import Answer
from palantrix import audit
from palantrix.models import AuditEvent
from review.services import decisions, scores, sharing
from tests.factories import InvitationFactory, scored_answer
from tests.scoring.conftest import review_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(org, admin):
    return review_job(org, admin)


@pytest.fixture
def story(job, admin, recruiter):
    """One candidate's life in the log (and another candidate's, which must stay apart)."""
    first = InvitationFactory(job=job, name="Zebulon Quist")
    other = InvitationFactory(job=job, name="Philippa Other")
    answer = scored_answer(first, [60, 40], sentences=["I called back."])
    scored_answer(other, [50, 50], sentences=["Someone else."])
    scores.candidate_viewed(invitation=first, actor=recruiter, answers=1)
    scores.score_override(
        score=answer.scores.order_by("pk").first(),
        actor=admin,
        value=75,
        reason="=HYPERLINK(evidence missed)",
    )
    sharing.share_link_create(invitation=first, actor=recruiter, days=3, label="")
    decisions.decision_record(
        invitation=first, actor=admin, outcome="advance", reason="Strong customer focus."
    )
    decisions.decision_record(invitation=other, actor=admin, outcome="reject", reason="Other.")
    return first, other


def timeline(client, org, invitation):
    return client.get(
        reverse("candidate_audit", kwargs={"org": org.slug, "invitation_id": invitation.public_id})
    )


def labels(page: str) -> list[str]:
    return [html.unescape(found) for found in re.findall(r"<td><strong>([^<]+)</strong>", page)]


def test_a_candidates_timeline_lists_every_event_about_them_in_order(client_for, admin, org, story):
    first, _ = story

    response = timeline(client_for(admin), org, first)

    page = response.content.decode()
    assert response.status_code == 200
    assert labels(page) == [
        "Candidate's answers viewed",
        "AI score overridden",
        "Share link created",
        "Decision recorded",
    ]
    # Who, by role and by name (members of this organisation), and the reasons given.
    assert "Recruiter: recruiter@acme.test" in page
    assert "Admin: Ada" in page
    assert "<q>=HYPERLINK(evidence missed)</q>" in page
    assert "<q>Strong customer focus.</q>" in page
    assert "Other." not in page  # the other candidate's decision
    # The candidate page links the timeline for admins.
    candidate_page = client_for(admin).get(
        reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": first.public_id})
    )
    assert reverse("candidate_audit", args=[org.slug, first.public_id]) in (
        candidate_page.content.decode()
    )


def test_only_admins_see_audit_pages_and_other_organisations_get_404(
    client_for, recruiter, hiring_manager, other_admin, org, story
):
    first, _ = story
    for user in (recruiter, hiring_manager):
        client = client_for(user)
        assert timeline(client, org, first).status_code == 403
        assert client.get(reverse("audit_log", args=[org.slug])).status_code == 403
        assert client.get(reverse("audit_log_csv", args=[org.slug])).status_code == 403
    outsider = client_for(other_admin)
    assert timeline(outsider, org, first).status_code == 404
    assert outsider.get(reverse("audit_log", args=[org.slug])).status_code == 404
    other_org_slug = other_admin.memberships.get().organization.slug
    assert timeline(outsider, type(org).objects.get(slug=other_org_slug), first).status_code == 404


def test_names_are_shown_only_for_members_of_the_same_organisation(
    client_for, admin, other_admin, org, story
):
    first, _ = story
    # An event whose actor is not a member here (say, someone who has left).
    audit.record(
        organization=org, actor=other_admin, action="interviews.candidate.viewed", target=first
    )

    page = timeline(client_for(admin), org, first).content.decode()

    assert "admin@globex.test" not in page
    assert f'Former member or staff<br><span class="muted">user {other_admin.pk}</span>' in page


def log(client, org, **query):
    return client.get(reverse("audit_log", args=[org.slug]), query)


def test_the_organisation_log_filters_by_action_actor_dates_job_and_candidate(
    client_for, admin, recruiter, make, org, job, story
):
    first, _ = story
    other_job = services.job_create(organization=org, actor=admin, title="Elsewhere")
    services.question_add(job=other_job, actor=admin, question=services.QuestionInput("Why?"))
    elsewhere = InvitationFactory(job=other_job, name="Elsewhere")
    decisions.decision_record(invitation=elsewhere, actor=admin, outcome="hold", reason="Later.")
    client = client_for(admin)

    decided = labels(log(client, org, action="interviews.candidate").content.decode())
    assert decided.count("Decision recorded") == 3
    assert "Candidate's answers viewed" in decided  # a prefix matches whole parts
    by_recruiter = log(client, org, actor=f"user:{recruiter.pk}").content.decode()
    assert labels(by_recruiter) == ["Share link created", "Candidate's answers viewed"]
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    assert labels(log(client, org, since=tomorrow.isoformat()).content.decode()) == []
    today = timezone.now().date().isoformat()
    assert len(labels(log(client, org, since=today, until=today).content.decode())) > 5
    in_job = log(client, org, job=str(job.public_id), action="interviews.candidate.decided")
    assert "Later." not in in_job.content.decode()  # another job's candidate
    assert labels(in_job.content.decode()).count("Decision recorded") == 2
    about_first = log(client, org, candidate=str(first.public_id)).content.decode()
    assert "Strong customer focus." in about_first
    assert "Other." not in about_first
    bad = log(client, org, since="2026-02-01", until="2026-01-01")
    assert bad.status_code == 400
    assert "The end of the period comes before its start." in bad.content.decode()


def test_the_log_comes_in_pages_of_fifty_newest_first(client_for, admin, org, story):
    first, _ = story
    for _ in range(60):
        audit.record(
            organization=org, actor=admin, action="interviews.candidate.viewed", target=first
        )
    client = client_for(admin)
    total = AuditEvent.objects.filter(organization=org).count()

    first_page = log(client, org).content.decode()
    second = log(client, org, page=2).content.decode()

    numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', first_page)]
    assert len(numbers) == 50
    assert numbers == sorted(numbers, reverse=True)
    assert f"Page 1 of {-(-total // 50)}" in first_page
    later = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', second)]
    assert max(later) < min(numbers)


def test_the_csv_export_is_escaped_audited_and_holds_what_the_filter_shows(
    client_for, admin, org, story
):
    first, _ = story
    client = client_for(admin)

    response = client.get(
        reverse("audit_log_csv", args=[org.slug]), {"candidate": str(first.public_id)}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Sequence", "Time (UTC)", "Action", "What happened"]
    body = rows[1:]
    assert [row[2] for row in body] == [
        "interviews.candidate.decided",
        "interviews.share_link.created",
        "scoring.score.overridden",
        "interviews.candidate.viewed",
    ]
    override = body[2]
    assert override[6:8] == ["Admin", "Ada"]
    assert override[10] == "'=HYPERLINK(evidence missed)"  # never a formula
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in body for cell in row)
    exported = AuditEvent.objects.get(action="compliance.audit_log.exported")
    assert exported.actor_id == str(admin.pk)
    assert exported.data == {"filters": {"candidate": str(first.public_id)}, "rows": 4}
    assert str(exported.sequence) not in [row[0] for row in body]


def test_the_answers_events_belong_to_the_candidates_timeline(client_for, admin, org, story):
    first, _ = story
    answer = Answer.objects.get(invitation=first)
    audit.record(
        organization=org,
        actor=audit.SystemActor("scoring.worker"),
        action="scoring.answer.needs_review",
        target=answer,
        data={"reason": "silent"},
    )

    page = timeline(client_for(admin), org, first).content.decode()

    assert labels(page)[-1] == "Sent to human review"
    assert 'System<br><span class="muted">scoring.worker</span>' in page
