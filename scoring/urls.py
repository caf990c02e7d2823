"""Reviewer pages, included under /o/<slug:org>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("candidates/<uuid:invitation_id>/", views.candidate_detail, name="candidate_detail"),
    path("jobs/<uuid:job_id>/shortlist/", views.shortlist, name="shortlist"),
    path("jobs/<uuid:job_id>/decide/", views.decide_many, name="decide_many"),
    path("candidates/<uuid:invitation_id>/decide/", views.decide, name="decide"),
    path("scores/<uuid:score_id>/override/", views.score_override, name="score_override"),
    path("answers/<uuid:answer_id>/rate/", views.rate, name="rate"),
    path(
        "answers/<uuid:answer_id>/transcript/",
        views.transcript_correct,
        name="transcript_correct",
    ),
    path("jobs/<uuid:job_id>/rescore/", views.rescore_start, name="rescore_start"),
    path(
        "jobs/<uuid:job_id>/rescore/<uuid:run_id>/",
        views.rescore_progress,
        name="rescore_progress",
    ),
]
