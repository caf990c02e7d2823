"""Jobs, question sets, Team DNA Profiles and candidate invitations.

Versioning: a Team DNA Profile and a job's question set are both *numbered, immutable once
used* snapshots. A profile version is never changed after it is saved (scores name the
version they used); a question set is copied to a new number when it is edited after an
invitation was pinned to it, so a candidate's questions never change under them.
Competencies keep a stable `key` across profile versions; questions target those keys.
"""

from .accommodations import (
    EXTRA_TIME_CHOICES,
    Accommodation,
    AccommodationKind,
    AccommodationStatus,
)
from .answers import SUBMITTED_STATUSES, Answer, AnswerStatus, QuestionDraw
from .invitations import (
    OPEN_STATUSES,
    Consent,
    Invitation,
    InvitationBatch,
    InvitationStatus,
    InvitationToken,
)
from .jobs import (
    CHOICE_PURPOSE,
    KNOCKOUT_PURPOSE,
    AnswerKind,
    Job,
    JobStatus,
    Question,
    QuestionSet,
    QuestionType,
)
from .messages import (
    OUTCOME_KINDS,
    CandidateEmailKind,
    CandidateEmailTemplate,
    OutcomeEmail,
    OutcomeEmailStatus,
)
from .profiles import Competency, Profile, ProfileVersion
from .public_links import ExtensionRequest, ExtensionStatus, PublicLink, PublicRegistration
from .review import Decision, DecisionOutcome, LiveInterview, LiveInterviewStatus, ShareLink

__all__ = [
    "CHOICE_PURPOSE",
    "EXTRA_TIME_CHOICES",
    "KNOCKOUT_PURPOSE",
    "OPEN_STATUSES",
    "OUTCOME_KINDS",
    "SUBMITTED_STATUSES",
    "Accommodation",
    "AccommodationKind",
    "AccommodationStatus",
    "Answer",
    "AnswerKind",
    "AnswerStatus",
    "CandidateEmailKind",
    "CandidateEmailTemplate",
    "Competency",
    "Consent",
    "Decision",
    "DecisionOutcome",
    "ExtensionRequest",
    "ExtensionStatus",
    "Invitation",
    "InvitationBatch",
    "InvitationStatus",
    "InvitationToken",
    "Job",
    "JobStatus",
    "LiveInterview",
    "LiveInterviewStatus",
    "OutcomeEmail",
    "OutcomeEmailStatus",
    "Profile",
    "ProfileVersion",
    "PublicLink",
    "PublicRegistration",
    "Question",
    "QuestionDraw",
    "QuestionSet",
    "QuestionType",
    "ShareLink",
]
