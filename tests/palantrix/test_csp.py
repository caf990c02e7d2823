"""The Content-Security-Policy: a fresh nonce on every page, every inline style and script
carrying it, and nothing else inline (in Chromium: tests/browser/test_csp.py and the
candidate and review walk-throughs)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from interviews import services

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<(style|script)\b([^>]*)>", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
    }


def page_nonce(response) -> str:
    (nonce,) = re.findall(r"'nonce-([^']+)'", directives(response)["script-src"])
    return nonce


def test_every_inline_style_and_script_carries_the_pages_nonce(client_for, admin, org, settings):
    client = client_for(admin)
    pages = [
        reverse("dashboard", args=[org.slug]),
        reverse("profile_list", args=[org.slug]),
        reverse("rights_start", args=[org.slug]),
        "/accounts/login/",
    ]
    seen = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        nonce = page_nonce(response)
        seen.add(nonce)
        html = response.content.decode()
        for tag, attributes in TAG.findall(html):
            assert f'nonce="{nonce}"' in attributes, (url, tag, attributes)
        assert ' style="' not in html, url  # style attributes cannot carry a nonce
    assert len(seen) == len(pages)  # a new nonce on every response


def test_the_policy_allows_only_our_origin_and_the_object_store(client_for, admin, org, settings):
    settings.S3_ENDPOINT_URL = "https://storage.example.test:9000/some/path"
    policy = directives(client_for(admin).get(reverse("dashboard", args=[org.slug])))
    nonce = policy["script-src"].split("'nonce-")[1].rstrip("'")
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["connect-src"] == "'self' https://storage.example.test:9000"
    assert policy["media-src"] == "'self' blob: https://storage.example.test:9000"
    assert policy["img-src"] == "'self' data: https://storage.example.test:9000"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in str(policy)


def test_the_api_docs_have_their_own_policy_and_no_other_page_does(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        policy = directives(client.get(url))
        assert "'unsafe-inline'" in policy["style-src"]
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"
        assert "http" not in policy["connect-src"]
    assert "unsafe-inline" not in client.get("/accounts/login/")["Content-Security-Policy"]


# Emails keep their inline styles: mail clients load no stylesheets, and no page policy
# applies to a message.
STYLED_ANYWHERE = {"emails"}
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_no_page_template_styles_inline():
    """Every page's styles come from static files: nothing for the policy to let through."""
    root = Path(settings.BASE_DIR) / "templates"
    inline = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.html"))
        if path.relative_to(root).parts[0] not in STYLED_ANYWHERE
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if INLINE_STYLE.search(line)
    ]
    assert inline == []


def test_the_brand_colour_is_a_stylesheet_of_its_own(client_for, admin, org, client):
    org.brand_color = "#AA3300"
    org.save(update_fields=["brand_color"])

    page = client_for(admin).get(reverse("dashboard", args=[org.slug])).content.decode()

    assert '<link rel="stylesheet" href="/brand/AA3300.css">' in page
    client.logout()
    sheet = client.get("/brand/AA3300.css")
    assert sheet["Content-Type"] == "text/css"
    assert sheet.content.decode() == ":root { --brand: #aa3300; }\n"
    assert "immutable" in sheet["Cache-Control"]
    assert client.get("/brand/red;}body{x:y.css").status_code == 404


def test_bars_are_drawn_with_width_classes_not_styles(client_for, admin, org):
    profile = services.profile_create(
        organization=org,
        actor=admin,
        name="Support",
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 3, ["I called back."]),
            services.CompetencyInput("Teamwork", "With others.", 1, ["I paired."]),
        ],
    )
    page = (
        client_for(admin)
        .get(reverse("profile_detail", args=[org.slug, profile.public_id]))
        .content.decode()
    )

    assert '<span class="pct-75"></span>' in page
    assert '<span class="pct-25"></span>' in page
    css = (Path(settings.BASE_DIR) / "static/css/palantrix.css").read_text()
    assert ".pct-75 { width: 75%; }" in css
