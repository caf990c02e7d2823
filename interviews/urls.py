"""Staff pages of the recruiter workspace, included under /o/<slug:org>/."""

from django.urls import path

from .views import invitations, jobs, live, profiles, questions, sharing

urlpatterns = [
    # Jobs
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/new/", jobs.job_create, name="job_create"),
    path("jobs/<uuid:job_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<uuid:job_id>/edit/", jobs.job_edit, name="job_edit"),
    path("jobs/<uuid:job_id>/status/", jobs.job_status, name="job_status"),
    # The job's question set
    path("jobs/<uuid:job_id>/questions/", questions.question_set_edit, name="question_set_edit"),
    path("jobs/<uuid:job_id>/questions/intro/", questions.intro_save, name="question_set_intro"),
    path("jobs/<uuid:job_id>/questions/add/", questions.question_add, name="question_add"),
    path(
        "jobs/<uuid:job_id>/questions/library/",
        questions.library_add,
        name="question_library_add",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/",
        questions.question_edit,
        name="question_edit",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/delete/",
        questions.question_delete,
        name="question_delete",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/move/",
        questions.question_move,
        name="question_move",
    ),
    # Team DNA Profiles
    path("profiles/", profiles.profile_list, name="profile_list"),
    path("profiles/new/", profiles.profile_create, name="profile_create"),
    path("profiles/<uuid:profile_id>/", profiles.profile_detail, name="profile_detail"),
    path("profiles/<uuid:profile_id>/edit/", profiles.profile_edit, name="profile_edit"),
    # Invitations
    path("jobs/<uuid:job_id>/invite/", invitations.invite_one, name="invitation_create"),
    path("jobs/<uuid:job_id>/import/", invitations.import_upload, name="invitation_import"),
    path(
        "jobs/<uuid:job_id>/import/<uuid:batch_id>/",
        invitations.import_preview,
        name="invitation_import_preview",
    ),
    path(
        "jobs/<uuid:job_id>/import/<uuid:batch_id>/progress/",
        invitations.import_progress,
        name="invitation_import_progress",
    ),
    path(
        "invitations/<uuid:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/<uuid:invitation_id>/extend/",
        invitations.invitation_extend,
        name="invitation_extend",
    ),
    path(
        "invitations/<uuid:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    # Share links: one candidate, read-only, for someone without an account
    path(
        "candidates/<uuid:invitation_id>/share/",
        sharing.share_link_create,
        name="share_link_create",
    ),
    path(
        "share-links/<uuid:share_link_id>/revoke/",
        sharing.share_link_revoke,
        name="share_link_revoke",
    ),
    # After an advance: the brief and the live interview
    path("candidates/<uuid:invitation_id>/brief/", live.live_brief, name="live_brief"),
    path(
        "candidates/<uuid:invitation_id>/brief/print/",
        live.live_brief_print,
        name="live_brief_print",
    ),
    path(
        "candidates/<uuid:invitation_id>/live-interview/",
        live.live_interview_schedule,
        name="live_interview_schedule",
    ),
    path(
        "live-interviews/<uuid:live_interview_id>/cancel/",
        live.live_interview_cancel,
        name="live_interview_cancel",
    ),
]
