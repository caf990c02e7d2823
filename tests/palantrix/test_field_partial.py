"""partials/field.html: what a screen reader announces with an input (its help and its
errors) must be found by the ids the input's aria-describedby names."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.interviews.test_profiles import post_data, row

pytestmark = pytest.mark.django_db


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
            if tag == "p" or tag == "div":
                self._open.append(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described[attrs.get("id") or attrs.get("name")] = attrs["aria-describedby"].split()

    def handle_data(self, data):
        for element in self._open:
            self.texts[element] = self.texts.get(element, "") + data

    def handle_endtag(self, tag):
        if tag in ("p", "div") and self._open:
            self._open.pop()


def parsed(html: str) -> Ids:
    ids = Ids()
    ids.feed(html)
    return ids


def test_a_fields_help_and_errors_carry_the_ids_its_input_points_at(client_for, recruiter, org):
    client = client_for(recruiter)
    # A competency without a strong example: an error under a field that has help text.
    bad = row("Ownership", strong=())
    response = client.post(
        reverse("profile_create", kwargs={"org": org.slug}), post_data([bad], name="Backend")
    )
    assert response.status_code == 200
    page = parsed(response.content.decode())

    assert page.described, "no input points at its help"
    for field, targets in page.described.items():
        missing = [target for target in targets if target not in page.ids]
        assert not missing, f"{field} points at {missing}, which the page does not have"
    name = "id_competencies-0-strong_examples"
    assert page.described[name] == [f"{name}_helptext", f"{name}_error"]
    assert "One example per line" in page.texts[f"{name}_helptext"]
    assert "Give at least one example" in page.texts[f"{name}_error"]
    assert re.search(r'id="id_name_helptext"', response.content.decode())
