"""Team DNA Profiles: built on the pages, saved as numbered versions that never change."""

import re

import pytest
from django.urls import reverse

from interviews import selectors, services
from interviews.models import Competency, Profile, ProfileVersion
from palantrix.models import AuditEvent
from tests.conftest import PASSWORD, screenshot

pytestmark = pytest.mark.django_db


def url(name, org, profile=None):
    kwargs = {"org": org.slug}
    if profile is not None:
        kwargs["profile_id"] = profile.public_id
    return reverse(name, kwargs=kwargs)


def row(name, weight=3, strong=("I shipped it",), weak=(), description=None, key=""):
    return {
        "key": str(key or ""),
        "name": name,
        "description": description or f"{name}, in plain words",
        "weight": str(weight),
        "strong_examples": "\n".join(strong),
        "weak_examples": "\n".join(weak),
    }


def post_data(rows, *, initial=0, **profile_fields):
    """What the page posts: the profile fields and the competency formset."""
    data = {
        "competencies-TOTAL_FORMS": str(len(rows)),
        "competencies-INITIAL_FORMS": str(initial),
        "competencies-MIN_NUM_FORMS": "0",
        "competencies-MAX_NUM_FORMS": "1000",
        **profile_fields,
    }
    for index, fields in enumerate(rows):
        for field, value in fields.items():
            if field == "DELETE" and not value:
                continue
            data[f"competencies-{index}-{field}"] = value
    return data


def rows_shown(page):
    """Competency rows on the page, not counting the template the JavaScript clones."""
    return len(re.findall(r"<legend>Competency <span data-number>\d+</span>", page))


def blank_row():
    return {"key": "", "name": "", "description": "", "weight": "3"}


def current_rows(profile):
    """The edit page's pre-filled rows for the profile's current version."""
    return [
        row(
            c.name,
            c.weight,
            c.strong_examples,
            c.weak_examples,
            description=c.description,
            key=c.key,
        )
        for c in selectors.profile_current_competencies(profile=Profile.objects.get(pk=profile.pk))
    ]


def edit_data(profile, rows):
    refreshed = Profile.objects.get(pk=profile.pk)
    current = len(selectors.profile_current_competencies(profile=refreshed))
    return post_data(
        [*rows, blank_row(), blank_row()], initial=current, description=refreshed.description
    )


@pytest.fixture
def profile(org, recruiter):
    return services.profile_create(
        organization=org,
        actor=recruiter,
        name="Backend team",
        description="Builds the API.",
        competencies=[
            services.CompetencyInput("Ownership", "Sees work through", 4, ["I fixed the outage"]),
            services.CompetencyInput("Teamwork", "Works with others", 3, ["I paired daily"]),
            services.CompetencyInput("Curiosity", "Asks why", 2, ["I read the RFC"]),
        ],
    )


def test_creating_a_profile_with_three_competencies_saves_version_1(client_for, recruiter, org):
    client = client_for(recruiter)
    page = client.get(url("profile_create", org)).content.decode()
    assert rows_shown(page) == 3  # three empty rows to start
    assert "One example per line" in page

    response = client.post(
        url("profile_create", org),
        post_data(
            [
                row("Ownership", 5, ["I fixed the outage", "I wrote the postmortem"], ["Not me"]),
                row("Teamwork", 3),
                row("Curiosity", 2),
                blank_row(),  # a spare row left empty is ignored
            ],
            name="Backend team",
            description="Builds the API.",
        ),
    )

    profile = Profile.objects.get(organization=org)
    assert response.status_code == 302
    assert response["Location"] == url("profile_detail", org, profile)
    assert profile.current_version == 1
    version = ProfileVersion.objects.get(profile=profile)
    assert version.number == 1
    assert version.created_by == recruiter
    competencies = list(version.competencies.order_by("position"))
    assert [c.name for c in competencies] == ["Ownership", "Teamwork", "Curiosity"]
    assert competencies[0].weight == 5
    assert competencies[0].strong_examples == ["I fixed the outage", "I wrote the postmortem"]
    assert competencies[0].weak_examples == ["Not me"]
    event = AuditEvent.objects.get(organization=org, action="interviews.profile.versioned")
    assert event.target_id == str(profile.public_id)
    assert event.data["version"] == 1

    detail = client.get(response["Location"]).content.decode()
    assert "Created Backend team as version 1." in detail
    assert "weight 5 of 5" in detail
    assert "50% of the score" in detail  # 5 of 5 + 3 + 2
    assert "I wrote the postmortem" in detail


def test_two_edits_with_changes_save_versions_2_and_3_and_leave_version_1_alone(
    client_for, recruiter, org, profile
):
    client = client_for(recruiter)
    version_1 = {
        c.key: (c.name, c.weight, c.strong_examples)
        for c in Competency.objects.filter(version__profile=profile, version__number=1)
    }

    rows = current_rows(profile)
    rows[1]["weight"] = "5"
    response = client.post(url("profile_edit", org, profile), edit_data(profile, rows))
    assert response.status_code == 302
    assert "Saved as version 2." in client.get(response["Location"]).content.decode()

    rows = current_rows(profile)
    rows[0]["strong_examples"] += "\nI took the pager"
    client.post(url("profile_edit", org, profile), edit_data(profile, rows))

    profile.refresh_from_db()
    assert profile.current_version == 3
    versions = {v.number: v for v in selectors.profile_versions(profile=profile)}
    assert versions[2].changes == ["Teamwork: weight 3 → 5"]
    assert versions[3].changes == ["Ownership: strong examples, 1 added, 0 removed"]
    assert versions[3].created_by == recruiter
    assert {
        c.key: (c.name, c.weight, c.strong_examples) for c in versions[1].competencies.all()
    } == version_1

    history = client.get(url("profile_detail", org, profile)).content.decode()
    assert history.index("Version 3") < history.index("Version 2") < history.index("Version 1")
    assert "Teamwork: weight 3 → 5" in history
    assert "old versions never change" in history


def test_saving_without_changes_creates_no_version(client_for, recruiter, org, profile):
    client = client_for(recruiter)
    response = client.post(
        url("profile_edit", org, profile), edit_data(profile, current_rows(profile)), follow=True
    )
    assert "Nothing changed; no new version saved." in response.content.decode()
    profile.refresh_from_db()
    assert profile.current_version == 1
    assert ProfileVersion.objects.filter(profile=profile).count() == 1


def test_the_edit_page_is_prefilled_from_the_current_version(client_for, recruiter, org, profile):
    page = client_for(recruiter).get(url("profile_edit", org, profile)).content.decode()
    assert rows_shown(page) == 3 + 2  # current competencies and spare rows
    assert 'value="Ownership"' in page
    assert "I fixed the outage</textarea>" in page
    assert "Save as version 2" in page


def test_removing_a_competency_is_listed_in_what_changed(client_for, recruiter, org, profile):
    rows = current_rows(profile)
    rows[2]["DELETE"] = "on"
    client_for(recruiter).post(url("profile_edit", org, profile), edit_data(profile, rows))
    version = selectors.profile_versions(profile=profile).first()
    assert version.number == 2
    assert version.changes == ["Removed Curiosity"]
    assert [c.name for c in version.competencies.all()] == ["Ownership", "Teamwork"]


def test_a_hiring_manager_can_view_profiles_but_not_create_or_edit(
    client_for, hiring_manager, org, profile
):
    client = client_for(hiring_manager)
    listing = client.get(url("profile_list", org)).content.decode()
    assert "Backend team" in listing
    assert "New profile" not in listing
    detail = client.get(url("profile_detail", org, profile))
    assert detail.status_code == 200
    assert "Edit profile" not in detail.content.decode()

    assert client.get(url("profile_create", org)).status_code == 403
    assert client.get(url("profile_edit", org, profile)).status_code == 403
    rows = current_rows(profile)
    rows[0]["weight"] = "1"
    assert (
        client.post(url("profile_edit", org, profile), edit_data(profile, rows)).status_code == 403
    )
    created = client.post(
        url("profile_create", org), post_data([row("Grit")], name="Sneaky profile")
    )
    assert created.status_code == 403
    assert Profile.objects.count() == 1
    assert ProfileVersion.objects.count() == 1


def test_the_list_shows_version_and_jobs_using_each_profile(client_for, recruiter, org, profile):
    services.job_create(organization=org, actor=recruiter, title="API engineer", profile=profile)
    page = client_for(recruiter).get(url("profile_list", org)).content.decode()
    assert "Backend team" in page
    assert "Version 1" in page
    assert "<td>1</td>" in page  # one job uses it


def test_duplicate_competency_names_are_refused_and_nothing_is_saved(client_for, recruiter, org):
    response = client_for(recruiter).post(
        url("profile_create", org),
        post_data([row("Teamwork"), row("teamwork ")], name="Backend team"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another competency is already called “teamwork”." in page
    assert 'role="alert"' in page
    assert not Profile.objects.exists()


def test_a_competency_without_a_strong_example_is_refused_and_input_is_kept(
    client_for, recruiter, org
):
    response = client_for(recruiter).post(
        url("profile_create", org),
        post_data(
            [row("Ownership"), row("Teamwork", strong=(), weak=("We did it somehow",))],
            name="Backend team",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give at least one example of a strong answer." in page
    assert 'value="Backend team"' in page
    assert "We did it somehow</textarea>" in page
    assert not Profile.objects.exists()


def test_a_profile_needs_at_least_one_competency(client_for, recruiter, org):
    response = client_for(recruiter).post(
        url("profile_create", org), post_data([blank_row()] * 3, name="Empty")
    )
    assert "Add at least one competency" in response.content.decode()
    assert not Profile.objects.exists()


def test_a_taken_profile_name_is_shown_as_a_message_with_input_kept(
    client_for, recruiter, org, profile
):
    response = client_for(recruiter).post(
        url("profile_create", org), post_data([row("Grit")], name="backend TEAM")
    )
    page = response.content.decode()
    assert "A profile named backend TEAM exists already." in page
    assert 'value="Grit"' in page
    assert Profile.objects.count() == 1


def test_competency_keys_stay_stable_across_versions(client_for, recruiter, org, profile):
    keys_v1 = [c.key for c in selectors.profile_current_competencies(profile=profile)]

    rows = current_rows(profile)
    rows[0]["name"] = "Ownership of outcomes"
    rows.append(row("Craft", 4))
    client_for(recruiter).post(url("profile_edit", org, profile), edit_data(profile, rows))

    profile.refresh_from_db()
    current = list(selectors.profile_current_competencies(profile=profile))
    assert profile.current_version == 2
    assert [c.key for c in current[:3]] == keys_v1
    assert current[3].key not in keys_v1
    assert selectors.profile_versions(profile=profile).first().changes == [
        "Renamed Ownership to Ownership of outcomes",
        "Added Craft",
    ]


def test_a_key_from_elsewhere_becomes_a_new_competency(recruiter, org, profile, make, other_org):
    """A tampered or stale key cannot graft another profile's competency onto this one."""
    foreign = services.profile_create(
        organization=other_org,
        actor=make.member(other_org),
        name="Other",
        competencies=[services.CompetencyInput("Grit", "Keeps going", 3, ["I kept going"])],
    )
    foreign_key = selectors.profile_current_competencies(profile=foreign).get().key
    inputs = [
        services.CompetencyInput(c.name, c.description, c.weight, c.strong_examples, key=c.key)
        for c in selectors.profile_current_competencies(profile=Profile.objects.get(pk=profile.pk))
    ]
    inputs.append(services.CompetencyInput("Grit", "Keeps going", 3, ["x"], key=foreign_key))
    version = services.profile_save_version(profile=profile, actor=recruiter, competencies=inputs)
    assert version.changes == ["Added Grit"]
    assert version.competencies.get(name="Grit").key != foreign_key


# --- In the browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_recruiter_builds_a_profile_in_the_browser_and_sees_version_2(live_server, page, make):
    organization = make.organization("Acme Robotics", "acme")
    make.member(organization, user=make.user("riley@acme.test", first_name="Riley"))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("riley@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/acme/")

    page.goto(f"{live_server.url}/o/acme/profiles/")
    page.get_by_role("link", name="New profile").click()
    page.get_by_label("Profile name").fill("Backend team")
    page.get_by_label("Description").fill("Builds and runs the API.")
    competencies = [
        ("Ownership", "5", "I fixed the outage at 3am\nI wrote the postmortem", "Not my job"),
        ("Teamwork", "3", "I paired with a new colleague", ""),
        ("Curiosity", "2", "I read the RFC before the meeting", "I just copied it"),
        ("Craft", "4", "I added tests before refactoring", ""),
    ]
    for index, (name, weight, strong, weak) in enumerate(competencies):
        fieldset = page.get_by_role("group", name=f"Competency {index + 1}")
        if not fieldset.count():
            page.get_by_role("button", name="Add another competency").click()
        fieldset.get_by_label("Name").fill(name)
        fieldset.get_by_label("What it means").fill(f"{name}, as we see it in this team.")
        fieldset.get_by_label("Weight").select_option(weight)
        fieldset.get_by_label("Examples of strong answers").fill(strong)
        fieldset.get_by_label("Examples of weak answers").fill(weak)
    share = page.get_by_role("group", name="Competency 1").get_by_text("About 36% of the score")
    assert share.is_visible()  # 5 of 5 + 3 + 2 + 4
    screenshot(page, "profile-create")
    page.get_by_role("button", name="Create profile").click()

    page.get_by_text("Created Backend team as version 1.").wait_for()
    assert page.get_by_text("weight 4 of 5 · 29% of the score").is_visible()

    page.get_by_role("link", name="Edit profile").click()
    page.get_by_role("group", name="Competency 2").get_by_label("Weight").select_option("5")
    page.get_by_role("button", name="Save as version 2").click()

    page.get_by_text("Saved as version 2.").wait_for()
    history = page.get_by_role("region", name="Version history")
    assert history.get_by_role("heading", name="Version 2").is_visible()
    assert history.get_by_text("Teamwork: weight 3 → 5").is_visible()
    assert history.get_by_text("Saved by Riley").first.is_visible()
    screenshot(page, "profile-history")
