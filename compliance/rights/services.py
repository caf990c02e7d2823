"""Writes for candidates' rights: links, requests, and staff answers to them, in
`links`, `requests` and `queue` (their rules, without side effects, in `rules`); this
module names them all in one place.

Every request and every step is audited with ids and short reasons only."""

from .links import (
    LINK_TTL,
    LINKS_PER_ADDRESS_PER_HOUR,
    LinkInvalid,
    rights_link_ask,
    rights_link_request,
    rights_link_use,
)
from .queue import (
    REMIND_DAYS_BEFORE,
    contest_assign,
    contest_resolve,
    erasure_retry,
    rights_requests_remind_due,
)
from .requests import (
    access_request,
    ai_assessment_withdraw,
    contest_request,
    erasure_request,
    explanation_request,
    explanation_viewed,
)
from .rules import ERASURE_DAYS, RIGHTS, add_month, due_date, ineligible_reviewers, same_address

__all__ = [
    "ERASURE_DAYS",
    "LINKS_PER_ADDRESS_PER_HOUR",
    "LINK_TTL",
    "REMIND_DAYS_BEFORE",
    "RIGHTS",
    "LinkInvalid",
    "access_request",
    "add_month",
    "ai_assessment_withdraw",
    "contest_assign",
    "contest_request",
    "contest_resolve",
    "due_date",
    "erasure_request",
    "erasure_retry",
    "explanation_request",
    "explanation_viewed",
    "ineligible_reviewers",
    "rights_link_ask",
    "rights_link_request",
    "rights_link_use",
    "rights_requests_remind_due",
    "same_address",
]
