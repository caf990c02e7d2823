"""Compliance pages outside any organisation: the candidate's optional self-identification
(the invitation comes from the session) and published fairness summaries (public)."""

from django.urls import path

from . import views
from .rights.urls import candidate_urlpatterns as rights_patterns

urlpatterns = [
    path(
        "interview/self-identification/",
        views.self_identification,
        name="candidate_self_identification",
    ),
    path("fairness/<slug:org_slug>/", views.fairness_public, name="fairness_public"),
    # Candidates' rights: a one-time link opens a session about their own data.
    *rights_patterns,
]
