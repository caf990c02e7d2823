"""What compliance keeps: AI governance, fairness data, data lifecycle and candidates' rights.

The audit log these records are checked against lives in the core layer
(`palantrix.models.AuditEvent`, written through `palantrix.audit`).
"""

from .fairness import (
    AiGovernance,
    BiasAudit,
    FairnessPublication,
    JobCompliance,
    RaceEthnicity,
    SelfIdentification,
    Sex,
)
from .lifecycle import (
    CandidateTombstone,
    DataExport,
    DataPolicy,
    LegalHold,
    OrganizationDeletion,
    PurgeReason,
)
from .rights import (
    OPEN_REQUEST_STATUSES,
    ContestOutcome,
    RightsLink,
    RightsLinkAsk,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)

__all__ = [
    "OPEN_REQUEST_STATUSES",
    "AiGovernance",
    "BiasAudit",
    "CandidateTombstone",
    "ContestOutcome",
    "DataExport",
    "DataPolicy",
    "FairnessPublication",
    "JobCompliance",
    "LegalHold",
    "OrganizationDeletion",
    "PurgeReason",
    "RaceEthnicity",
    "RightsLink",
    "RightsLinkAsk",
    "RightsRequest",
    "RightsRequestKind",
    "RightsRequestStatus",
    "SelfIdentification",
    "Sex",
]
