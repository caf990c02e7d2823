"""Candidate pages: outside any organisation URL; the invitation comes from the session."""

from django.urls import path

from .views import apply, candidate, extensions, interview

answer = "interview/answers/<uuid:question_id>/"

urlpatterns = [
    # The emailed link: exchanged for a session, then redirected to a URL without the token.
    path("i/<str:token>/", candidate.link, name="candidate_link"),
    path("interview/", candidate.landing, name="candidate_landing"),
    path("interview/adjustments/", candidate.adjustments, name="candidate_adjustments"),
    path("interview/more-time/", extensions.more_time, name="candidate_more_time"),
    # A job's public link: register, then confirm with the emailed one-time link.
    path("apply/<uuid:link_id>/", apply.apply, name="public_apply"),
    path("apply/confirm/<str:token>/", apply.confirm, name="public_confirm"),
    path("interview/notice/", interview.notice, name="candidate_notice"),
    path("interview/check/", interview.check, name="candidate_check"),
    path("interview/questions/", interview.questions, name="candidate_questions"),
    path("interview/done/", interview.done, name="candidate_done"),
    # JSON for the recorder (the answer base is completed in JavaScript).
    path("interview/state/", interview.state, name="candidate_state"),
    path("interview/answers/", interview.state, name="candidate_answer_base"),
    path(answer + "think/", interview.think, name="candidate_think"),
    path(answer + "take/", interview.take, name="candidate_take"),
    path(answer + "upload/", interview.upload_start, name="candidate_upload"),
    path(answer + "parts/", interview.parts, name="candidate_parts"),
    path(answer + "complete/", interview.complete, name="candidate_complete"),
    path(answer + "text/", interview.written, name="candidate_written"),
    path(answer + "choice/", interview.choice, name="candidate_choice"),
    path("interview/finish/", interview.finish, name="candidate_finish"),
]
