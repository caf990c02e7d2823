"""The dashboard's guided path: first steps per role, until the member hides them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def dashboard(client, org) -> str:
    return client.get(reverse("dashboard", kwargs={"org": org.slug})).content.decode()


@pytest.mark.parametrize(
    ("member", "first_step"),
    [
        ("recruiter", "Start a job from a template"),
        ("hiring_manager", "Open the ranked shortlist"),
        ("admin", "Check AI oversight"),
    ],
)
def test_each_role_sees_its_own_first_steps(request, client_for, org, member, first_step):
    page = dashboard(client_for(request.getfixturevalue(member)), org)
    assert "Try this first" in page
    assert first_step in page


def test_a_member_who_hides_the_steps_does_not_see_them_again(
    client_for, org, recruiter, hiring_manager
):
    client = client_for(recruiter)
    response = client.post(reverse("guide_dismiss", kwargs={"org": org.slug}))
    assert response.status_code == 302
    assert "Try this first" not in dashboard(client, org)
    # Only for them: a colleague still sees theirs.
    assert "Try this first" in dashboard(client_for(hiring_manager), org)


def test_the_demo_banner_is_only_on_the_demo_organisation(client_for, org, recruiter):
    assert "This is demo data" not in dashboard(client_for(recruiter), org)
