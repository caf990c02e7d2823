"""Admins set retention, place and release legal holds, see what the purge would remove and
download the record of processing and the DPIA starter; all of it is audited."""

import pytest
from django.urls import reverse

from compliance.models import DataPolicy, LegalHold
from palantrix.models import AuditEvent
from palantrix.storage import s3_client

from .lifecycle_data import age, candidate, closed_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3_bucket")]


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def policy_post(client, org, **changes):
    data = {
        "candidate_months": 12,
        "audit_months": 24,
        "storage_location": "",
        "sub_processors": "",
    }
    data.update(changes)
    return client.post(url("data_settings", org), data, follow=True)


def test_an_admin_sets_retention_and_the_change_is_audited(client_for, admin, org):
    page = policy_post(
        client_for(admin),
        org,
        candidate_months=6,
        audit_months=36,
        storage_location="EU (Frankfurt)",
        sub_processors="Hetzner | hosting | Germany",
    )

    assert "Retention settings saved." in page.content.decode()
    policy = DataPolicy.objects.get(organization=org)
    assert (policy.candidate_months, policy.audit_months) == (6, 36)
    event = AuditEvent.objects.get(organization=org, action="compliance.data_policy.updated")
    assert event.data == {
        "fields": ["audit_months", "candidate_months", "storage_location", "sub_processors"],
        "candidate_months": 6,
        "audit_months": 36,
    }


def test_audit_log_retention_under_six_months_is_refused_with_the_reason(client_for, admin, org):
    page = policy_post(client_for(admin), org, audit_months=5, candidate_months=3)

    text = page.content.decode()
    assert "Keep the audit log at least 6 months" in text
    assert "Art. 26(6)" in text
    assert 'value="3"' in text  # what was typed is kept on the page
    assert DataPolicy.objects.get(organization=org).audit_months == 24
    assert not AuditEvent.objects.filter(action="compliance.data_policy.updated").exists()


def test_the_service_refuses_it_too(admin, org):
    from compliance.data_policy import data_policy_update
    from palantrix.errors import DomainError

    with pytest.raises(DomainError, match="at least 6 months"):
        data_policy_update(organization=org, actor=admin, audit_months=5)


def test_recruiters_cannot_open_the_data_pages(client_for, recruiter, org):
    client = client_for(recruiter)
    for name in ("data_settings", "record_of_processing", "dpia", "organization_delete"):
        assert client.get(url(name, org)).status_code == 403
    assert client.post(url("organization_export", org)).status_code == 403


def test_the_page_lists_what_the_purge_would_remove_and_a_hold_keeps_it(client_for, admin, org):
    job = closed_job(org, admin)
    person = candidate(job, admin, first="Araminta", score=60)
    age(job, 13)
    client = client_for(admin)

    page = client.get(url("data_settings", org)).content.decode()
    assert person.name in page
    assert str(person.invitation.public_id) in page

    client.post(
        url("legal_hold_place", org),
        {"invitation": str(person.invitation.public_id), "reason": "Claim 88"},
    )
    hold = LegalHold.objects.get(organization=org)
    assert hold.invitation == person.invitation
    page = client.get(url("data_settings", org)).content.decode()
    assert "<strong>Held</strong>: Claim 88" in page

    client.post(url("legal_hold_release", org, hold_id=hold.public_id), {"reason": "Closed"})
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert [e.action for e in AuditEvent.objects.filter(target_id=str(hold.public_id))] == [
        "compliance.legal_hold.placed",
        "compliance.legal_hold.released",
    ]


def test_a_hold_on_another_organisations_job_is_a_404(client_for, admin, org, other_org, make):
    other_job = closed_job(other_org, make.member(other_org))
    response = client_for(admin).post(
        url("legal_hold_place", org), {"job": str(other_job.public_id), "reason": "Case"}
    )
    assert response.status_code == 404
    assert not LegalHold.objects.exists()


def test_a_hold_without_a_reason_is_refused_clearly(client_for, admin, org):
    job = closed_job(org, admin)
    page = client_for(admin).post(
        url("legal_hold_place", org), {"job": str(job.public_id), "reason": ""}, follow=True
    )
    assert "Give a reason" in page.content.decode()
    assert not LegalHold.objects.exists()


def test_the_record_of_processing_names_retention_storage_and_sub_processors(
    client_for, admin, org
):
    client = client_for(admin)
    policy_post(
        client,
        org,
        candidate_months=9,
        audit_months=30,
        storage_location="EU (Frankfurt)",
        sub_processors="Hetzner | hosting | Germany\nPostmark | email delivery | USA",
    )

    response = client.get(url("record_of_processing", org))

    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert "# Record of processing activities — Acme Robotics" in text
    assert "9 months after the job closes" in text
    assert "at least 30 months" in text
    assert "EU (Frankfurt)" in text
    assert "| Postmark | email delivery | USA |" in text
    assert "Whisper" in text
    event = AuditEvent.objects.filter(action="compliance.document.exported").get()
    assert event.data == {"document": "record-of-processing"}


def test_the_dpia_starter_is_prefilled_from_how_palantrix_scores(client_for, admin, org):
    text = client_for(admin).get(url("dpia", org)).content.decode()
    assert "# Data protection impact assessment (starter) — Acme Robotics" in text
    assert "what was said" in text
    assert "all-MiniLM-L6-v2" in text
    assert "**To complete**" in text
    assert "12 months after the job closes" in text


def test_setup_storage_applies_the_bucket_lifecycle_rules(settings):
    rules = s3_client().get_bucket_lifecycle_configuration(Bucket=settings.S3_BUCKET)["Rules"]
    by_id = {rule["ID"]: rule for rule in rules}
    assert by_id["abort-unfinished-uploads"]["AbortIncompleteMultipartUpload"] == {
        "DaysAfterInitiation": 1
    }
    assert by_id["expire-old-versions"]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30


def test_exports_older_than_a_week_are_removed_from_the_bucket(org, settings):
    from .lifecycle_data import enable_versioning

    enable_versioning()
    from datetime import timedelta

    from django.utils import timezone

    from compliance.models import DataExport
    from compliance.organization_data import exports_expire

    key = f"orgs/{org.public_id}/exports/week-old.zip"
    s3_client().put_object(Bucket=settings.S3_BUCKET, Key=key, Body=b"zip")
    old = DataExport.objects.create(
        organization=org,
        status="ready",
        object_key=key,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    fresh = DataExport.objects.create(
        organization=org,
        status="ready",
        object_key=f"orgs/{org.public_id}/exports/new.zip",
        expires_at=timezone.now() + timedelta(days=6),
    )

    assert exports_expire() == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == ("expired", "ready")
    versions = s3_client().list_object_versions(Bucket=settings.S3_BUCKET, Prefix=key)
    assert versions.get("Versions", []) == versions.get("DeleteMarkers", []) == []


def test_a_deletion_left_half_done_is_finished_by_the_nightly_run(org, admin, settings):
    from datetime import timedelta

    from compliance.models import OrganizationDeletion
    from compliance.organization_data import organization_erase_pending
    from palantrix.models import Organization

    key = f"orgs/{org.public_id}/invitations/x/answers/y/z.webm"
    s3_client().put_object(Bucket=settings.S3_BUCKET, Key=key, Body=b"recording")
    deletion = OrganizationDeletion.objects.create(  # as if the worker died before starting
        organization_public_id=org.public_id,
        organization_pk=org.pk,
        requested_by_id=str(admin.pk),
        requested_at=org.created_at - timedelta(hours=1),
    )

    assert organization_erase_pending() == 1

    assert not Organization.objects.filter(pk=org.pk).exists()
    deletion.refresh_from_db()
    assert deletion.finished_at is not None
    versions = s3_client().list_object_versions(Bucket=settings.S3_BUCKET, Prefix=key)
    assert versions.get("Versions", []) == []


INJECTED = "Acme\n\n# Approved by the regulator\n- [Sign here](https://evil.test) | x |"


@pytest.mark.parametrize("document", ["record_of_processing", "dpia"])
def test_line_breaks_in_the_organisation_name_add_no_markdown_to_the_documents(
    client_for, admin, org, document
):
    org.name = INJECTED
    org.save(update_fields=["name"])

    text = client_for(admin).get(url(document, org)).content.decode()

    lines = text.splitlines()
    assert not any(line.startswith("# Approved") for line in lines)
    assert not any(line.startswith("- [Sign here]") for line in lines)
    assert "[Sign here](" not in text  # the link is literal text, not a link
    assert r"Acme # Approved by the regulator - \[Sign here\](https://evil.test) \| x \|" in text


def test_an_organisation_name_with_a_line_break_is_refused_by_the_settings_form(
    client_for, admin, org
):
    response = client_for(admin).post(
        reverse("organization_settings", kwargs={"org": org.slug}),
        {
            "name": "Acme\n# Heading",
            "sender_name": "",
            "contact_email": "",
            "brand_color": "#1f6feb",
        },
    )

    assert "Name: write it on one line" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Acme Robotics"
