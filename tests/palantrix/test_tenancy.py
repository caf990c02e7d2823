"""Every tenant sees only its own data: other organisations' objects are plain 404s."""

import ast
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from interviews import services as services_i
from interviews.jobtemplates.models import JobTemplate
from palantrix import audit, services
from palantrix.models import Membership, Role, TeamInvitation
from palantrix.tokens import new_token

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _team_invitation(organization):
    return TeamInvitation.objects.create(
        organization=organization,
        email="someone@example.test",
        role=Role.RECRUITER,
        token_hash=new_token()[1],
        expires_at=timezone.now() + timedelta(days=7),
    )


def _membership(organization):
    from tests.conftest import Factory

    return Membership.objects.get(user=Factory().member(organization), organization=organization)


def _profile(organization):
    return services_i.profile_create(
        organization=organization,
        actor=audit.SYSTEM,
        name=f"Profile {uuid.uuid4()}",
        competencies=[
            services_i.CompetencyInput("Teamwork", "Works with others", 3, ["I helped a peer"])
        ],
    )


def _job(organization):
    return services_i.job_create(organization=organization, actor=audit.SYSTEM, title="Engineer")


def _question(organization):
    return services_i.question_add(
        job=_job(organization), actor=audit.SYSTEM, question=services_i.QuestionInput("Why?")
    )


def _invitation(organization):
    job = _question(organization).question_set.job
    return services_i.invitation_send(
        job=job, actor=audit.SYSTEM, name="Cand Idate", email=f"{uuid.uuid4()}@example.test"
    )


def _batch(organization):
    job = _question(organization).question_set.job
    return services_i.invitation_batch_preview(
        job=job, actor=None, content=b"name,email\nA B,a@example.test\n"
    )


def _rescore_run(organization):
    from scoring.models import RescoreRun

    profile = _profile(organization)
    job = services_i.job_create(
        organization=organization, actor=audit.SYSTEM, title="Engineer", profile=profile
    )
    return RescoreRun.objects.create(
        organization=organization, job=job, profile_version=profile.versions.get()
    )


def _score(organization):
    from tests.factories import InvitationFactory, job_with_profile, scored_answer

    job = job_with_profile(
        organization,
        audit.SYSTEM,
        title="Engineer",
        question="Why?",
        competencies=[
            services_i.CompetencyInput("Teamwork", "Works with others", 3, ["I helped a peer"])
        ],
    )
    return scored_answer(InvitationFactory(job=job), [50]).scores.get()


def _rights_request(organization):
    from compliance.rights import services as rights

    return rights.contest_request(
        invitation=_invitation(organization), message="Please look again."
    )


def _legal_hold(organization):
    from compliance.legal_holds import legal_hold_place

    return legal_hold_place(
        organization=organization, actor=audit.SYSTEM, reason="Case 1", job=_job(organization)
    )


def _data_export(organization):
    from compliance.models import DataExport

    return DataExport.objects.create(
        organization=organization,
        status=DataExport.Status.READY,
        object_key=f"orgs/{organization.public_id}/exports/x.zip",
        expires_at=timezone.now() + timedelta(days=7),
    )


def _share_link(organization):
    from review.services.sharing import share_link_create

    return share_link_create(invitation=_invitation(organization), actor=audit.SYSTEM).link


def _live_interview(organization):
    from interviews.models import LiveInterview

    return LiveInterview.objects.create(
        organization=organization,
        invitation=_invitation(organization),
        starts_at=timezone.now() + timedelta(days=3),
        location="Room 1",
        interviewers=["lead@example.test"],
    )


def _outcome_email(organization):
    from interviews.models import Decision, OutcomeEmail

    invitation = _invitation(organization)
    decided_by = services.user_create(email=f"{uuid.uuid4()}@example.test", password="x")
    decision = Decision.objects.create(
        organization=organization,
        invitation=invitation,
        outcome="reject",
        reason="Walk",
        decided_by=decided_by,
    )
    return OutcomeEmail.objects.create(
        organization=organization,
        invitation=invitation,
        decision=decision,
        kind="reject",
        send_after=timezone.now() + timedelta(minutes=15),
    )


def _comment(organization):
    from review.models import Comment

    return Comment.objects.create(
        organization=organization, invitation=_invitation(organization), body="Walk"
    )


def _notification(organization):
    from review.models import Notification

    member = services.user_create(email=f"{uuid.uuid4()}@example.test", password="x")
    Membership.objects.create(organization=organization, user=member, role=Role.ADMIN)
    return Notification.objects.create(
        organization=organization, recipient=member, kind="completed", text="Walk",
        source=uuid.uuid4(),
    )  # fmt: skip


def _public_link(organization):
    job = _question(organization).question_set.job
    services_i.job_set_status(job=job, actor=audit.SYSTEM, status="open")
    return services_i.public_links.public_link_publish(job=job, actor=audit.SYSTEM)


def _extension_request(organization):
    from interviews.models import ExtensionRequest

    invitation = _invitation(organization)
    return ExtensionRequest.objects.create(
        organization=organization, invitation=invitation, deadline_before=invitation.deadline
    )


def _accommodation(organization):
    return services_i.accommodation_request(
        invitation=_invitation(organization), kind="extra_time", details="More time, please."
    )


def _api_key(organization):
    from api.services import api_key_create

    return api_key_create(
        organization=organization, actor=audit.SYSTEM, name="ATS", access="read_write"
    )[0]


def _webhook_endpoint(organization):
    from api.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(
        organization=organization,
        url="https://hooks.example.test/palantrix",
        events=["candidate.decided"],
        secret="whsec_test",
    )


def _webhook_delivery(organization):
    from api.models import WebhookDelivery, WebhookEvent

    event = WebhookEvent.objects.create(organization=organization, type="candidate.decided")
    return WebhookDelivery.objects.create(
        organization=organization, endpoint=_webhook_endpoint(organization), event=event
    )


# Each URL kwarg that names an object maps to a factory making such an object in an
# organisation. A new URL with an unknown kwarg fails the walk until it is added here.
OBJECT_FACTORIES = {
    "team_invitation_id": _team_invitation,
    "membership_id": _membership,
    "job_id": _job,
    "question_id": _question,
    "profile_id": _profile,
    "invitation_id": _invitation,
    "batch_id": _batch,
    "run_id": _rescore_run,
    "score_id": _score,
    "answer_id": lambda organization: _score(organization).answer,
    "request_id": _rights_request,
    "hold_id": _legal_hold,
    "export_id": _data_export,
    "share_link_id": _share_link,
    "template_id": lambda organization: JobTemplate.objects.create(
        organization=organization, name="Saved", blueprint={"title": "Saved"}
    ),
    "live_interview_id": _live_interview,
    "outcome_email_id": _outcome_email,
    "comment_id": _comment,
    "notification_id": _notification,
    "api_key_id": _api_key,
    "link_id": _public_link,
    "extension_id": _extension_request,
    "accommodation_id": _accommodation,
    "endpoint_id": _webhook_endpoint,
    "delivery_id": _webhook_delivery,
}


def _org_url_patterns():
    """(name, kwargs names) of every URL under /o/<org>/."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and route.startswith("o/<slug:org>/"):
                found.append((entry.name, re.findall(r"<(?:\w+:)?(\w+)>", route)))

    walk(get_resolver().url_patterns, "")
    return found


ORG_URLS = _org_url_patterns()
OBJECT_URLS = [(name, kwargs) for name, kwargs in ORG_URLS if len(kwargs) > 1]


def test_the_walk_finds_the_object_urls():
    assert {"member_edit", "member_remove", "team_invitation_revoke"} <= {
        name for name, _ in OBJECT_URLS
    }


@pytest.mark.parametrize(("name", "kwargs"), OBJECT_URLS, ids=[n for n, _ in OBJECT_URLS])
def test_member_of_a_gets_404_for_every_object_of_b(
    name, kwargs, client_for, admin, org, other_org
):
    """An admin of A (the most powerful role) asks A's URLs for B's objects."""
    unknown = set(kwargs) - {"org"} - set(OBJECT_FACTORIES)
    assert not unknown, f"Add a factory for {unknown} to OBJECT_FACTORIES"
    values = {"org": org.slug}
    values.update({kw: OBJECT_FACTORIES[kw](other_org).public_id for kw in kwargs if kw != "org"})
    url = reverse(name, kwargs=values)
    client = client_for(admin)
    assert client.post(url).status_code == 404
    # POST-only actions answer GET with 405 before looking anything up: nothing leaks.
    assert client.get(url).status_code in {404, 405}


@pytest.mark.parametrize(("name", "kwargs"), OBJECT_URLS, ids=[n for n, _ in OBJECT_URLS])
def test_member_of_a_gets_404_under_b_slug_even_with_b_objects(
    name, kwargs, client_for, admin, other_org
):
    values = {"org": other_org.slug}
    values.update({kw: OBJECT_FACTORIES[kw](other_org).public_id for kw in kwargs if kw != "org"})
    client = client_for(admin)
    assert client.post(reverse(name, kwargs=values)).status_code == 404


@pytest.mark.parametrize("name", [n for n, k in ORG_URLS if k == ["org"]])
def test_every_organisation_page_is_404_for_non_members(name, client_for, admin, other_org):
    response = client_for(admin).get(reverse(name, kwargs={"org": other_org.slug}))
    assert response.status_code == 404


def test_non_member_and_missing_organisation_look_the_same(client_for, admin, other_org):
    client = client_for(admin)
    missing = client.get(reverse("dashboard", kwargs={"org": "no-such-org"}))
    foreign = client.get(reverse("dashboard", kwargs={"org": other_org.slug}))
    assert missing.status_code == foreign.status_code == 404

    def without_csrf(response):
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)

    assert without_csrf(missing) == without_csrf(foreign)


def test_anonymous_visitor_is_sent_to_login(client, org):
    response = client.get(reverse("team", kwargs={"org": org.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_role_check_refuses_recruiters_on_admin_pages(client_for, recruiter, org):
    client = client_for(recruiter)
    assert client.get(reverse("organization_settings", kwargs={"org": org.slug})).status_code == 403
    response = client.post(
        reverse("team_invite", kwargs={"org": org.slug}),
        {"email": "x@example.test", "role": Role.ADMIN},
    )
    assert response.status_code == 403
    assert not TeamInvitation.objects.exists()


def test_a_user_switches_between_organisations(make, client_for, org, other_org):
    user = make.member(org, Role.RECRUITER)
    make.member(other_org, Role.HIRING_MANAGER, user=user)
    client = client_for(user)

    switcher = client.get(reverse("organization_switch")).content.decode()
    assert "Acme Robotics" in switcher
    assert "Globex" in switcher

    client.get(reverse("dashboard", kwargs={"org": other_org.slug}))
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("dashboard", kwargs={"org": other_org.slug})
    client.get(reverse("dashboard", kwargs={"org": org.slug}))
    assert client.get(reverse("home"))["Location"] == reverse("dashboard", kwargs={"org": org.slug})


def test_dashboard_shows_only_the_current_organisation(client_for, recruiter, org, other_org):
    page = client_for(recruiter).get(reverse("dashboard", kwargs={"org": org.slug}))
    assert page.status_code == 200
    assert "Acme Robotics" in page.content.decode()
    assert "Globex" not in page.content.decode()


def test_views_never_query_managers_directly():
    """Pages and the API go through selectors/services, the one tenancy scoping path."""
    offenders = []
    patterns = ["*/*views.py", "*/api.py", "*/views/*.py", "*/*/views.py", "*/*/api.py"]
    # The public API lives in its own app inside the project package.
    patterns += ["*/*/views/*.py", "*/*/pages.py"]
    for path in [found for pattern in patterns for found in ROOT.glob(pattern)]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], f"views query managers directly: {offenders}"
