"""The API's resources through the same services as the pages: jobs, invitations (one or
many, idempotent), interviews with scores and evidence, human decisions, media links, audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.services import instructions_acknowledge, overseer_set
from interviews.models import Decision
from palantrix.models import AuditEvent, Membership
from palantrix.storage import s3_client
from tests.factories import scored_candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def overseer(hiring_manager, admin, org):
    membership = Membership.objects.get(user=hiring_manager, organization=org)
    instructions_acknowledge(membership=membership, actor=hiring_manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    return hiring_manager


def test_a_job_created_through_the_api_is_audited_as_the_key(api, org):
    response = api.post("jobs/", {"title": "Data engineer", "location": "Lisbon"})
    assert response.status_code == 201
    job = response.json()
    assert job["title"] == "Data engineer"
    assert job["status"] == "draft"
    assert api.get(f"jobs/{job['id']}/").json()["location"] == "Lisbon"
    (question_set,) = api.get(f"jobs/{job['id']}/question-sets/").json()
    assert question_set["version"] == 1
    event = AuditEvent.objects.get(action="interviews.job.created")
    assert (event.actor_type, event.actor_id) == ("api_key", str(api.key.public_id))


def test_a_jobs_public_link_is_shown_read_only(api, interview_job, recruiter):
    from interviews.services import public_links

    assert api.get(f"jobs/{interview_job.public_id}/").json()["public_link"] is None
    link = public_links.public_link_publish(job=interview_job, actor=recruiter, cap=10)

    (listed,) = api.get("jobs/").json()["results"]
    assert listed["public_link"] == {
        "url": f"http://testserver/apply/{link.public_id}/",
        "open": True,
        "cap": 10,
        "registered": 0,
    }
    assert listed["auto_extension_days"] == 0


def test_profiles_are_read_with_every_version(api, job):
    profile = job.profile
    (listed,) = api.get("profiles/").json()["results"]
    assert listed["id"] == str(profile.public_id)
    detail = api.get(f"profiles/{profile.public_id}/").json()
    (version,) = detail["versions"]
    assert version["version"] == 1
    assert [c["name"] for c in version["competencies"]] == ["Customer focus", "Teamwork"]


def test_invitations_one_or_many_with_a_result_per_row(api, interview_job):
    one = api.post(
        "invitations/",
        {"job": str(interview_job.public_id), "name": "Nia Park", "email": "nia@example.test"},
    )
    assert one.status_code == 201
    assert one.json()["status"] == "invited"
    many = api.post(
        "invitations/bulk/",
        {
            "job": str(interview_job.public_id),
            "candidates": [
                {"name": "Bea Good", "email": "bea@example.test"},
                {"name": "Nia Again", "email": "nia@example.test"},
            ],
        },
    )
    assert many.status_code == 201
    body = many.json()
    assert (body["sent"], body["failed"]) == (1, 1)
    assert body["results"][0]["invitation"]["email"] == "bea@example.test"
    assert body["results"][1]["error"] == (
        "nia@example.test already has an open invitation to this job."
    )
    again = api.post(
        "invitations/",
        {"job": str(interview_job.public_id), "name": "Nia Park", "email": "nia@example.test"},
    )
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"


def test_invitation_list_filters_orders_and_pages_with_cursors(api, interview_job, recruiter):
    from interviews import services

    sent = [
        services.invitation_send(
            job=interview_job, actor=recruiter, name=f"C {n}", email=f"c{n}@example.test"
        )
        for n in range(3)
    ]
    services.invitation_revoke(invitation=sent[0], actor=recruiter)
    first = api.get("invitations/", {"page_size": 2, "status": "invited"}).json()
    assert [row["email"] for row in first["results"]] == ["c2@example.test", "c1@example.test"]
    assert first["next"] is None
    page = api.get("invitations/", {"page_size": 1, "ordering": "created_at"}).json()
    assert [row["email"] for row in page["results"]] == ["c0@example.test"]
    following = api.get(page["next"].split("/api/v1/")[1]).json()
    assert [row["email"] for row in following["results"]] == ["c1@example.test"]
    assert api.get("invitations/", {"email": "c1@example.test"}).json()["results"][0]["id"] == (
        str(sent[1].public_id)
    )
    bad = api.get("invitations/", {"status": "hired", "created_after": "yesterday"})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"status", "created_after"}


def test_resend_extend_and_revoke_use_the_page_services(api, interview_job, recruiter):
    from interviews import services

    invitation = services.invitation_send(
        job=interview_job, actor=recruiter, name="Nia Park", email="nia@example.test"
    )
    path = f"invitations/{invitation.public_id}/"
    assert api.post(path + "resend/").json()["send_count"] == 2
    deadline = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    extended = api.post(path + "extend/", {"deadline": deadline.isoformat()})
    assert extended.status_code == 200
    invitation.refresh_from_db()
    assert invitation.deadline == deadline
    too_far = api.post(path + "extend/", {"deadline": "2099-01-01T00:00:00Z"})
    assert too_far.status_code == 400
    assert too_far.json()["detail"] == "The deadline can be at most 60 days ahead."
    assert api.post(path + "revoke/", {"reason": "Role filled"}).json()["status"] == "revoked"
    actions = set(
        AuditEvent.objects.filter(target_id=str(invitation.public_id)).values_list(
            "action", flat=True
        )
    )
    assert {
        "interviews.invitation.resent",
        "interviews.invitation.extended",
        "interviews.invitation.revoked",
    } <= actions


def test_an_interview_has_answers_scores_and_evidence_and_reading_it_is_audited(api, job):
    (invitation,) = scored_candidates(job, [(50, 70)])
    response = api.get(f"interviews/{invitation.public_id}/")
    assert response.status_code == 200
    interview = response.json()
    assert interview["status"] == "completed"
    assert interview["overall_score"] is not None
    (answer,) = interview["answers"]
    assert answer["transcript"]["text"] == "t"
    assert sorted(s["value"] for s in answer["scores"]) == [50, 70]
    assert {s["profile_version"] for s in answer["scores"]} == {1}
    assert interview["decision"] is None
    event = AuditEvent.objects.get(action="interviews.candidate.viewed")
    assert (event.actor_type, event.target_id) == ("api_key", str(invitation.public_id))


def test_a_decision_is_recorded_as_the_named_overseers_through_the_key(api, job, overseer):
    (invitation,) = scored_candidates(job, [(50, 70)])
    path = f"interviews/{invitation.public_id}/decisions/"
    response = api.post(
        path,
        {"outcome": "advance", "reason": "Clear examples", "on_behalf_of": overseer.email.upper()},
    )
    assert response.status_code == 201
    decision = Decision.objects.get()
    assert decision.decided_by == overseer
    event = AuditEvent.objects.get(action="interviews.candidate.decided")
    assert (event.actor_type, event.actor_id) == ("user", str(overseer.pk))
    assert event.data["api_key"] == str(api.key.public_id)
    assert api.get(path).json()[0]["outcome"] == "advance"
    by_id = api.post(
        path, {"outcome": "hold", "reason": "Second look", "on_behalf_of": str(overseer.pk)}
    )
    assert by_id.status_code == 201


def test_a_decision_needs_an_overseer_member_and_a_reason(
    api, job, recruiter, other_admin, overseer
):
    (invitation,) = scored_candidates(job, [(50, 70)])
    path = f"interviews/{invitation.public_id}/decisions/"
    not_overseer = api.post(
        path, {"outcome": "reject", "reason": "x", "on_behalf_of": recruiter.email}
    )
    assert not_overseer.status_code == 403
    outsider = api.post(
        path, {"outcome": "reject", "reason": "x", "on_behalf_of": other_admin.email}
    )
    assert outsider.status_code == 400
    assert outsider.json()["errors"][0]["field"] == "on_behalf_of"
    no_reason = api.post(path, {"outcome": "reject", "reason": " ", "on_behalf_of": overseer.email})
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == [
        {"field": "reason", "message": "This field may not be blank."}
    ]
    nobody = api.post(path, {"outcome": "reject", "reason": "x"})
    assert nobody.json()["errors"] == [
        {"field": "on_behalf_of", "message": "This field is required."}
    ]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Per sam@example.com", "Reason: leave out email addresses"),
        ("x" * 1001, "Reason: keep it to 1,000 characters"),
    ],
)
def test_a_decision_reason_the_log_cannot_keep_is_a_400_naming_the_field(
    api, job, overseer, reason, message
):
    (invitation,) = scored_candidates(job, [(50, 70)])
    path = f"interviews/{invitation.public_id}/decisions/"

    response = api.post(path, {"outcome": "hold", "reason": reason, "on_behalf_of": overseer.email})

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "reason"
    assert error["message"].startswith(message)
    assert not Decision.objects.exists()


def test_a_media_link_is_short_lived_works_and_is_audited(api, job, s3_bucket):
    import urllib.request

    (invitation,) = scored_candidates(job, [(50, 70)])
    answer = invitation.answers.get()
    answer.object_key = f"test/{answer.public_id}.webm"
    answer.content_type = "video/webm"
    answer.save(update_fields=["object_key", "content_type"])
    s3_client().put_object(Bucket=s3_bucket, Key=answer.object_key, Body=b"webm-bytes")

    response = api.get(f"answers/{answer.public_id}/media/")
    assert response.status_code == 200
    link = response.json()
    assert "X-Amz-Expires=300" in link["url"]
    with urllib.request.urlopen(link["url"]) as media:
        assert media.read() == b"webm-bytes"
    assert AuditEvent.objects.filter(
        action="api.media_url.issued", target_id=str(answer.public_id), actor_type="api_key"
    ).exists()


def test_a_written_answer_has_no_media_link(api, job):
    (invitation,) = scored_candidates(job, [(50, 70)])
    answer = invitation.answers.get()
    assert api.get(f"answers/{answer.public_id}/media/").status_code == 404


def test_audit_events_filter_by_action_target_and_time(api, interview_job, recruiter):
    from interviews import services

    invitation = services.invitation_send(
        job=interview_job, actor=recruiter, name="Nia Park", email="nia@example.test"
    )
    sent = api.get("audit-events/", {"action": "interviews.invitation"}).json()["results"]
    assert [e["action"] for e in sent] == ["interviews.invitation.sent"]
    target = api.get("audit-events/", {"target_id": str(invitation.public_id)}).json()["results"]
    assert {e["action"] for e in target} == {"interviews.invitation.sent"}
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert api.get("audit-events/", {"since": later}).json()["results"] == []
    assert len(api.get("audit-events/", {"until": later}).json()["results"]) >= 3


def test_throttling_answers_429_with_retry_after(api, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    for _ in range(3):
        assert api.get("jobs/").status_code == 200
    response = api.get("jobs/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "Too many requests"


def test_an_interview_is_read_in_a_fixed_number_of_queries(
    api, job, django_assert_max_num_queries, overseer
):
    from review import services as review_services
    from scoring.models import Score

    (invitation,) = scored_candidates(job, [(50, 70)])
    for score in Score.objects.all():
        review_services.score_override(score=score, actor=overseer, value=90, reason="Clear")
    with django_assert_max_num_queries(19):
        interview = api.get(f"interviews/{invitation.public_id}/").json()
    overrides = [s["overrides"] for s in interview["answers"][0]["scores"]]
    assert [[o["value"] for o in found] for found in overrides] == [[90], [90]]
    assert all(o[0]["reason"] == "Clear" for o in overrides)


def test_an_api_url_without_its_slash_is_redirected_and_unknown_ones_are_problems(api):
    assert api.get("jobs").status_code == 301
    unknown = api.get("no-such-thing/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"


def test_a_disabled_overseer_cannot_be_named_to_decide(api, job, overseer):
    (invitation,) = scored_candidates(job, [(50, 70)])
    path = f"interviews/{invitation.public_id}/decisions/"
    overseer.is_active = False
    overseer.save(update_fields=["is_active"])

    for who in (overseer.email, str(overseer.pk)):
        response = api.post(path, {"outcome": "advance", "reason": "Clear", "on_behalf_of": who})
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {
                "field": "on_behalf_of",
                "message": "No active member of this organisation has that user id or email.",
            }
        ]
    assert not Decision.objects.exists()


def test_pages_of_rows_created_in_the_same_instant_hold_each_row_once(
    api, interview_job, recruiter
):
    from django.utils import timezone

    from interviews import services
    from interviews.models import Invitation

    sent = [
        services.invitation_send(
            job=interview_job, actor=recruiter, name=f"C {n}", email=f"c{n}@example.test"
        )
        for n in range(5)
    ]
    ids = sorted(str(invitation.public_id) for invitation in sent)
    Invitation.objects.filter(pk__in=[i.pk for i in sent]).update(created_at=timezone.now())
    for ordering in ("created_at", "-created_at"):
        seen, page = [], api.get("invitations/", {"page_size": 1, "ordering": ordering}).json()
        while True:
            seen += [row["id"] for row in page["results"]]
            # Someone edits the row just listed: it must neither come back nor push one out.
            Invitation.objects.filter(public_id=seen[-1]).update(name="Edited")
            if page["next"] is None:
                break
            page = api.get(page["next"].split("/api/v1/")[1]).json()
        assert sorted(seen) == ids, ordering


def test_lists_sort_only_by_fields_that_never_change(api, interview_job, recruiter):
    """A field that changes (deadline, updated_at) would move rows between pages: asking for
    it gives the usual newest-first order."""
    from interviews import services

    older, newer = (
        services.invitation_send(
            job=interview_job, actor=recruiter, name=f"C {n}", email=f"c{n}@example.test"
        )
        for n in range(2)
    )
    services.invitation_resend(invitation=older, actor=recruiter)  # older changes last
    expected = [str(newer.public_id), str(older.public_id)]
    for ordering in ("-updated_at", "-deadline"):
        rows = api.get("invitations/", {"ordering": ordering}).json()["results"]
        assert [row["id"] for row in rows] == expected, ordering
    rows = api.get("jobs/", {"ordering": "-updated_at"}).json()["results"]
    assert rows[0]["id"] == str(interview_job.public_id)


def test_on_a_blind_job_the_api_leaves_ai_scores_out_until_a_member_rated(api, job, recruiter):
    from review.services import rating_record

    job.blind_first_review = True
    job.save(update_fields=["blind_first_review"])
    (invitation,) = scored_candidates(job, [(50, 70)])
    before = api.get(f"interviews/{invitation.public_id}/").json()
    (answer,) = before["answers"]
    assert (answer["scores"], answer["scores_hidden"], before["overall_score"]) == ([], True, None)

    rating_record(answer=invitation.answers.get(), reviewer=recruiter, value=3)
    after = api.get(f"interviews/{invitation.public_id}/").json()
    (answer,) = after["answers"]
    assert sorted(s["value"] for s in answer["scores"]) == [50, 70]
    assert (answer["scores_hidden"], after["overall_score"]) == (False, 54)
