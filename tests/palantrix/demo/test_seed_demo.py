"""`seed_demo`: a complete demo made once through the product's services, restored by
--reset, and refused wherever it could reach production."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from compliance.models import SelfIdentification
from interviews.models import (
    Answer,
    AnswerStatus,
    Decision,
    Invitation,
    InvitationStatus,
    Job,
    LiveInterview,
    OutcomeEmail,
    ShareLink,
)
from palantrix.models import AuditEvent, Membership, Organization
from scoring.models import Rating
from web.demo import people
from web.demo.models import DemoOrganization

pytestmark = pytest.mark.django_db

COUNTED = (
    "palantrix.Organization",
    "palantrix.Membership",
    "interviews.Job",
    "interviews.Profile",
    "interviews.Question",
    "interviews.Invitation",
    "interviews.Answer",
    "interviews.Consent",
    "interviews.Decision",
    "interviews.LiveInterview",
    "interviews.ShareLink",
    "scoring.Rating",
    "compliance.SelfIdentification",
    "palantrix.AuditEvent",
    "demo.DemoOrganization",
)


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def seed(*args):
    call_command("seed_demo", *args, verbosity=0)


def demo_candidate(name: str) -> Invitation:
    return Invitation.objects.get(name=name)


def test_the_demo_has_two_jobs_candidates_at_every_stage_and_no_names_in_its_audit(
    demo_settings, client
):
    seed()

    organization = Organization.objects.get(slug="acme")
    jobs = Job.objects.for_organization(organization)
    assert sorted(jobs.values_list("title", flat=True)) == [
        "Customer success manager (demo)",
        "Software engineer (demo)",
    ]
    for job in jobs:
        assert job.status == "open"
        assert job.profile.versions.get().competencies.exclude(anchors=[]).count() == 3
    assert demo_candidate("Noah Fischer").status == InvitationStatus.INVITED
    in_progress = demo_candidate("Lena Okafor")
    assert in_progress.status == InvitationStatus.STARTED
    assert in_progress.answers.count() == 1
    for name in ("Priya Raman", "Tom Becker", "Jonas Weber", "Amara Nwosu", "Mark Ellis"):
        finished = demo_candidate(name)
        assert finished.status == InvitationStatus.COMPLETED
        assert not finished.human_review_only
    assert demo_candidate("Sofia Costa").human_review_only
    # Real recordings in the bucket, each queued for the worker (uploaded, not yet processed).
    recorded = Answer.objects.for_organization(organization)
    assert recorded.count() == DemoOrganization.objects.get().recordings == 27
    assert set(recorded.values_list("status", flat=True)) == {AnswerStatus.UPLOADED}
    assert all(a.object_key.startswith(f"orgs/{organization.public_id}/") for a in recorded)
    # People's steps, by the demo reviewers.
    advanced = demo_candidate("Amara Nwosu")
    assert advanced.decisions.get().outcome == "advance"
    assert LiveInterview.objects.get(invitation=advanced).status == "scheduled"
    assert ShareLink.objects.get().invitation == advanced
    rejected = demo_candidate("Mark Ellis")
    assert rejected.decisions.get().outcome == "reject"
    # The rejected candidate heard back: the email went out and is on their rights page.
    told = OutcomeEmail.objects.get(invitation=rejected)
    assert (told.status, told.kind, told.template_version) == ("sent", "reject", 0)
    assert "not to move forward with your application" in told.body
    manager = Membership.objects.get(organization=organization, role="hiring_manager")
    assert manager.is_overseer
    assert Decision.objects.filter(decided_by=manager.user).count() == 2
    assert Rating.objects.count() == 12
    # Enough voluntary self-identification for a bias report: every finished candidate.
    assert SelfIdentification.objects.filter(consented_at__isnull=False).count() == 8
    # The dashboard says it is demo data and how far the worker got.
    client.force_login(manager.user)
    page = client.get(f"/o/{organization.slug}/").content.decode()
    assert "This is demo data" in page
    assert "0 of 27 done" in page
    # Its audit events hold ids and reasons, never names, emails or spoken words.
    text = " ".join(str(event.data) for event in AuditEvent.objects.all())
    for candidate in people.CUSTOMER_SUCCESS + people.SOFTWARE_ENGINEERING:
        assert candidate.name not in text
        assert candidate.email not in text
        for answer in candidate.answers:
            assert answer[:40] not in text
    assert "@demo.palantrix.test" not in text


def test_seeding_again_changes_nothing_and_reset_puts_the_demo_back_as_it_was(demo_settings):
    seed()
    before = counts()

    seed()

    assert counts() == before
    organization = Organization.objects.get(slug="acme")
    demo_candidate("Noah Fischer").delete()
    Job.objects.filter(title="Software engineer (demo)").update(title="Renamed by a visitor")

    seed("--reset")

    assert not Organization.objects.filter(pk=organization.pk).exists()
    # The old organisation's audit chain went with it; the new one records the same steps.
    assert counts() == before
    assert Job.objects.filter(title="Software engineer (demo)").exists()
    assert demo_candidate("Noah Fischer").status == InvitationStatus.INVITED


def test_production_settings_refuse_to_seed(settings, s3_bucket):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="never in production"):
        seed()
    settings.HTTPS = True
    with pytest.raises(CommandError, match="never in production"):
        seed("--force")
    assert not Organization.objects.filter(slug="acme").exists()
