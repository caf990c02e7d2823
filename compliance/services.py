"""Compliance's writes, named in one place: AI governance and the stop switches
(`governance`), NYC Local Law 144's rule (`ll144`) and its records and publications
(`publishing`), voluntary self-identification (`self_identification`) and overseers
(`overseers`)."""

from .business_days import add_business_days, business_days_between
from .governance import (
    ai_scoring_block,
    ai_scoring_set,
    governance_get,
    job_ai_scoring_set,
    readiness_record,
    resume_waiting_everywhere,
)
from .ll144 import NOTICE_BUSINESS_DAYS
from .overseers import instructions_acknowledge, overseer_set
from .publishing import (
    bias_audit_record,
    bias_report_exported,
    fairness_summary_publish,
    fairness_summary_withdraw,
    job_ll144_set,
)
from .self_identification import self_identification_record

__all__ = [
    "NOTICE_BUSINESS_DAYS",
    "add_business_days",
    "ai_scoring_block",
    "ai_scoring_set",
    "bias_audit_record",
    "bias_report_exported",
    "business_days_between",
    "fairness_summary_publish",
    "fairness_summary_withdraw",
    "governance_get",
    "instructions_acknowledge",
    "job_ai_scoring_set",
    "job_ll144_set",
    "overseer_set",
    "readiness_record",
    "resume_waiting_everywhere",
    "self_identification_record",
]
