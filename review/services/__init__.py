"""Writes of the review: people's ratings, overrides, decisions, share links, live interviews."""

from .corrections import transcript_correct
from .decisions import decision_record
from .live import live_interview_cancel, live_interview_email, live_interview_schedule
from .outcomes import (
    outcome_email_send,
    outcome_email_withdraw,
    outcome_emails_send_due,
)
from .scores import candidate_viewed, rating_record, score_override
from .sharing import (
    NewShareLink,
    ShareLinkClosed,
    share_link_create,
    share_link_from_token,
    share_link_revoke,
    share_link_viewed,
)

__all__ = [
    "NewShareLink",
    "ShareLinkClosed",
    "candidate_viewed",
    "decision_record",
    "live_interview_cancel",
    "live_interview_email",
    "live_interview_schedule",
    "outcome_email_send",
    "outcome_email_withdraw",
    "outcome_emails_send_due",
    "rating_record",
    "score_override",
    "share_link_create",
    "share_link_from_token",
    "share_link_revoke",
    "share_link_viewed",
    "transcript_correct",
]
