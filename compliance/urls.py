from django.urls import path

from . import data_views, views
from .audit_trail import views as audit_views
from .rights.urls import organization_urlpatterns as rights_patterns

urlpatterns = [
    path("instructions/read/", views.instructions_read, name="instructions_read"),
    path(
        "team/members/<uuid:membership_id>/overseer/",
        views.overseer_switch,
        name="overseer_switch",
    ),
    path("oversight/", views.oversight, name="oversight"),
    # The audit log, for admins: the organisation's (filters, CSV) and a candidate's.
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/log.csv", audit_views.audit_log_csv, name="audit_log_csv"),
    path(
        "candidates/<uuid:invitation_id>/audit/",
        audit_views.candidate_audit,
        name="candidate_audit",
    ),
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
    # The organisation's data: retention, legal holds, documents, export, deletion.
    path("settings/data/", data_views.data_settings, name="data_settings"),
    path("settings/data/holds/", data_views.legal_hold_place, name="legal_hold_place"),
    path(
        "settings/data/holds/<uuid:hold_id>/release/",
        data_views.legal_hold_release,
        name="legal_hold_release",
    ),
    path(
        "settings/data/record-of-processing.md",
        data_views.record_of_processing,
        name="record_of_processing",
    ),
    path("settings/data/dpia.md", data_views.dpia, name="dpia"),
    path("settings/data/export/", data_views.organization_export, name="organization_export"),
    path(
        "settings/data/exports/<uuid:export_id>/",
        data_views.organization_export_download,
        name="organization_export_download",
    ),
    path("settings/delete/", data_views.organization_delete, name="organization_delete"),
]
