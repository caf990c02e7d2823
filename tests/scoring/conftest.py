"""Shared by the reviewer tests: a job with a two-competency profile (see tests/factories.py
for its scored candidates)."""

import pytest

from interviews import services
from tests.factories import job_with_profile


@pytest.fixture
def job(org, admin):
    return review_job(org, admin)


def review_job(org, admin):
    """A job whose profile weighs customer focus 4 and teamwork 1, with one question."""
    return job_with_profile(
        org,
        admin,
        profile_name="Support",
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 4, ["I called back."]),
            services.CompetencyInput("Teamwork", "With others.", 1, ["I paired with a peer."]),
        ],
    )
