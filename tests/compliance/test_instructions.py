"""The instructions for use hold every Art. 13(3) section, read from the running system."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

from compliance import transparency
from scoring import scorer
from scoring.embeddings import MODEL_NAME
from tests.conftest import ROOT
from tests.waiting import seconds


def test_every_art_13_3_section_is_on_the_public_page(client):
    page = client.get("/how-scoring-works/")
    assert page.status_code == 200
    text = page.content.decode()
    for anchor, heading in transparency.SECTIONS:
        assert f'<h2 id="{anchor}">{heading}</h2>' in text.replace("&#x27;", "'")
    assert len(transparency.SECTIONS) == 12


def test_models_named_are_the_ones_running(client):
    text = client.get("/how-scoring-works/").content.decode()
    assert f"Whisper {settings.WHISPER_MODEL} through {settings.TRANSCRIPTION_ENGINE}" in text
    assert scorer.SCORER_VERSION in text
    assert MODEL_NAME in text


def test_the_latest_measured_accuracy_is_shown(client, tmp_path, monkeypatch):
    report = tmp_path / "latest.json"
    rows = [
        {"answer": f"a{n}", "question": f"q{n % 4}", "competency": "c", "rating": 3, "score": 50}
        for n in range(44)
    ]
    report.write_text(
        json.dumps(
            {
                "date": "2026-11-27",
                "scorer_version": scorer.SCORER_VERSION,
                "overall": {"rho": 0.7312, "pairs": 57},
                "adversarial_violations": [],
                "pass": True,
                "rows": rows,
            }
        )
    )
    monkeypatch.setattr(transparency, "EVAL_REPORT", report)
    text = client.get("/how-scoring-works/").content.decode()
    assert "\u03c1 = 0.73" in text
    assert "44 answers, 4 questions" in text


@pytest.mark.parametrize("url", ["/how-scoring-works/", "/accounts/login/", "/healthz"])
def test_the_web_process_never_imports_torch(url):
    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE']='palantrix.settings';"
        "django.setup(); from django.test import Client;"
        f"Client().get({url!r});"
        "import web.urls; print('torch' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=seconds(120)
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_new_report_layout_and_no_report_both_read_plainly(client, tmp_path, monkeypatch):
    report = tmp_path / "latest.json"
    report.write_text(
        json.dumps(
            {
                "date": "2027-01-15",
                "scorer_version": "palantrix-dna-scorer 3",
                "overall": {"rho": 0.7649, "ci": [0.61, 0.86]},
                "word_count_rho": 0.41,
                "partial_rho": 0.5712,
                "krippendorff_alpha": 0.83,
                "paraphrase_mean_change": 6.2,
            }
        )
    )
    monkeypatch.setattr(transparency, "EVAL_REPORT", report)
    text = client.get("/how-scoring-works/").content.decode()
    assert "\u03c1 = 0.76</strong> (95 % interval 0.61 to 0.86)" in text
    assert "Word count alone reaches \u03c1 = 0.41" in text
    assert "length held constant (partial correlation on word count): \u03c1 = 0.57" in text
    assert "Krippendorff" in text
    assert "paraphrase mean change" in text  # a figure the page has no sentence for

    monkeypatch.setattr(transparency, "EVAL_REPORT", tmp_path / "missing.json")
    text = client.get("/how-scoring-works/").content.decode()
    assert "Accuracy: not yet measured" in text


def test_the_page_explains_levels_evidence_and_review_when_unsure(client):
    text = client.get("/how-scoring-works/").content.decode().replace("&#x27;", "'")
    assert "Level 4 of 5" in text
    assert "five levels" in text
    assert "the candidate's own actions" in text
    assert "could not place the answer confidently" in text
    assert f"method {scorer.METHOD_VERSION}" in text


@pytest.mark.django_db
def test_the_team_page_and_the_overseer_permission_agree_on_who_read_the_instructions(
    client_for, admin, org, make
):
    """A member who read an earlier version is not shown as having read them, and the
    overseer permission is refused for the same reason; after reading, both agree."""
    from django.urls import reverse

    from compliance.instructions import INSTRUCTIONS_VERSION
    from palantrix.models import Membership

    user = make.member(org, role="hiring_manager")
    member = Membership.objects.get(user=user, organization=org)
    Membership.objects.filter(pk=member.pk).update(instructions_read_version="2000-01")
    client = client_for(admin)
    team = client.get(reverse("team", kwargs={"org": org.slug})).content.decode()
    assert "Read an earlier version of the instructions" in team

    switch = reverse("overseer_switch", kwargs={"org": org.slug, "membership_id": member.public_id})
    refused = client.post(switch, {"granted": "1"}, follow=True).content.decode()
    assert "Only members who have read the current instructions" in refused
    member.refresh_from_db()
    assert not member.is_overseer

    Membership.objects.filter(pk=member.pk).update(instructions_read_version=INSTRUCTIONS_VERSION)
    team = client.get(reverse("team", kwargs={"org": org.slug})).content.decode()
    assert "Read the instructions" in team
    assert "Read an earlier version" not in team
    client.post(switch, {"granted": "1"})
    member.refresh_from_db()
    assert member.is_overseer


@pytest.mark.django_db
def test_the_dashboard_asks_again_when_the_instructions_changed(client_for, admin, org):
    from django.urls import reverse

    from palantrix.models import Membership

    Membership.objects.filter(user=admin, organization=org).update(
        instructions_read_version="2000-01"
    )
    page = client_for(admin).get(reverse("dashboard", kwargs={"org": org.slug})).content.decode()
    assert "The instructions for use changed since you read them" in page
    assert "I have read the instructions for use" in page


@pytest.mark.django_db
def test_the_instructions_lead_back_to_the_app(client_for, admin):
    page = client_for(admin).get("/how-scoring-works/").content.decode()
    assert '<a href="/">← Back to your dashboard</a>' in page
