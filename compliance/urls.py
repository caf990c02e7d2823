from django.urls import path

from . import views

urlpatterns = [
    path("oversight/", views.oversight, name="oversight"),
    path("oversight/ai-scoring/", views.ai_scoring_switch, name="ai_scoring_switch"),
    path(
        "jobs/<uuid:job_id>/ai-scoring/", views.job_ai_scoring_switch, name="job_ai_scoring_switch"
    ),
]
