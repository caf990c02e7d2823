"""Reviewer pages, included under /o/<slug:org>/."""

from django.urls import path

from .views import candidates, comments, jobs, live, notifications, outcomes, playback, sharing

urlpatterns = [
    # The job page: its funnel, invitations, AI status and oversight figures
    path("jobs/<uuid:job_id>/", jobs.job_detail, name="job_detail"),
    path("candidates/<uuid:invitation_id>/", candidates.candidate_detail, name="candidate_detail"),
    path("jobs/<uuid:job_id>/shortlist/", candidates.shortlist, name="shortlist"),
    path("jobs/<uuid:job_id>/decide/", candidates.decide_many, name="decide_many"),
    path("candidates/<uuid:invitation_id>/decide/", candidates.decide, name="decide"),
    # Comments on a candidate
    path(
        "candidates/<uuid:invitation_id>/comments/",
        comments.comment_post,
        name="comment_post",
    ),
    path("comments/<uuid:comment_id>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<uuid:comment_id>/delete/", comments.comment_delete, name="comment_delete"),
    # Notifications and following jobs
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/<uuid:notification_id>/",
        notifications.notification_open,
        name="notification_open",
    ),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("jobs/<uuid:job_id>/follow/", notifications.job_follow, name="job_follow"),
    path(
        "outcome-emails/<uuid:outcome_email_id>/withdraw/",
        outcomes.outcome_email_withdraw_view,
        name="outcome_email_withdraw",
    ),
    path("scores/<uuid:score_id>/override/", candidates.score_override, name="score_override"),
    path("answers/<uuid:answer_id>/rate/", candidates.rate, name="rate"),
    path(
        "answers/<uuid:answer_id>/transcript/",
        candidates.transcript_correct,
        name="transcript_correct",
    ),
    path("answers/<uuid:answer_id>/captions.vtt", playback.captions, name="answer_captions"),
    path("answers/<uuid:answer_id>/file/", playback.answer_file, name="answer_file"),
    path("jobs/<uuid:job_id>/rescore/", candidates.rescore_start, name="rescore_start"),
    path(
        "jobs/<uuid:job_id>/rescore/<uuid:run_id>/",
        candidates.rescore_progress,
        name="rescore_progress",
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
