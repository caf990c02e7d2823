"""Review pages outside any organisation URL: the token is the only key."""

from django.urls import path

from .views import playback, sharing

urlpatterns = [
    # A share link: one candidate, read-only, for someone without an account.
    path("shared/<str:token>/", sharing.shared_candidate, name="shared_candidate"),
    path(
        "shared/<str:token>/answers/<uuid:answer_id>/captions.vtt",
        playback.shared_captions,
        name="shared_answer_captions",
    ),
]
