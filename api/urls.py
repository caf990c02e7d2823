"""The REST API, its schema and its documentation (assets served from here, no CDN)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .views import base, interviews, invitations, jobs

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("jobs/", jobs.JobListApi.as_view(), name="api_jobs"),
    path("jobs/<uuid:job_id>/", jobs.JobDetailApi.as_view(), name="api_job"),
    path(
        "jobs/<uuid:job_id>/question-sets/",
        jobs.QuestionSetListApi.as_view(),
        name="api_question_sets",
    ),
    path("profiles/", jobs.ProfileListApi.as_view(), name="api_profiles"),
    path("profiles/<uuid:profile_id>/", jobs.ProfileDetailApi.as_view(), name="api_profile"),
    path("invitations/", invitations.InvitationListApi.as_view(), name="api_invitations"),
    path("invitations/bulk/", invitations.InvitationBulkApi.as_view(), name="api_invitations_bulk"),
    path(
        "invitations/<uuid:invitation_id>/",
        invitations.InvitationDetailApi.as_view(),
        name="api_invitation",
    ),
    path(
        "invitations/<uuid:invitation_id>/resend/",
        invitations.InvitationResendApi.as_view(),
        name="api_invitation_resend",
    ),
    path(
        "invitations/<uuid:invitation_id>/extend/",
        invitations.InvitationExtendApi.as_view(),
        name="api_invitation_extend",
    ),
    path(
        "invitations/<uuid:invitation_id>/revoke/",
        invitations.InvitationRevokeApi.as_view(),
        name="api_invitation_revoke",
    ),
    path(
        "interviews/<uuid:interview_id>/",
        interviews.InterviewDetailApi.as_view(),
        name="api_interview",
    ),
    path(
        "interviews/<uuid:interview_id>/decisions/",
        interviews.DecisionListApi.as_view(),
        name="api_decisions",
    ),
    path(
        "answers/<uuid:answer_id>/media/",
        interviews.AnswerMediaApi.as_view(),
        name="api_answer_media",
    ),
    path("audit-events/", interviews.AuditEventListApi.as_view(), name="api_audit_events"),
    # Anything else under /api/v1/ ending in a slash (a malformed id included) is a
    # problem+json 404 too; without the slash, Django's APPEND_SLASH redirect applies first.
    re_path(r"^.*/$", base.not_found),
]
