"""Review pages outside any organisation URL: the token is the only key."""

from django.urls import path

from .views import sharing

urlpatterns = [
    # A share link: one candidate, read-only, for someone without an account.
    path("shared/<str:token>/", sharing.shared_candidate, name="shared_candidate"),
]
