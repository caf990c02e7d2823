from django.urls import path

from . import views
from .rights.urls import organization_urlpatterns as rights_patterns

urlpatterns = [
    path("instructions/read/", views.instructions_read, name="instructions_read"),
    path(
        "team/members/<uuid:membership_id>/overseer/",
        views.overseer_switch,
        name="overseer_switch",
    ),
    path("oversight/", views.oversight, name="oversight"),
    path("oversight/ai-scoring/", views.ai_scoring_switch, name="ai_scoring_switch"),
    path(
        "jobs/<uuid:job_id>/ai-scoring/", views.job_ai_scoring_switch, name="job_ai_scoring_switch"
    ),
    # Fairness: the NYC Local Law 144 bias report and its settings.
    path("fairness/", views.bias_report, name="bias_report"),
    path("fairness/report.csv", views.bias_report_csv, name="bias_report_csv"),
    path("jobs/<uuid:job_id>/fairness/", views.job_bias_report, name="job_bias_report"),
    path(
        "jobs/<uuid:job_id>/fairness/report.csv",
        views.job_bias_report_csv,
        name="job_bias_report_csv",
    ),
    path("fairness/nyc/", views.ll144, name="ll144"),
    path("fairness/nyc/audits/", views.bias_audit_record, name="bias_audit_record"),
    path("fairness/nyc/publish/", views.fairness_publish, name="fairness_publish"),
    path("fairness/nyc/withdraw/", views.fairness_withdraw, name="fairness_withdraw"),
    path("jobs/<uuid:job_id>/fairness/nyc/", views.job_ll144_set, name="job_ll144_set"),
    # Candidates' requests about their data.
    *rights_patterns,
]
