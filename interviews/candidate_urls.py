"""Candidate pages: outside any organisation URL; the invitation comes from the session."""

from django.urls import path

from .views import candidate

urlpatterns = [
    # The emailed link: exchanged for a session, then redirected to a URL without the token.
    path("i/<str:token>/", candidate.link, name="candidate_link"),
    path("interview/", candidate.landing, name="candidate_landing"),
]
